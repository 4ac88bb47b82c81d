// Folding of constant conditions, for lints that spot rules which can never hold.
#pragma once

#include <optional>

#include "ast/ast.h"

namespace slac {

/// The value of a condition made only of literals, `not`, `and`, `or` and comparisons of
/// numbers; nothing when it depends on the lead.
std::optional<bool> ConstantBool(const ast::Expr& expr);

}  // namespace slac
