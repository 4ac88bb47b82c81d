// Checking a test's expectations at one step: against the evaluator's results (probes),
// the SLA targets the lead's tiers owe, and what the clocks know and emitted.
#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "sla/engine.h"
#include "testing/policy_run.h"

namespace slac::testing {
namespace {

bool Compare(ast::BinaryOp op, int64_t lhs, int64_t rhs) {
  switch (op) {
    case ast::BinaryOp::kEqual:
      return lhs == rhs;
    case ast::BinaryOp::kNotEqual:
      return lhs != rhs;
    case ast::BinaryOp::kLess:
      return lhs < rhs;
    case ast::BinaryOp::kLessEqual:
      return lhs <= rhs;
    case ast::BinaryOp::kGreater:
      return lhs > rhs;
    case ast::BinaryOp::kGreaterEqual:
      return lhs >= rhs;
    default:
      return false;
  }
}

// Where the records a step is compared with come from, for messages.
const char* Since(bool opening) { return opening ? "when the test starts" : "in this step"; }

}  // namespace

void PolicyRun::Check(const std::vector<ExpectPlan>& expects, const StepOutputs& outputs,
                      bool opening, TestResult& result) {
  const SourceManager& sources = workspace_.sources();
  for (const ExpectPlan& expect : expects) {
    std::string text = "expect " + SourceText(sources, expect.expectation->range);
    switch (expect.form) {
      case ExpectPlan::Form::kInvalid:
        result.errors.push_back(Problem{expect.step_range, text, expect.reason, {}});
        break;
      case ExpectPlan::Form::kTarget:
        CheckTarget(expect, text, result);
        break;
      case ExpectPlan::Form::kAction:
        CheckAction(expect, text, outputs, opening, result);
        break;
      case ExpectPlan::Form::kViolation:
        CheckViolation(expect, text, outputs, opening, result);
        break;
      case ExpectPlan::Form::kCondition: {
        ++result.checked;
        std::vector<std::string> details;
        if (!Holds(expect.condition, details)) {
          Problem problem{expect.step_range, text, "the condition is false", {}};
          if (!details.empty()) {
            problem.message = details.front();
            problem.details.assign(details.begin() + 1, details.end());
          }
          result.failures.push_back(std::move(problem));
        }
        break;
      }
      case ExpectPlan::Form::kProbe:
        CheckProbe(expect, text, result);
        break;
    }
  }
}

void PolicyRun::CheckProbe(const ExpectPlan& expect, const std::string& text, TestResult& result) {
  ++result.checked;
  if (slots_[probe_slots_[expect.probe]] != 0) {
    return;
  }
  const SourceManager& sources = workspace_.sources();
  Problem problem{expect.step_range, text, "the condition is false", {}};
  for (int operand : {expect.lhs, expect.rhs}) {
    if (operand < 0) {
      continue;
    }
    const ast::Expr& expr = *probe_infos_[operand].expr;
    std::string value = ProbeValue(operand);
    problem.details.push_back(fmt::format("`{}` is {}", SourceText(sources, expr.range), value));
    ExplainScore(expr, *probe_infos_[operand].scope, problem.details);
  }
  if (!problem.details.empty()) {
    problem.message = problem.details.front();
    problem.details.erase(problem.details.begin());
  }
  result.failures.push_back(std::move(problem));
}

void PolicyRun::CheckTarget(const ExpectPlan& expect, const std::string& text, TestResult& result) {
  ++result.checked;
  std::string shown;
  std::optional<bool> equal = TierTargetIs(*expect.sla, *SpecOf(*expect.expected_target), shown);
  if (equal.value_or(false) != expect.negated) {
    return;
  }
  result.failures.push_back(Problem{expect.step_range, text, shown, {}});
}

// Whether the target of the tier that applies to the lead is `expected` as written;
// nothing when no tier applies. `shown` tells what the target is, for a failure.
std::optional<bool> PolicyRun::TierTargetIs(const ast::SlaDecl& sla, const TargetSpec& expected,
                                            std::string& shown) const {
  int tier_slot = -1;
  for (size_t i = 0; i < program_.results.size(); ++i) {
    const ir::ResultSlot& slot = program_.results[i];
    if (slot.kind == ir::ResultSlot::Kind::kTier && slot.name == sla.name.text) {
      tier_slot = static_cast<int>(i);
    }
  }
  int64_t tier = tier_slot >= 0 ? slots_[tier_slot] : ir::kMissing;
  static const std::vector<ast::Tier> kNoTiers;
  const std::vector<ast::Tier>& tiers = sla.targets.empty() ? kNoTiers : sla.targets.front().tiers;
  if (tier < 0 || static_cast<size_t>(tier) >= tiers.size()) {
    shown = "no tier of the SLA applies to this lead";
    return std::nullopt;
  }

  const ast::Tier& chosen = tiers[static_cast<size_t>(tier)];
  std::optional<TargetSpec> actual;
  if (chosen.target.single && chosen.target.single->kind == ast::SimpleTargetKind::kDuration) {
    actual = SpecOf(*chosen.target.single->duration);
  }
  const SourceManager& sources = workspace_.sources();
  std::string tier_name =
      chosen.condition ? SourceText(sources, chosen.condition->range) : "otherwise";
  shown = fmt::format("the target is `{}` (tier `{}`)", SourceText(sources, chosen.target.range),
                      tier_name);
  return actual && actual->ms == expected.ms && actual->business == expected.business &&
         (expected.calendar.empty() || expected.calendar == actual->calendar);
}

// An action of the step's escalations, compared as the policy writes it.
void PolicyRun::CheckAction(const ExpectPlan& expect, const std::string& text,
                            const StepOutputs& outputs, bool opening, TestResult& result) {
  ++result.checked;
  std::string wanted = ActionText(expect.expectation->action);
  const sla::ActionRecord* found = nullptr;
  for (const sla::ActionRecord& action : outputs.step.actions) {
    if (ActionText(action.kind, action.argument) == wanted) {
      found = &action;
      break;
    }
  }
  if (expect.expectation->negated) {
    if (found != nullptr) {
      result.failures.push_back(
          Problem{expect.step_range,
                  text,
                  fmt::format("`{}` was emitted {}, by `{}` at {}", wanted, Since(opening),
                              found->sla, FormatInstantIn(found->due_ms, timezone_)),
                  {}});
    }
    return;
  }
  if (found != nullptr) {
    return;
  }

  Problem problem{
      expect.step_range, text, fmt::format("no `{}` was emitted {}", wanted, Since(opening)), {}};
  // The test's actions end with this step's.
  size_t first_of_step = outputs.test.actions.size() - outputs.step.actions.size();
  for (size_t i = 0; i < outputs.test.actions.size(); ++i) {
    const sla::ActionRecord& action = outputs.test.actions[i];
    bool this_step = i >= first_of_step;
    problem.details.push_back(
        fmt::format("{} `{}` by `{}` at {}",
                    this_step ? "this step:" : "earlier:", ActionText(action.kind, action.argument),
                    action.sla, FormatInstantIn(action.due_ms, timezone_)));
  }
  if (problem.details.empty()) {
    problem.details.push_back("the clocks have emitted no action so far");
  }
  result.failures.push_back(std::move(problem));
}

// A violation of a guard or disposition in this step; any violation when the test names
// no message.
void PolicyRun::CheckViolation(const ExpectPlan& expect, const std::string& text,
                               const StepOutputs& outputs, bool opening, TestResult& result) {
  ++result.checked;
  const std::optional<ast::StringValue>& wanted = expect.expectation->violation;
  const sla::ViolationRecord* found = nullptr;
  for (const sla::ViolationRecord& violation : outputs.step.violations) {
    if (!wanted || wanted->value == ViolationText(violation) ||
        wanted->value == sla::Name(violation.kind)) {
      found = &violation;
      break;
    }
  }
  if (expect.expectation->negated) {
    if (found != nullptr) {
      result.failures.push_back(
          Problem{expect.step_range,
                  text,
                  fmt::format("the violation \"{}\" ({}) was reported {}", ViolationText(*found),
                              sla::Name(found->kind), Since(opening)),
                  {}});
    }
    return;
  }
  if (found != nullptr) {
    return;
  }

  Problem problem{
      expect.step_range,
      text,
      wanted ? fmt::format("no violation \"{}\" was reported {}", wanted->value, Since(opening))
             : fmt::format("no violation was reported {}", Since(opening)),
      {}};
  for (const sla::ViolationRecord& violation : outputs.step.violations) {
    problem.details.push_back(
        fmt::format("reported: \"{}\" ({})", ViolationText(violation), sla::Name(violation.kind)));
  }
  result.failures.push_back(std::move(problem));
}

// Evaluates a condition against the clocks; `details` gets the value of each part that
// reads them, for a failure's message.
bool PolicyRun::Holds(const Condition& condition, std::vector<std::string>& details) const {
  using Kind = Condition::Kind;
  std::optional<sla::ClockView> view;
  if (!condition.sla.empty()) {
    view = clock_->View(condition.sla);
  }
  auto not_started = [&] {
    details.push_back(fmt::format("`{}` has not started", condition.sla));
    return false;
  };

  switch (condition.kind) {
    case Kind::kProbe:
      return slots_[probe_slots_[condition.probe]] != 0;
    case Kind::kNot:
      return !Holds(condition.operands[0], details);
    case Kind::kAnd: {
      bool lhs = Holds(condition.operands[0], details);
      return Holds(condition.operands[1], details) && lhs;
    }
    case Kind::kOr: {
      bool lhs = Holds(condition.operands[0], details);
      return Holds(condition.operands[1], details) || lhs;
    }
    case Kind::kMet:
    case Kind::kBreached:
    case Kind::kOpen: {
      if (!view) {
        return not_started();
      }
      bool met = clock_->Met(condition.sla);
      details.push_back(fmt::format(
          "`{}` is {}{}, with {} elapsed", condition.sla,
          view->open ? "open"
          : met      ? "met"
                     : "closed",
          view->breached ? " and breached" : "",
          DurationText(view->elapsed_ms, clock_->CountsBusinessTime(condition.sla, *view))));
      return condition.kind == Kind::kMet        ? met
             : condition.kind == Kind::kBreached ? view->breached
                                                 : view->open;
    }
    case Kind::kElapsed: {
      if (!view) {
        return not_started();
      }
      bool business = clock_->CountsBusinessTime(condition.sla, *view);
      details.push_back(fmt::format("`{}.elapsed` is {}", condition.sla,
                                    DurationText(view->elapsed_ms, business)));
      if (business != condition.expected.business) {
        details.push_back(fmt::format("`{}` counts {} time (tier `{}`)", condition.sla,
                                      business ? "business" : "calendar", view->tier));
        return false;
      }
      return Compare(condition.op, view->elapsed_ms, condition.expected.ms);
    }
    case Kind::kTarget: {
      std::string shown;
      std::optional<bool> equal = TierTargetIs(*condition.sla_decl, condition.expected, shown);
      details.push_back(shown);
      return equal.has_value() && *equal != (condition.op == ast::BinaryOp::kNotEqual);
    }
    case Kind::kStage: {
      std::string stage = clock_->Stage();
      details.push_back(fmt::format("`stage` is {}", stage.empty() ? "missing" : stage));
      bool found = std::find(condition.stages.begin(), condition.stages.end(), stage) !=
                   condition.stages.end();
      bool negated =
          condition.op == ast::BinaryOp::kNotEqual || condition.op == ast::BinaryOp::kNotIn;
      return found != negated;
    }
  }
  return false;
}

std::string PolicyRun::ProbeValue(int probe) const {
  const ir::ResultSlot& slot = program_.results[probe_slots_[probe]];
  return FormatSlot(slots_[probe_slots_[probe]], slot.type, probe_infos_[probe].enum_values, pool_);
}

std::string PolicyRun::DurationText(int64_t ms, bool business) const {
  return FormatSlot(ms, ir::ValueType::kDuration, {}, pool_) + (business ? " business" : "");
}

// For a score, each rule's contribution.
void PolicyRun::ExplainScore(const ast::Expr& expr, FileAnalysis& scope,
                             std::vector<std::string>& details) const {
  if (expr.kind != ast::ExprKind::kName) {
    return;
  }
  const ValueSymbol* symbol = scope.SymbolOf(expr);
  if (symbol == nullptr || symbol->kind != ValueSymbol::Kind::kScore) {
    return;
  }
  std::string prefix = ast::As<ast::NameExpr>(expr).name.Joined() + "/";
  for (size_t i = 0; i < program_.results.size(); ++i) {
    const ir::ResultSlot& slot = program_.results[i];
    if (slot.kind != ir::ResultSlot::Kind::kRuleContribution || !slot.name.starts_with(prefix)) {
      continue;
    }
    double points = std::bit_cast<double>(slots_[i]);
    details.push_back(fmt::format("rule \"{}\": {}{}", slot.name.substr(prefix.size()),
                                  points > 0 ? "+" : "", FormatNumber(points)));
  }
}

}  // namespace slac::testing
