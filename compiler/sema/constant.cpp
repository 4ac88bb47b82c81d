#include "sema/constant.h"

namespace slac {
namespace {

// The numbers an operand of a comparison can take: one for a literal, those `interval_of`
// knows for a name.
std::optional<Interval> NumberRange(const ast::Expr& expr, const IntervalOf& interval_of) {
  if (expr.kind == ast::ExprKind::kInt) {
    auto value = static_cast<double>(ast::As<ast::IntLiteral>(expr).value);
    return Interval{value, value};
  }
  if (expr.kind == ast::ExprKind::kNumber) {
    double value = ast::As<ast::NumberLiteral>(expr).value;
    return Interval{value, value};
  }
  if (interval_of) {
    return interval_of(expr);
  }
  return std::nullopt;
}

// Whether `lhs < rhs` (or `<=` when `or_equal`) holds for every pair of values, for none,
// or for some only.
std::optional<bool> Less(const Interval& lhs, const Interval& rhs, bool or_equal) {
  if (or_equal ? lhs.high <= rhs.low : lhs.high < rhs.low) {
    return true;
  }
  if (or_equal ? lhs.low > rhs.high : lhs.low >= rhs.high) {
    return false;
  }
  return std::nullopt;
}

std::optional<bool> Equal(const Interval& lhs, const Interval& rhs) {
  if (lhs.high < rhs.low || rhs.high < lhs.low) {
    return false;
  }
  if (lhs.low == lhs.high && rhs.low == rhs.high) {
    return true;  // the intervals overlap, so the two single values are the same
  }
  return std::nullopt;
}

std::optional<bool> Not(std::optional<bool> value) {
  return value ? std::optional<bool>(!*value) : std::nullopt;
}

}  // namespace

std::optional<bool> ConstantBool(const ast::Expr& expr, const IntervalOf& interval_of) {
  if (expr.kind == ast::ExprKind::kBool) {
    return ast::As<ast::BoolLiteral>(expr).value;
  }
  if (expr.kind == ast::ExprKind::kUnary) {
    const auto& unary = ast::As<ast::UnaryExpr>(expr);
    if (unary.op != ast::UnaryOp::kNot) {
      return std::nullopt;
    }
    return Not(ConstantBool(*unary.operand, interval_of));
  }
  if (expr.kind != ast::ExprKind::kBinary) {
    return std::nullopt;
  }

  const auto& binary = ast::As<ast::BinaryExpr>(expr);
  if (binary.op == ast::BinaryOp::kAnd || binary.op == ast::BinaryOp::kOr) {
    std::optional<bool> lhs = ConstantBool(*binary.lhs, interval_of);
    std::optional<bool> rhs = ConstantBool(*binary.rhs, interval_of);
    bool is_and = binary.op == ast::BinaryOp::kAnd;
    // One false side decides `and`, one true side decides `or`.
    if ((lhs && *lhs != is_and) || (rhs && *rhs != is_and)) {
      return !is_and;
    }
    if (lhs && rhs) {
      return is_and;
    }
    return std::nullopt;
  }

  std::optional<Interval> lhs = NumberRange(*binary.lhs, interval_of);
  std::optional<Interval> rhs = NumberRange(*binary.rhs, interval_of);
  if (!lhs || !rhs) {
    return std::nullopt;
  }
  switch (binary.op) {
    case ast::BinaryOp::kEqual:
      return Equal(*lhs, *rhs);
    case ast::BinaryOp::kNotEqual:
      return Not(Equal(*lhs, *rhs));
    case ast::BinaryOp::kLess:
      return Less(*lhs, *rhs, false);
    case ast::BinaryOp::kLessEqual:
      return Less(*lhs, *rhs, true);
    case ast::BinaryOp::kGreater:
      return Less(*rhs, *lhs, false);
    case ast::BinaryOp::kGreaterEqual:
      return Less(*rhs, *lhs, true);
    default:
      return std::nullopt;
  }
}

}  // namespace slac
