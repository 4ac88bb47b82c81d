#include "testing/expectations.h"

#include <fmt/format.h>

#include "ast/walk.h"
#include "testing/test_values.h"

namespace slac::testing {
namespace {

// The SLA `name` names in `scope`, when it names one.
bool NamesSla(FileAnalysis& scope, const std::string& name) {
  const ValueSymbol* symbol = scope.FindValue(name);
  return symbol != nullptr && symbol->kind == ValueSymbol::Kind::kSla;
}

// `stage`, the lead's stage, unless the policy defines a name of its own so spelled.
bool IsStage(const ast::Expr& expr, FileAnalysis& scope) {
  if (expr.kind != ast::ExprKind::kName) {
    return false;
  }
  const auto& parts = ast::As<ast::NameExpr>(expr).name.parts;
  return parts.size() == 1 && parts[0].text == "stage" && scope.FindValue("stage") == nullptr;
}

// `sla.member` for an SLA of the policy: the member's name, or empty.
std::string SlaMember(const ast::Expr& expr, FileAnalysis& scope, std::string* sla = nullptr) {
  if (expr.kind != ast::ExprKind::kName) {
    return "";
  }
  const auto& parts = ast::As<ast::NameExpr>(expr).name.parts;
  if (parts.size() != 2 || !NamesSla(scope, parts[0].text)) {
    return "";
  }
  if (sla != nullptr) {
    *sla = parts[0].text;
  }
  return parts[1].text;
}

// Whether `expr` reads what only the clocks know: an SLA's state or elapsed time, or the
// lead's stage (which people's stage changes move).
bool ReadsClocks(const ast::Expr& expr, FileAnalysis& scope) {
  bool found = false;
  ast::WalkExpr(expr, [&](const ast::Expr& node) {
    if (node.kind == ast::ExprKind::kSlaState || IsStage(node, scope)) {
      found = true;
    }
    std::string member = SlaMember(node, scope);
    found = found || (!member.empty() && member != "target");
  });
  return found;
}

bool HasBusinessTime(const ast::Expr& expr) {
  bool found = false;
  ast::WalkExpr(
      expr, [&](const ast::Expr& node) { found = found || node.kind == ast::ExprKind::kBusiness; });
  return found;
}

// Whether `expr` compares an SLA's target with a written duration somewhere inside.
bool ComparesTarget(const ast::Expr& expr, FileAnalysis& scope) {
  bool found = false;
  ast::WalkExpr(expr, [&](const ast::Expr& node) {
    if (node.kind != ast::ExprKind::kBinary) {
      return;
    }
    const auto& binary = ast::As<ast::BinaryExpr>(node);
    found = found || (SpecOf(*binary.rhs) && SlaMember(*binary.lhs, scope) == "target");
  });
  return found;
}

// Whether `expr` needs the runner's own evaluation rather than one probe: it reads the
// clocks, or compares a target with a business duration, which the evaluator cannot.
bool NeedsPlan(const ast::Expr& expr, FileAnalysis& scope) {
  return ReadsClocks(expr, scope) || (HasBusinessTime(expr) && ComparesTarget(expr, scope));
}

bool IsLiteral(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kInt:
    case ast::ExprKind::kNumber:
    case ast::ExprKind::kPercent:
    case ast::ExprKind::kDuration:
    case ast::ExprKind::kString:
    case ast::ExprKind::kBool:
    case ast::ExprKind::kDate:
    case ast::ExprKind::kInstant:
      return true;
    case ast::ExprKind::kUnary:
      return IsLiteral(*ast::As<ast::UnaryExpr>(expr).operand);
    default:
      return false;
  }
}

bool IsComparison(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kEqual:
    case ast::BinaryOp::kNotEqual:
    case ast::BinaryOp::kLess:
    case ast::BinaryOp::kLessEqual:
    case ast::BinaryOp::kGreater:
    case ast::BinaryOp::kGreaterEqual:
      return true;
    default:
      return false;
  }
}

// The operator that compares the operands the other way round: `a < b` is `b > a`.
ast::BinaryOp Mirrored(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kLess:
      return ast::BinaryOp::kGreater;
    case ast::BinaryOp::kLessEqual:
      return ast::BinaryOp::kGreaterEqual;
    case ast::BinaryOp::kGreater:
      return ast::BinaryOp::kLess;
    case ast::BinaryOp::kGreaterEqual:
      return ast::BinaryOp::kLessEqual;
    default:
      return op;
  }
}

const ast::SlaDecl* FindSla(const ast::PolicyFile& policy, const std::string& name) {
  for (const ast::DeclPtr& decl : policy.decls) {
    if (decl->kind == ast::DeclKind::kSla && ast::As<ast::SlaDecl>(*decl).name.text == name) {
      return &ast::As<ast::SlaDecl>(*decl);
    }
  }
  return nullptr;
}

// The stage names `stage == S` or `stage in {S, ...}` compares with; nothing when the
// right-hand side is not written as stage names.
std::optional<std::vector<std::string>> StageNames(const ast::Expr& expr) {
  std::vector<const ast::Expr*> names;
  if (expr.kind == ast::ExprKind::kSet) {
    for (const ast::ExprPtr& element : ast::As<ast::SetExpr>(expr).elements) {
      names.push_back(element.get());
    }
  } else {
    names.push_back(&expr);
  }
  std::vector<std::string> stages;
  for (const ast::Expr* name : names) {
    if (name->kind != ast::ExprKind::kName ||
        ast::As<ast::NameExpr>(*name).name.parts.size() != 1) {
      return std::nullopt;
    }
    stages.push_back(ast::As<ast::NameExpr>(*name).name.parts[0].text);
  }
  return stages;
}

// Plans a condition that reads the clocks; nothing, with `error` set, for a form the
// runner does not evaluate.
std::optional<Condition> PlanCondition(const ast::Expr& expr, FileAnalysis& scope,
                                       const ast::PolicyFile& policy, const ProbeAdder& add_probe,
                                       std::string& error) {
  Condition condition;
  condition.expr = &expr;

  // `sla.target == 1h business cal`: the tier's target as written, anywhere in a condition.
  if (expr.kind == ast::ExprKind::kBinary) {
    const auto& binary = ast::As<ast::BinaryExpr>(expr);
    bool equality = binary.op == ast::BinaryOp::kEqual || binary.op == ast::BinaryOp::kNotEqual;
    std::optional<TargetSpec> spec = SpecOf(*binary.rhs);
    if (equality && spec && SlaMember(*binary.lhs, scope, &condition.sla) == "target") {
      condition.sla_decl = FindSla(policy, condition.sla);
      if (condition.sla_decl != nullptr) {
        condition.kind = Condition::Kind::kTarget;
        condition.op = binary.op;
        condition.expected = *spec;
        condition.sla.clear();  // no clock to read
        return condition;
      }
    }
  }
  if (!NeedsPlan(expr, scope)) {
    if (HasBusinessTime(expr)) {
      error = "business time here is only compared with an SLA's target or elapsed time";
      return std::nullopt;
    }
    condition.probe = add_probe(expr, scope);
    return condition;
  }

  auto operands = [&](std::initializer_list<const ast::Expr*> parts) {
    for (const ast::Expr* part : parts) {
      std::optional<Condition> planned = PlanCondition(*part, scope, policy, add_probe, error);
      if (!planned) {
        return false;
      }
      condition.operands.push_back(std::move(*planned));
    }
    return true;
  };

  if (expr.kind == ast::ExprKind::kUnary &&
      ast::As<ast::UnaryExpr>(expr).op == ast::UnaryOp::kNot) {
    condition.kind = Condition::Kind::kNot;
    return operands({ast::As<ast::UnaryExpr>(expr).operand.get()}) ? std::optional(condition)
                                                                   : std::nullopt;
  }
  if (expr.kind == ast::ExprKind::kSlaState) {
    const auto& state = ast::As<ast::SlaStateExpr>(expr);
    if (state.sla->kind == ast::ExprKind::kName) {
      condition.kind =
          state.state == ast::SlaState::kMet ? Condition::Kind::kMet : Condition::Kind::kBreached;
      condition.sla = ast::As<ast::NameExpr>(*state.sla).name.Joined();
      return condition;
    }
  }
  if (SlaMember(expr, scope, &condition.sla) == "open") {
    condition.kind = Condition::Kind::kOpen;
    return condition;
  }
  if (expr.kind == ast::ExprKind::kBinary) {
    const auto& binary = ast::As<ast::BinaryExpr>(expr);
    condition.op = binary.op;
    if (binary.op == ast::BinaryOp::kAnd || binary.op == ast::BinaryOp::kOr) {
      condition.kind =
          binary.op == ast::BinaryOp::kAnd ? Condition::Kind::kAnd : Condition::Kind::kOr;
      return operands({binary.lhs.get(), binary.rhs.get()}) ? std::optional(condition)
                                                            : std::nullopt;
    }
    // `sla.elapsed OP D`, or `D OP sla.elapsed` read the other way round.
    for (bool swapped : {false, true}) {
      const ast::Expr& member = swapped ? *binary.rhs : *binary.lhs;
      const ast::Expr& duration = swapped ? *binary.lhs : *binary.rhs;
      std::optional<TargetSpec> spec = SpecOf(duration);
      if (IsComparison(binary.op) && spec &&
          SlaMember(member, scope, &condition.sla) == "elapsed") {
        condition.kind = Condition::Kind::kElapsed;
        condition.op = swapped ? Mirrored(binary.op) : binary.op;
        condition.expected = *spec;
        return condition;
      }
    }
    bool equality = binary.op == ast::BinaryOp::kEqual || binary.op == ast::BinaryOp::kNotEqual;
    bool membership = binary.op == ast::BinaryOp::kIn || binary.op == ast::BinaryOp::kNotIn;
    if ((equality || membership) && IsStage(*binary.lhs, scope)) {
      if (auto stages = StageNames(*binary.rhs)) {
        condition.kind = Condition::Kind::kStage;
        condition.stages = std::move(*stages);
        return condition;
      }
    }
  }
  error =
      "the runner compares the lead's stage with stage names (`stage == mql`, `stage in {sal, "
      "sql}`), an SLA's elapsed time with a duration, and combines those with `and`, `or` and "
      "`not`; write this expectation in those forms";
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ConstantDuration(const ast::Expr& expr) {
  // Durations do not depend on the clock, so any instant will do.
  std::string error;
  std::optional<TestValue> value = EvaluateLiteral(expr, LiteralContext{}, error);
  if (!value || value->kind != TestValue::Kind::kDuration) {
    return std::nullopt;
  }
  return value->integer;
}

std::optional<TargetSpec> SpecOf(const ast::Expr& expr) {
  if (expr.kind != ast::ExprKind::kBusiness) {
    std::optional<int64_t> ms = ConstantDuration(expr);
    return ms ? std::optional(TargetSpec{*ms, false, {}}) : std::nullopt;
  }
  const auto& business = ast::As<ast::BusinessExpr>(expr);
  std::optional<int64_t> ms = ConstantDuration(*business.duration);
  if (!ms) {
    return std::nullopt;
  }
  return TargetSpec{*ms, true, business.calendar ? business.calendar->text : ""};
}

ExpectPlan PlanExpectation(const ast::TestStep& step, FileAnalysis& scope,
                           const ast::PolicyFile& policy, const ProbeAdder& add_probe) {
  using Form = ExpectPlan::Form;
  ExpectPlan plan;
  plan.expectation = &step.expectation;
  plan.step_range = step.range;
  const ast::Expectation& expectation = step.expectation;
  if (expectation.kind == ast::ExpectationKind::kAction) {
    plan.form = Form::kAction;
    return plan;
  }
  if (expectation.kind == ast::ExpectationKind::kViolation) {
    plan.form = Form::kViolation;
    return plan;
  }
  const ast::Expr& condition = *expectation.condition;

  // `first_touch.target == 1h business sales_hours`: the tier's target as written.
  if (condition.kind == ast::ExprKind::kBinary) {
    const auto& binary = ast::As<ast::BinaryExpr>(condition);
    bool equality = binary.op == ast::BinaryOp::kEqual || binary.op == ast::BinaryOp::kNotEqual;
    std::string sla;
    if (equality && SpecOf(*binary.rhs) && SlaMember(*binary.lhs, scope, &sla) == "target") {
      plan.form = Form::kTarget;
      plan.sla = FindSla(policy, sla);
      plan.expected_target = binary.rhs.get();
      plan.negated = binary.op == ast::BinaryOp::kNotEqual;
      if (plan.sla != nullptr) {
        return plan;
      }
    }
  }

  if (NeedsPlan(condition, scope)) {
    std::optional<Condition> planned =
        PlanCondition(condition, scope, policy, add_probe, plan.reason);
    plan.form = planned ? Form::kCondition : Form::kInvalid;
    if (planned) {
      plan.condition = std::move(*planned);
    }
    return plan;
  }
  if (HasBusinessTime(condition)) {
    plan.form = Form::kInvalid;
    plan.reason =
        "business time in an expectation is only compared with an SLA's target or elapsed "
        "time, as in `first_touch.target == 1h business sales_hours`";
    return plan;
  }

  plan.probe = add_probe(condition, scope);
  if (condition.kind == ast::ExprKind::kBinary) {
    const auto& binary = ast::As<ast::BinaryExpr>(condition);
    if (IsComparison(binary.op)) {
      if (!IsLiteral(*binary.lhs)) {
        plan.lhs = add_probe(*binary.lhs, scope);
      }
      if (!IsLiteral(*binary.rhs) && binary.rhs->kind != ast::ExprKind::kName) {
        plan.rhs = add_probe(*binary.rhs, scope);
      }
    }
  }
  return plan;
}

}  // namespace slac::testing
