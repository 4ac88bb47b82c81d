// Expressions in canonical spelling: one space around binary operators, `{a, b}` for
// sets, `f(x)` for calls, literals as written, and the fewest parentheses that keep the
// tree the parser builds. Internal to the formatter.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "format/source_text.h"

namespace slac::format_internal {

class ExprPrinter {
 public:
  explicit ExprPrinter(const SourceText& text) : text_(text) {}

  std::string Print(const ast::Expr& expr) const;
  std::string Pattern(const ast::EventPattern& pattern) const;

  /// The operands of the top-level `and` or `or` chain of `expr`, each already printed
  /// with the operator in front of all but the first (`and x`), for breaking a long
  /// expression over lines. A single entry when `expr` is not such a chain.
  std::vector<std::string> ChainPieces(const ast::Expr& expr) const;

  /// One operand of a top-level `and` or `or` chain: printed with the operator in front of
  /// all but the first, and, when it needs no parentheses, the operand itself, whose own
  /// chain may be broken in turn.
  struct ChainPiece {
    std::string text;
    std::string spelled_op;  // "and", "or", or empty for the first
    const ast::Expr* operand = nullptr;
    bool parenthesised = false;
  };
  std::vector<ChainPiece> Chain(const ast::Expr& expr) const;

 private:
  std::string Operand(const ast::Expr& expr, bool parenthesise) const;
  std::string List(const std::vector<ast::ExprPtr>& items) const;

  const SourceText& text_;
};

/// `std.holidays.us` as written.
std::string Joined(const ast::QualifiedName& name);

}  // namespace slac::format_internal
