#include "ast/ast.h"

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

}  // namespace slac::ast
