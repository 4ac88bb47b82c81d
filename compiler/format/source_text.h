// Read access to the text a policy was parsed from, by source position.
//
// The AST keeps decoded values; where the canonical layout prints a literal exactly as the
// author wrote it (`0..100`, `+30`, `1.50`, a quoted string with its escapes) the formatter
// takes the text back from the buffer by range. Internal to the formatter.
#pragma once

#include <string>
#include <string_view>

#include "diagnostics/source.h"

namespace slac::format_internal {

class SourceText {
 public:
  explicit SourceText(const SourceFile& file) : file_(file) {}

  /// The text of `range`, as written.
  std::string_view Slice(const SourceRange& range) const;

  /// The text of a literal: the slice without surrounding whitespace and without the
  /// parentheses the builder folds into a parenthesised expression's range.
  std::string Literal(const SourceRange& range) const;

  /// The slice with every whitespace character removed, for forms such as `0..100`, `+ 30`
  /// or `09:00 - 18:00` whose canonical spelling has no spaces inside.
  std::string Compact(const SourceRange& range) const;

  /// Whether some line strictly between `after` and `before` holds only whitespace.
  bool BlankLineBetween(uint32_t after, uint32_t before) const;

  /// Whether only whitespace precedes `position` on its line.
  bool StartsLine(const SourcePosition& position) const;

 private:
  size_t Offset(const SourcePosition& position) const;

  const SourceFile& file_;
};

}  // namespace slac::format_internal
