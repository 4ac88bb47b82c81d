#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/render.h"

namespace slac {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kGreen = "\x1b[1;32m";
constexpr std::string_view kReset = "\x1b[0m";

std::string_view SeverityColor(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kYellow;
    case Severity::kNote:
      return kCyan;
  }
  return kRed;
}

// Byte length of the UTF-8 sequence that starts with `lead`; invalid bytes count as one.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) {
    return 1;
  }
  if ((lead >> 5) == 0x6) {
    return 2;
  }
  if ((lead >> 4) == 0xE) {
    return 3;
  }
  if ((lead >> 3) == 0x1E) {
    return 4;
  }
  return 1;
}

// The text to print under `line` so that the caret lands under column `begin` and the
// underline spans to column `end` (exclusive). Tabs before the caret are copied so the
// caret lines up whatever the terminal's tab width.
std::string Underline(std::string_view line, uint32_t begin, uint32_t end) {
  std::string marks;
  uint32_t column = 1;
  size_t byte = 0;
  while (column < begin && byte < line.size()) {
    marks.push_back(line[byte] == '\t' ? '\t' : ' ');
    byte += Utf8Length(static_cast<unsigned char>(line[byte]));
    ++column;
  }
  // A range that starts past the end of the line (the end of the file) still gets a caret.
  marks.append(begin > column ? begin - column : 0, ' ');
  marks.push_back('^');
  uint32_t width = end > begin ? end - begin : 1;
  marks.append(width - 1, '~');
  return marks;
}

// The line as it is safe to print: control characters and bytes that are not UTF-8 become
// U+FFFD, one per column, so the caret computed from the original line still lines up.
std::string DisplayLine(std::string_view line) {
  std::string shown;
  size_t byte = 0;
  while (byte < line.size()) {
    auto lead = static_cast<unsigned char>(line[byte]);
    size_t length = Utf8Length(lead);
    bool control = (lead < 0x20 && lead != '\t') || lead == 0x7F;
    bool truncated = byte + length > line.size();
    bool invalid = (lead >= 0x80 && length == 1) || truncated;
    for (size_t k = 1; !invalid && k < length; ++k) {
      invalid = (static_cast<unsigned char>(line[byte + k]) & 0xC0) != 0x80;
    }
    if (control || invalid) {
      shown += "\xEF\xBF\xBD";
      byte += invalid ? 1 : length;
      continue;
    }
    shown.append(line.substr(byte, length));
    byte += length;
  }
  return shown;
}

// Lines longer than this are shown as an excerpt around the caret.
constexpr uint32_t kMaxShownColumns = 160;

// The byte offset of each code point of a line, then the line's end. Diagnostics come
// sorted, so the offsets of one line serve every diagnostic on it: a minified policy on a
// single line of megabytes costs one pass, not one per diagnostic.
class LineOffsets {
 public:
  const std::vector<size_t>& Of(std::string_view line) {
    if (line.data() != line_.data() || line.size() != line_.size()) {
      line_ = line;
      offsets_.clear();
      for (size_t byte = 0; byte < line.size();
           byte += Utf8Length(static_cast<unsigned char>(line[byte]))) {
        offsets_.push_back(byte);
      }
      offsets_.push_back(line.size());
    }
    return offsets_;
  }

 private:
  std::string_view line_;
  std::vector<size_t> offsets_;
};

// Cuts `line` to at most kMaxShownColumns code points around columns [begin, end), with
// `...` where text was left out, and moves the columns to match the excerpt. `offsets`
// are the line's code point offsets.
std::string Excerpt(std::string_view line, const std::vector<size_t>& offsets, uint32_t& begin,
                    uint32_t& end) {
  auto columns = static_cast<uint32_t>(offsets.size() - 1);
  if (columns <= kMaxShownColumns) {
    return DisplayLine(line);
  }
  uint32_t first = begin > 60 ? begin - 60 : 1;
  uint32_t last = std::min(columns + 1, first + kMaxShownColumns);
  std::string shown = first > 1 ? "..." : "";
  size_t from = offsets[std::min(first - 1, columns)];
  size_t to = offsets[std::min(last - 1, columns)];
  shown += DisplayLine(line.substr(from, to - from));
  if (last <= columns) {
    shown += "...";
  }
  uint32_t shift = first - 1 - (first > 1 ? 3 : 0);
  begin -= shift;
  end = std::min(end, last) - shift;
  return shown;
}

std::string Location(const SourceManager& sources, const SourceRange& range) {
  return fmt::format("{}:{}:{}", sources.Get(range.file).path(), range.begin.line,
                     range.begin.column);
}

}  // namespace

void RenderText(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                const TextRenderOptions& options, std::ostream& out) {
  auto paint = [&](std::string_view color, std::string_view text) {
    return options.color ? fmt::format("{}{}{}", color, text, kReset) : std::string(text);
  };

  LineOffsets offsets;
  for (const Diagnostic& diagnostic : diagnostics) {
    const DiagInfo& info = InfoFor(diagnostic.code);
    std::string where = diagnostic.range ? Location(sources, *diagnostic.range) + ": " : "";
    std::string label = fmt::format("{}[{}]", SeverityName(diagnostic.severity), info.id);
    out << paint(kBold, where) << paint(SeverityColor(diagnostic.severity), label) << ": "
        << paint(kBold, diagnostic.message) << '\n';

    // The source line and the caret range, when the range is on a line we have.
    if (diagnostic.range) {
      const SourceRange& range = *diagnostic.range;
      const SourceFile& file = sources.Get(range.file);
      std::string_view line = file.Line(range.begin.line);
      std::string number = std::to_string(range.begin.line);
      std::string gutter(number.size(), ' ');
      uint32_t end = range.end.line == range.begin.line ? range.end.column : UINT32_MAX;
      const std::vector<size_t>& line_offsets = offsets.Of(line);
      if (end == UINT32_MAX) {
        // A range over several lines is underlined to the end of its first line.
        auto column = static_cast<uint32_t>(line_offsets.size());
        end = std::max(column, range.begin.column + 1);
      }
      uint32_t begin = range.begin.column;
      std::string shown = Excerpt(line, line_offsets, begin, end);
      out << ' ' << number << " | " << shown << '\n';
      out << ' ' << gutter << " | " << paint(kGreen, Underline(shown, begin, end)) << '\n';
    }

    for (const std::string& help : diagnostic.help) {
      out << "  = " << paint(kBold, "help") << ": " << help << '\n';
    }
    for (const DiagNote& note : diagnostic.notes) {
      if (note.range) {
        out << Location(sources, *note.range) << ": " << paint(kCyan, "note") << ": "
            << note.message << '\n';
      } else {
        out << "  = " << paint(kBold, "note") << ": " << note.message << '\n';
      }
    }
  }
}

}  // namespace slac
