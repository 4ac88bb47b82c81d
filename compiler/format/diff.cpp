// A line-based unified diff, for `slac fmt --diff`: the longest common subsequence of the
// two texts' lines, printed as hunks with three lines of context.
#include <algorithm>
#include <string>
#include <vector>

#include "format/format.h"

namespace slac::format {
namespace {

// Lines of context around each change, as `diff -u` prints by default.
constexpr size_t kContext = 3;

// Above this many line pairs the table of common subsequences would be too large; the
// diff then replaces the whole file in one hunk, which is still correct.
constexpr size_t kMaxTable = 16'000'000;

// A last line without a line end carries diff's marker, so that it differs from the same
// line with one and prints as diff prints it.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(std::string(text) + "\n\\ No newline at end of file");
      break;
    }
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

enum class Op { kKeep, kRemove, kAdd };

struct Edit {
  Op op;
  std::string_view line;
};

std::vector<Edit> Edits(const std::vector<std::string>& before,
                        const std::vector<std::string>& after) {
  size_t rows = before.size();
  size_t columns = after.size();
  std::vector<Edit> edits;
  if ((rows + 1) * (columns + 1) > kMaxTable) {
    for (const std::string& line : before) {
      edits.push_back({Op::kRemove, line});
    }
    for (const std::string& line : after) {
      edits.push_back({Op::kAdd, line});
    }
    return edits;
  }
  // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  std::vector<uint32_t> common((rows + 1) * (columns + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return common[i * (columns + 1) + j]; };
  for (size_t i = rows; i-- > 0;) {
    for (size_t j = columns; j-- > 0;) {
      at(i, j) =
          before[i] == after[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  size_t i = 0;
  size_t j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && before[i] == after[j]) {
      edits.push_back({Op::kKeep, before[i++]});
      ++j;
    } else if (j < columns && (i == rows || at(i, j + 1) > at(i + 1, j))) {
      edits.push_back({Op::kAdd, after[j++]});
    } else {
      edits.push_back({Op::kRemove, before[i++]});
    }
  }
  return edits;
}

// `-3,4` or `+0,0`: the first line of a hunk's side and its length; an empty side names
// the line before it, as diff does.
std::string Side(char sign, size_t first, size_t count) {
  size_t shown = count == 0 ? first : first + 1;
  return sign + std::to_string(shown) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& path) {
  if (before == after) {
    return "";
  }
  std::vector<std::string> old_lines = Lines(before);
  std::vector<std::string> new_lines = Lines(after);
  std::vector<Edit> edits = Edits(old_lines, new_lines);

  std::string text = "--- " + path + "\n+++ " + path + "\n";
  size_t index = 0;
  size_t old_line = 0;  // lines of each side before edits[index]
  size_t new_line = 0;
  while (index < edits.size()) {
    // Skip to the next change, then open a hunk with up to three lines of context.
    size_t change = index;
    while (change < edits.size() && edits[change].op == Op::kKeep) {
      ++change;
    }
    if (change == edits.size()) {
      break;
    }
    size_t start = change - std::min(kContext, change - index);
    old_line += start - index;
    new_line += start - index;

    // Extend the hunk while the next change is close enough for contexts to touch.
    size_t end = change;
    while (end < edits.size()) {
      if (edits[end].op != Op::kKeep) {
        ++end;
        continue;
      }
      size_t run = end;
      while (run < edits.size() && edits[run].op == Op::kKeep) {
        ++run;
      }
      if (run == edits.size() || run - end > 2 * kContext) {
        end = std::min(run, end + kContext);
        break;
      }
      end = run;
    }

    size_t old_count = 0;
    size_t new_count = 0;
    std::string body;
    for (size_t at = start; at < end; ++at) {
      const Edit& edit = edits[at];
      char sign = edit.op == Op::kKeep ? ' ' : edit.op == Op::kRemove ? '-' : '+';
      body += sign;
      body += edit.line;
      body += '\n';
      old_count += edit.op != Op::kAdd;
      new_count += edit.op != Op::kRemove;
    }
    text += "@@ " + Side('-', old_line, old_count) + " " + Side('+', new_line, new_count) +
            " @@\n" + body;
    old_line += old_count;
    new_line += new_count;
    index = end;
  }
  return text;
}

}  // namespace slac::format
