#include "format/layout.h"

#include <algorithm>

namespace slac::format_internal {
namespace {

// Comments that go with one unit.
struct Attached {
  std::vector<size_t> leading;
  std::vector<size_t> trailing;
};

// Lines of output under construction, with the source line each was last taken from so
// that blank lines of the source can be carried over.
class Output {
 public:
  explicit Output(const SourceText& text) : text_(text) {}

  // Adds a blank line when asked to, or when the source had one between the last thing
  // printed and `source_line`; never at the start of the file.
  void Separate(uint32_t source_line, bool allowed, bool forced) {
    if (lines_.empty() || !allowed) {
      return;
    }
    if (forced || text_.BlankLineBetween(last_line_, source_line)) {
      lines_.emplace_back();
    }
  }

  void Add(std::string line, uint32_t source_line) {
    lines_.push_back(std::move(line));
    last_line_ = std::max(last_line_, source_line);
  }

  void AppendToLast(const std::string& text) { lines_.back() += text; }

  std::string Text() const {
    std::string text;
    for (const std::string& line : lines_) {
      text += line;
      text += '\n';
    }
    return text;
  }

 private:
  const SourceText& text_;
  std::vector<std::string> lines_;
  uint32_t last_line_ = 0;
};

}  // namespace

std::string Indent(size_t level) { return std::string(level * kIndentWidth, ' '); }

std::string Layout::Render() const {
  // Attach each comment to a unit. Units are in source order and do not overlap.
  std::vector<Attached> attached(units_.size());
  std::vector<size_t> at_end;
  for (size_t index = 0; index < comments_.size(); ++index) {
    const SourcePosition& position = comments_[index].range.begin;
    auto after = std::upper_bound(
        units_.begin(), units_.end(), position,
        [](const SourcePosition& at, const Unit& unit) { return at < unit.begin; });
    size_t next = static_cast<size_t>(after - units_.begin());
    if (!text_.StartsLine(position) && next > 0) {
      attached[next - 1].trailing.push_back(index);
      continue;
    }
    // An own-line comment inside a unit's range (within a long expression) goes before it.
    if (next > 0 && position < units_[next - 1].end) {
      --next;
    }
    if (next < units_.size()) {
      attached[next].leading.push_back(index);
    } else {
      at_end.push_back(index);
    }
  }

  Output output(text_);
  for (size_t index = 0; index < units_.size(); ++index) {
    const Unit& unit = units_[index];
    Attached& comments = attached[index];
    bool allowed = !unit.first_in_block;
    bool forced = unit.blank_before;

    // Several trailing comments on one unit (a long expression written over lines): the
    // last stays trailing, the others go before the unit.
    std::vector<size_t> before = comments.leading;
    if (comments.trailing.size() > 1) {
      before.insert(before.end(), comments.trailing.begin(), comments.trailing.end() - 1);
    }
    size_t comment_indent = unit.closer ? unit.indent + 1 : unit.indent;
    for (size_t comment : before) {
      const ast::Comment& text = comments_[comment];
      output.Separate(text.range.begin.line, allowed, forced);
      output.Add(Indent(comment_indent) + text.text, text.range.begin.line);
      allowed = true;
      forced = false;
    }

    output.Separate(unit.begin.line, allowed && !unit.closer, forced);
    for (const std::string& line : unit.lines) {
      output.Add(line.empty() ? std::string() : Indent(unit.indent) + line, unit.end.line);
    }
    if (!comments.trailing.empty()) {
      output.AppendToLast("  " + comments_[comments.trailing.back()].text);
    }
  }
  for (size_t comment : at_end) {
    const ast::Comment& text = comments_[comment];
    output.Separate(text.range.begin.line, true, false);
    output.Add(text.text, text.range.begin.line);
  }
  return output.Text();
}

}  // namespace slac::format_internal
