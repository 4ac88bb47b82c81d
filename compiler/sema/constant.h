// Folding of constant conditions, for lints that spot rules which can never hold.
#pragma once

#include <functional>
#include <optional>

#include "ast/ast.h"

namespace slac {

/// The numbers a value can take, both bounds included.
struct Interval {
  double low = 0;
  double high = 0;
};

/// The interval of the number a name stands for, when a lint knows it (the values a score
/// can reach); nothing for any other expression.
using IntervalOf = std::function<std::optional<Interval>(const ast::Expr&)>;

/// The value of a condition made only of literals, `not`, `and`, `or` and comparisons of
/// numbers; nothing when it depends on the lead. With `interval_of`, a comparison is also
/// decided when the intervals of its sides do not overlap (`fit > 50` where `fit` is at most
/// 30).
std::optional<bool> ConstantBool(const ast::Expr& expr, const IntervalOf& interval_of = nullptr);

}  // namespace slac
