// The formatter's output model: a sequence of units (a line, or a few lines printed as
// one), each anchored to the source range it came from, into which comments are placed.
//
// Declaration printers decide what each unit says; the layout decides where comments and
// blank lines go. An own-line comment is printed before the unit that follows it (or that
// contains it), a trailing comment at the end of the unit it follows on its line. Blank
// lines are kept where the author left one (several count as one), never right after an
// opening brace or right before a closing one. Internal to the formatter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "format/source_text.h"

namespace slac::format_internal {

/// Columns a formatted line should not go past; longer forms are broken where they can be.
inline constexpr size_t kLineWidth = 100;

/// Spaces per block level.
inline constexpr size_t kIndentWidth = 2;

struct Unit {
  /// Block level of the first line.
  size_t indent = 0;
  /// The text, one entry per output line, each relative to `indent`.
  std::vector<std::string> lines;
  /// The source the unit stands for. An opening line is anchored at the start of its
  /// construct with an empty range, so that comments inside the block go to its items.
  SourcePosition begin;
  SourcePosition end;
  /// The first item of a block: no blank line before it.
  bool first_in_block = false;
  /// A closing brace: no blank line before it, and comments before it are indented like
  /// the items of its block.
  bool closer = false;
  /// A blank line before the unit (and its comments) whatever the source said.
  bool blank_before = false;
};

class Layout {
 public:
  Layout(const SourceText& text, const std::vector<ast::Comment>& comments)
      : text_(text), comments_(comments) {}

  void Add(Unit unit) { units_.push_back(std::move(unit)); }

  /// The formatted file, ending in exactly one newline.
  std::string Render() const;

 private:
  const SourceText& text_;
  const std::vector<ast::Comment>& comments_;
  std::vector<Unit> units_;
};

/// `level` block levels of indentation.
std::string Indent(size_t level);

}  // namespace slac::format_internal
