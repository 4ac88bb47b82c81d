#include "ast/ast.h"

#include <algorithm>

#include "diagnostics/check.h"

namespace slac::ast {

std::string QualifiedName::Joined() const {
  std::string joined;
  for (const Identifier& part : parts) {
    if (!joined.empty()) {
      joined += '.';
    }
    joined += part.text;
  }
  return joined;
}

const char* Spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSubtract:
      return "-";
    case BinaryOp::kMultiply:
      return "*";
    case BinaryOp::kDivide:
      return "/";
    case BinaryOp::kEqual:
      return "==";
    case BinaryOp::kNotEqual:
      return "!=";
    case BinaryOp::kLess:
      return "<";
    case BinaryOp::kLessEqual:
      return "<=";
    case BinaryOp::kGreater:
      return ">";
    case BinaryOp::kGreaterEqual:
      return ">=";
    case BinaryOp::kIn:
      return "in";
    case BinaryOp::kNotIn:
      return "not in";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
  }
  SLAC_CHECK(false, "binary operator out of range");
  return "?";
}

namespace {

uint32_t DepthOf(const ExprPtr& expr) { return expr ? expr->depth : 0; }

uint32_t PatternDepth(const EventPattern& pattern) {
  uint32_t depth = 0;
  for (const AttributeFilter& filter : pattern.filters) {
    depth = std::max(depth, DepthOf(filter.value));
  }
  return depth;
}

}  // namespace

uint32_t MaxChildDepth(const Expr& expr) {
  uint32_t depth = 0;
  switch (expr.kind) {
    case ExprKind::kCall:
      for (const ExprPtr& argument : As<CallExpr>(expr).arguments) {
        depth = std::max(depth, DepthOf(argument));
      }
      return depth;
    case ExprKind::kSet:
      for (const ExprPtr& element : As<SetExpr>(expr).elements) {
        depth = std::max(depth, DepthOf(element));
      }
      return depth;
    case ExprKind::kUnary:
      return DepthOf(As<UnaryExpr>(expr).operand);
    case ExprKind::kBinary:
      return std::max(DepthOf(As<BinaryExpr>(expr).lhs), DepthOf(As<BinaryExpr>(expr).rhs));
    case ExprKind::kMatches:
      return DepthOf(As<MatchesExpr>(expr).subject);
    case ExprKind::kBusiness:
      return DepthOf(As<BusinessExpr>(expr).duration);
    case ExprKind::kSlaState:
      return DepthOf(As<SlaStateExpr>(expr).sla);
    case ExprKind::kWindow:
      return std::max(PatternDepth(As<WindowExpr>(expr).event),
                      DepthOf(As<WindowExpr>(expr).within));
    case ExprKind::kSince:
      return PatternDepth(As<SinceExpr>(expr).event);
    case ExprKind::kCase:
      for (const CaseArm& arm : As<CaseExpr>(expr).arms) {
        depth = std::max({depth, DepthOf(arm.condition), DepthOf(arm.value)});
      }
      return depth;
    case ExprKind::kInt:
    case ExprKind::kNumber:
    case ExprKind::kPercent:
    case ExprKind::kDuration:
    case ExprKind::kString:
    case ExprKind::kBool:
    case ExprKind::kDate:
    case ExprKind::kInstant:
    case ExprKind::kTimeOfDay:
    case ExprKind::kNow:
    case ExprKind::kName:
    case ExprKind::kError:
      return 0;
  }
  return 0;
}

}  // namespace slac::ast
