#include "sema/constant.h"

namespace slac {
namespace {

std::optional<double> ConstantNumber(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kInt) {
    return static_cast<double>(ast::As<ast::IntLiteral>(expr).value);
  }
  if (expr.kind == ast::ExprKind::kNumber) {
    return ast::As<ast::NumberLiteral>(expr).value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<bool> ConstantBool(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kBool) {
    return ast::As<ast::BoolLiteral>(expr).value;
  }
  if (expr.kind == ast::ExprKind::kUnary) {
    const auto& unary = ast::As<ast::UnaryExpr>(expr);
    if (unary.op != ast::UnaryOp::kNot) {
      return std::nullopt;
    }
    std::optional<bool> operand = ConstantBool(*unary.operand);
    return operand ? std::optional<bool>(!*operand) : std::nullopt;
  }
  if (expr.kind != ast::ExprKind::kBinary) {
    return std::nullopt;
  }

  const auto& binary = ast::As<ast::BinaryExpr>(expr);
  if (binary.op == ast::BinaryOp::kAnd || binary.op == ast::BinaryOp::kOr) {
    std::optional<bool> lhs = ConstantBool(*binary.lhs);
    std::optional<bool> rhs = ConstantBool(*binary.rhs);
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

  std::optional<double> lhs = ConstantNumber(*binary.lhs);
  std::optional<double> rhs = ConstantNumber(*binary.rhs);
  if (!lhs || !rhs) {
    return std::nullopt;
  }
  switch (binary.op) {
    case ast::BinaryOp::kEqual:
      return *lhs == *rhs;
    case ast::BinaryOp::kNotEqual:
      return *lhs != *rhs;
    case ast::BinaryOp::kLess:
      return *lhs < *rhs;
    case ast::BinaryOp::kLessEqual:
      return *lhs <= *rhs;
    case ast::BinaryOp::kGreater:
      return *lhs > *rhs;
    case ast::BinaryOp::kGreaterEqual:
      return *lhs >= *rhs;
    default:
      return std::nullopt;
  }
}

}  // namespace slac
