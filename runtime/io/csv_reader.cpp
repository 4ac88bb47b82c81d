// CSV rows with libcsv. The input is fed one line at a time so that every row knows the
// line it starts on, and a malformed row is reported and skipped without losing the rows
// around it.
#include <csv.h>
#include <fmt/format.h>

#include <deque>

#include "slac/csv_input.h"

namespace slac::runtime {
namespace {

// libcsv's parser state before any byte of a row (ROW_NOT_BEGUN in libcsv.c).
constexpr int kRowNotBegun = 0;
constexpr unsigned char kOptions = CSV_STRICT | CSV_STRICT_FINI;

}  // namespace

struct CsvReader::State {
  csv_parser parser{};
  int64_t line = 0;
  int64_t row_line = 0;
  // The last line read had no line break after it.
  bool unterminated = false;
  CsvRow current;
  std::deque<CsvRow> ready;
  bool at_end = false;

  static void OnCell(void* cell, size_t size, void* data) {
    auto* state = static_cast<State*>(data);
    state->current.cells.emplace_back(static_cast<const char*>(cell), size);
  }
  static void OnRowEnd(int /*terminator*/, void* data) {
    auto* state = static_cast<State*>(data);
    state->current.line = state->row_line;
    state->ready.push_back(std::move(state->current));
    state->current = CsvRow{};
  }
};

CsvReader::CsvReader(std::istream& in) : in_(in), state_(std::make_unique<State>()) {
  csv_init(&state_->parser, kOptions);
}

CsvReader::~CsvReader() { csv_free(&state_->parser); }

bool CsvReader::FeedLine() {
  State& state = *state_;
  std::string line;
  if (!std::getline(in_, line)) {
    stream_failed_ = in_.bad();
    size_t complete = state.ready.size();
    int finished = csv_fini(&state.parser, State::OnCell, State::OnRowEnd, &state);
    if (state.unterminated && state.ready.size() > complete) {
      state.ready.back().unterminated = true;
    }
    if (finished != 0) {
      CsvRow row;
      row.line = state.row_line;
      row.error =
          fmt::format("the file ends inside a quoted cell that starts on line {}", state.row_line);
      state.ready.push_back(std::move(row));
      state.current = CsvRow{};
    }
    state.at_end = true;
    return false;
  }
  ++state.line;
  if (state.line == 1 && line.starts_with("\xEF\xBB\xBF")) {
    line.erase(0, 3);
  }
  if (state.parser.pstate == kRowNotBegun && state.current.cells.empty()) {
    state.row_line = state.line;
  }
  state.unterminated = in_.eof();
  if (!state.unterminated) {
    line += '\n';
  }
  size_t parsed =
      csv_parse(&state.parser, line.data(), line.size(), State::OnCell, State::OnRowEnd, &state);
  if (parsed != line.size()) {
    // Strict mode stops at a quote inside an unquoted cell, or text after a closing quote.
    // The row is reported, and reading starts afresh on the next line.
    CsvRow row;
    row.line = state.row_line;
    row.error = fmt::format("malformed quoting on line {}: {}", state.line,
                            csv_strerror(csv_error(&state.parser)));
    state.ready.push_back(std::move(row));
    state.current = CsvRow{};
    csv_free(&state.parser);
    csv_init(&state.parser, kOptions);
  }
  return true;
}

bool CsvReader::Read(size_t max_rows, std::vector<CsvRow>& rows) {
  State& state = *state_;
  size_t added = 0;
  while (added < max_rows) {
    if (!state.ready.empty()) {
      rows.push_back(std::move(state.ready.front()));
      state.ready.pop_front();
      ++added;
      continue;
    }
    if (state.at_end || !FeedLine()) {
      if (state.ready.empty()) {
        break;
      }
    }
  }
  return added > 0;
}

}  // namespace slac::runtime
