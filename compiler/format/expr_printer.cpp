#include "format/expr_printer.h"

#include "diagnostics/check.h"

namespace slac::format_internal {
namespace {

// Binding strength of each form, loosest first, as the grammar orders its alternatives:
// an operand binding more loosely than its operator needs parentheses.
enum Precedence : int {
  kOr = 1,
  kAnd,
  kNot,
  kMatches,
  kIn,
  kComparison,
  kAdditive,
  kMultiplicative,
  kSign,
  kSlaState,
  kBusiness,
  kPrimary,
};

int PrecedenceOf(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr:
      return kOr;
    case ast::BinaryOp::kAnd:
      return kAnd;
    case ast::BinaryOp::kIn:
    case ast::BinaryOp::kNotIn:
      return kIn;
    case ast::BinaryOp::kEqual:
    case ast::BinaryOp::kNotEqual:
    case ast::BinaryOp::kLess:
    case ast::BinaryOp::kLessEqual:
    case ast::BinaryOp::kGreater:
    case ast::BinaryOp::kGreaterEqual:
      return kComparison;
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSubtract:
      return kAdditive;
    case ast::BinaryOp::kMultiply:
    case ast::BinaryOp::kDivide:
      return kMultiplicative;
  }
  SLAC_CHECK(false, "binary operator out of range");
  return kPrimary;
}

int PrecedenceOf(const ast::Expr& expr) {
  // Every form not listed is a primary: a literal, a name, a call, a set, a window.
  if (expr.kind == ast::ExprKind::kBinary) {
    return PrecedenceOf(ast::As<ast::BinaryExpr>(expr).op);
  }
  if (expr.kind == ast::ExprKind::kUnary) {
    return ast::As<ast::UnaryExpr>(expr).op == ast::UnaryOp::kNot ? kNot : kSign;
  }
  if (expr.kind == ast::ExprKind::kMatches) {
    return kMatches;
  }
  if (expr.kind == ast::ExprKind::kSlaState) {
    return kSlaState;
  }
  if (expr.kind == ast::ExprKind::kBusiness) {
    return kBusiness;
  }
  return kPrimary;
}

const char* WindowKeyword(ast::WindowOp op) {
  switch (op) {
    case ast::WindowOp::kAny:
      return "any";
    case ast::WindowOp::kEach:
      return "each";
    case ast::WindowOp::kCount:
      return "count";
    case ast::WindowOp::kDistinct:
      return "distinct";
  }
  SLAC_CHECK(false, "window operator out of range");
  return "?";
}

}  // namespace

std::string Joined(const ast::QualifiedName& name) { return name.Joined(); }

std::string ExprPrinter::Operand(const ast::Expr& expr, bool parenthesise) const {
  std::string text = Print(expr);
  return parenthesise ? "(" + text + ")" : text;
}

std::string ExprPrinter::List(const std::vector<ast::ExprPtr>& items) const {
  std::string text;
  for (const ast::ExprPtr& item : items) {
    if (!text.empty()) {
      text += ", ";
    }
    text += Print(*item);
  }
  return text;
}

std::string ExprPrinter::Pattern(const ast::EventPattern& pattern) const {
  std::string text = pattern.kind.text;
  if (pattern.filters.empty()) {
    return text;
  }
  text += '(';
  for (size_t index = 0; index < pattern.filters.size(); ++index) {
    const ast::AttributeFilter& filter = pattern.filters[index];
    text += (index == 0 ? "" : ", ") + filter.attribute.text + ": " + Print(*filter.value);
  }
  return text + ')';
}

std::string ExprPrinter::Print(const ast::Expr& expr) const {
  switch (expr.kind) {
    case ast::ExprKind::kInt:
    case ast::ExprKind::kNumber:
    case ast::ExprKind::kString:
    case ast::ExprKind::kDate:
    case ast::ExprKind::kTimeOfDay:
      return text_.Literal(expr.range);
    case ast::ExprKind::kPercent:
      return ast::As<ast::PercentLiteral>(expr).text;
    case ast::ExprKind::kDuration:
      return ast::As<ast::DurationLiteral>(expr).text;
    case ast::ExprKind::kInstant:
      return ast::As<ast::InstantLiteral>(expr).text;
    case ast::ExprKind::kBool:
      return ast::As<ast::BoolLiteral>(expr).value ? "true" : "false";
    case ast::ExprKind::kNow:
      return "now";
    case ast::ExprKind::kName:
      return Joined(ast::As<ast::NameExpr>(expr).name);
    case ast::ExprKind::kCall: {
      const auto& call = ast::As<ast::CallExpr>(expr);
      return Joined(call.callee) + "(" + List(call.arguments) + ")";
    }
    case ast::ExprKind::kSet:
      return "{" + List(ast::As<ast::SetExpr>(expr).elements) + "}";
    case ast::ExprKind::kUnary: {
      const auto& unary = ast::As<ast::UnaryExpr>(expr);
      int operand = PrecedenceOf(*unary.operand);
      if (unary.op == ast::UnaryOp::kNot) {
        return "not " + Operand(*unary.operand, operand < kNot);
      }
      // A sign directly before another reads better as `-(-x)` than as `--x`.
      const char* sign = unary.op == ast::UnaryOp::kNegate ? "-" : "+";
      return sign + Operand(*unary.operand, operand <= kSign);
    }
    case ast::ExprKind::kBinary: {
      const auto& binary = ast::As<ast::BinaryExpr>(expr);
      // Operators associate to the left: a right operand as loose as the operator needs
      // parentheses, a left one only when it is looser.
      int own = PrecedenceOf(binary.op);
      return Operand(*binary.lhs, PrecedenceOf(*binary.lhs) < own) + " " +
             ast::Spelling(binary.op) + " " +
             Operand(*binary.rhs, PrecedenceOf(*binary.rhs) <= own);
    }
    case ast::ExprKind::kMatches: {
      const auto& matches = ast::As<ast::MatchesExpr>(expr);
      return Operand(*matches.subject, PrecedenceOf(*matches.subject) < kMatches) + " matches " +
             std::string(text_.Slice(matches.regex_range));
    }
    case ast::ExprKind::kBusiness: {
      const auto& business = ast::As<ast::BusinessExpr>(expr);
      std::string text =
          Operand(*business.duration, PrecedenceOf(*business.duration) < kBusiness) + " business";
      return business.calendar ? text + " " + business.calendar->text : text;
    }
    case ast::ExprKind::kSlaState: {
      const auto& state = ast::As<ast::SlaStateExpr>(expr);
      return Operand(*state.sla, PrecedenceOf(*state.sla) < kSlaState) +
             (state.state == ast::SlaState::kBreached ? " breached" : " met");
    }
    case ast::ExprKind::kWindow: {
      const auto& window = ast::As<ast::WindowExpr>(expr);
      std::string text = std::string(WindowKeyword(window.op)) + " ";
      if (window.attribute) {
        text += window.attribute->text + " of ";
      }
      text += Pattern(window.event);
      return window.within ? text + " in last " + Print(*window.within) : text;
    }
    case ast::ExprKind::kSince:
      return "since " + Pattern(ast::As<ast::SinceExpr>(expr).event);
    case ast::ExprKind::kCase: {
      const auto& case_expr = ast::As<ast::CaseExpr>(expr);
      if (case_expr.arms.empty()) {
        return "case {}";
      }
      std::string text = "case { ";
      for (size_t index = 0; index < case_expr.arms.size(); ++index) {
        const ast::CaseArm& arm = case_expr.arms[index];
        text += index == 0 ? "" : ", ";
        text += arm.condition ? Print(*arm.condition) : "otherwise";
        text += " => " + Print(*arm.value);
      }
      return text + " }";
    }
    case ast::ExprKind::kError:
      // Files with syntax errors are never formatted, so no error node reaches here.
      SLAC_CHECK(false, "formatting an expression that did not parse");
      return "";
  }
  SLAC_CHECK(false, "expression kind out of range");
  return "";
}

std::vector<std::string> ExprPrinter::ChainPieces(const ast::Expr& expr) const {
  std::vector<std::string> pieces;
  for (const ChainPiece& piece : Chain(expr)) {
    pieces.push_back(piece.text);
  }
  return pieces;
}

std::vector<ExprPrinter::ChainPiece> ExprPrinter::Chain(const ast::Expr& expr) const {
  if (expr.kind != ast::ExprKind::kBinary) {
    return {ChainPiece{Print(expr), "", &expr, false}};
  }
  const auto& top = ast::As<ast::BinaryExpr>(expr);
  if (top.op != ast::BinaryOp::kAnd && top.op != ast::BinaryOp::kOr) {
    return {ChainPiece{Print(expr), "", &expr, false}};
  }
  // Walk down the left spine of the chain; operands of the same operator on the right
  // were parenthesised in the source and stay so.
  std::vector<const ast::Expr*> operands;
  const ast::Expr* node = &expr;
  while (node->kind == ast::ExprKind::kBinary && ast::As<ast::BinaryExpr>(*node).op == top.op) {
    const auto& binary = ast::As<ast::BinaryExpr>(*node);
    operands.push_back(binary.rhs.get());
    node = binary.lhs.get();
  }
  operands.push_back(node);

  int own = PrecedenceOf(top.op);
  std::vector<ChainPiece> pieces;
  for (auto it = operands.rbegin(); it != operands.rend(); ++it) {
    bool first = it == operands.rbegin();
    int operand = PrecedenceOf(**it);
    bool parenthesise = first ? operand < own : operand <= own;
    std::string text = Operand(**it, parenthesise);
    std::string spelled = first ? "" : std::string(ast::Spelling(top.op));
    pieces.push_back(ChainPiece{first ? text : spelled + " " + text, spelled, *it, parenthesise});
  }
  return pieces;
}

}  // namespace slac::format_internal
