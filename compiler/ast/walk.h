// Visiting every expression of a file, for checks that look at one kind of node wherever
// it appears (regular expressions, names, windows). Recursion depth is bounded by the
// parser's nesting limit.
#pragma once

#include <functional>

#include "ast/ast.h"

namespace slac::ast {

using ExprVisitor = std::function<void(const Expr&)>;

/// Calls `visit` on `expr` and each expression below it, parents before children.
void WalkExpr(const Expr& expr, const ExprVisitor& visit);

/// Calls `visit` on every expression of every declaration of `file`.
void WalkFile(const PolicyFile& file, const ExprVisitor& visit);

}  // namespace slac::ast
