// Lowering of SLAs, guards, dispositions and the stage graph into the clock plan. Targets,
// triggers and escalations are constants and stay data; the per-lead conditions
// (`applies when`, `pause while`, note rules) become result slots of the evaluator, and
// the tier and guard slots that expression lowering made are found by name.
#include <fmt/format.h>

#include "ir/lower_plan.h"

namespace slac::ir {
namespace {

int32_t FindResult(const Program& program, ResultSlot::Kind kind, const std::string& name) {
  for (size_t i = 0; i < program.results.size(); ++i) {
    if (program.results[i].kind == kind && program.results[i].name == name) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

// The calendar a business form names, or the policy's only calendar when it names none.
int32_t CalendarIndex(const Plan& plan, const std::optional<ast::Identifier>& name) {
  if (!name) {
    return plan.calendars.size() == 1 ? 0 : -1;
  }
  for (size_t i = 0; i < plan.calendars.size(); ++i) {
    if (plan.calendars[i].name == name->text) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

// A constant as the text an event attribute carries: enum names, strings, integers.
std::string ConstantText(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kName:
      return ast::As<ast::NameExpr>(expr).name.Joined();
    case ast::ExprKind::kString:
      return ast::As<ast::StringLiteral>(expr).value;
    case ast::ExprKind::kInt:
      return fmt::format("{}", ast::As<ast::IntLiteral>(expr).value);
    case ast::ExprKind::kBool:
      return ast::As<ast::BoolLiteral>(expr).value ? "true" : "false";
    default:
      return "";
  }
}

TriggerPlan LowerTrigger(const ast::SlaTrigger& trigger) {
  TriggerPlan plan;
  if (trigger.entering || !trigger.event) {
    plan.kind = TriggerPlan::Kind::kEnterStage;
    plan.name = trigger.stage.text;
    return plan;
  }
  plan.kind = TriggerPlan::Kind::kEvent;
  plan.name = trigger.event->kind.text;
  for (const ast::AttributeFilter& filter : trigger.event->filters) {
    plan.filters.push_back(TriggerPlan::Filter{filter.attribute.text, ConstantText(*filter.value)});
  }
  return plan;
}

// A duration literal, or `D business [CAL]`: its milliseconds and calendar (-1 for
// wall-clock time). False for anything else.
bool DurationOf(const Plan& plan, const ast::Expr& expr, int64_t& ms, int32_t& calendar,
                bool& business) {
  const ast::Expr* duration = &expr;
  calendar = -1;
  business = false;
  if (expr.kind == ast::ExprKind::kBusiness) {
    const auto& form = ast::As<ast::BusinessExpr>(expr);
    duration = form.duration.get();
    calendar = CalendarIndex(plan, form.calendar);
    business = true;
  }
  if (duration->kind != ast::ExprKind::kDuration) {
    return false;
  }
  ms = ast::As<ast::DurationLiteral>(*duration).milliseconds;
  return true;
}

// Limitation: only calendars declared in the policy file itself are lowered; a business
// form that names one of another file cannot be timed and is reported.
void CheckCalendar(PlanContext& context, int32_t calendar, bool business, SourceRange range) {
  if (business && calendar < 0) {
    context.sink.Report(DiagCode::kNotEvaluable, range,
                        "business time in a calendar that is not declared in this file");
  }
}

TargetPlan LowerTarget(PlanContext& context, const ast::SimpleTarget& target) {
  const Plan& plan = context.program.plan;
  TargetPlan lowered;
  switch (target.kind) {
    case ast::SimpleTargetKind::kDuration: {
      bool business = false;
      lowered.kind = TargetPlan::Kind::kDuration;
      if (!target.duration ||
          !DurationOf(plan, *target.duration, lowered.duration_ms, lowered.calendar, business)) {
        context.sink.Report(DiagCode::kNotEvaluable, target.range,
                            "a target that is not a written duration");
      }
      CheckCalendar(context, lowered.calendar, business, target.range);
      break;
    }
    case ast::SimpleTargetKind::kSameBusinessDay:
      lowered.kind = TargetPlan::Kind::kSameBusinessDay;
      lowered.calendar = CalendarIndex(plan, target.calendar);
      CheckCalendar(context, lowered.calendar, true, target.range);
      break;
    case ast::SimpleTargetKind::kNextBusinessDay:
      lowered.kind = TargetPlan::Kind::kNextBusinessDay;
      lowered.calendar = CalendarIndex(plan, target.calendar);
      CheckCalendar(context, lowered.calendar, true, target.range);
      break;
  }
  return lowered;
}

std::string TierName(const ast::Tier& tier, size_t index) {
  if (!tier.condition) {
    return "otherwise";
  }
  if (tier.condition->kind == ast::ExprKind::kName) {
    return ast::As<ast::NameExpr>(*tier.condition).name.Joined();
  }
  return fmt::format("tier {}", index + 1);
}

ActionPlan LowerAction(const ast::Action& action) {
  ActionPlan plan;
  switch (action.kind) {
    case ast::ActionKind::kNotify:
      plan.kind = ActionPlan::Kind::kNotify;
      plan.argument = action.role.text;
      break;
    case ast::ActionKind::kReassign:
      plan.kind = ActionPlan::Kind::kReassign;
      plan.argument = action.text.value;
      break;
    case ast::ActionKind::kFlag:
      plan.kind = ActionPlan::Kind::kFlag;
      plan.argument = action.text.value;
      break;
    case ast::ActionKind::kBreach:
      plan.kind = ActionPlan::Kind::kBreach;
      break;
    case ast::ActionKind::kRelease:
      plan.kind = ActionPlan::Kind::kRelease;
      plan.argument = action.role.text;
      break;
  }
  return plan;
}

SlaPlan LowerSla(PlanContext& context, const ast::SlaDecl& sla) {
  const std::string& name = sla.name.text;
  SlaPlan plan;
  plan.name = name;
  for (const ast::TriggerClause& clause : sla.starts) {
    for (const ast::SlaTrigger& trigger : clause.triggers) {
      plan.starts.push_back(LowerTrigger(trigger));
    }
  }
  for (const ast::TriggerClause& clause : sla.met_by) {
    for (const ast::SlaTrigger& trigger : clause.triggers) {
      plan.met_by.push_back(LowerTrigger(trigger));
    }
  }

  for (const ast::ExprClause& every : sla.every) {
    if (every.expr && every.expr->kind == ast::ExprKind::kDuration) {
      plan.every_ms = ast::As<ast::DurationLiteral>(*every.expr).milliseconds;
    }
  }
  if (!sla.targets.empty()) {
    const auto& tiers = sla.targets.front().tiers;
    for (size_t i = 0; i < tiers.size(); ++i) {
      TierPlan tier;
      tier.name = TierName(tiers[i], i);
      if (tiers[i].target.single) {
        tier.target = LowerTarget(context, *tiers[i].target.single);
      }
      for (const ast::TouchStep& step : tiers[i].target.steps) {
        tier.steps.push_back(
            TouchStepPlan{step.event.text, step.ordinal, LowerTarget(context, step.target)});
      }
      plan.tiers.push_back(std::move(tier));
    }
    plan.tier_result = FindResult(context.program, ResultSlot::Kind::kTier, name);
  } else if (plan.every_ms > 0) {
    // `every D` with no target: each cycle is due D after it starts.
    TierPlan tier;
    tier.name = "otherwise";
    tier.target.duration_ms = plan.every_ms;
    plan.tiers.push_back(std::move(tier));
  }

  for (const ast::EscalateClause& clause : sla.escalations) {
    for (const ast::Escalation& step : clause.steps) {
      EscalationPlan escalation;
      if (step.threshold->kind == ast::ExprKind::kPercent) {
        escalation.percent = true;
        escalation.fraction = ast::As<ast::PercentLiteral>(*step.threshold).fraction;
      } else {
        escalation.percent = false;
        if (!DurationOf(context.program.plan, *step.threshold, escalation.offset_ms,
                        escalation.calendar, escalation.business)) {
          context.sink.Report(DiagCode::kNotEvaluable, step.threshold->range,
                              "a threshold that is not a written percent or duration");
        }
        CheckCalendar(context, escalation.calendar, escalation.business, step.threshold->range);
      }
      for (const ast::Action& action : step.actions) {
        escalation.actions.push_back(LowerAction(action));
      }
      plan.escalations.push_back(std::move(escalation));
    }
  }

  for (const ast::ExprClause& applies : sla.applies_when) {
    plan.applies_results.push_back(
        context.output(*applies.expr, ResultSlot::Kind::kApplies, name, ValueType::kBool, {}));
  }
  for (const ast::ExprClause& pause : sla.pause_while) {
    plan.pause_results.push_back(
        context.output(*pause.expr, ResultSlot::Kind::kPaused, name, ValueType::kBool, {}));
  }
  return plan;
}

GuardPlan LowerGuard(PlanContext& context, const ast::GuardDecl& guard) {
  GuardPlan plan;
  plan.from = guard.from.text;
  plan.to = guard.to.text;
  for (size_t i = 0; i < guard.requirements.size(); ++i) {
    std::string name = fmt::format("{} -> {} #{}", guard.from.text, guard.to.text, i + 1);
    plan.requirements.push_back(
        GuardPlan::Requirement{FindResult(context.program, ResultSlot::Kind::kGuard, name),
                               guard.requirements[i].message.value});
  }
  return plan;
}

DispositionPlan LowerDisposition(PlanContext& context, const ast::DispositionDecl& disposition) {
  DispositionPlan plan;
  for (const ast::Identifier& stage : disposition.stages) {
    plan.stages.push_back(stage.text);
  }
  // The reasons in the order the type checker numbered them.
  for (const ast::ExprPtr& set : disposition.reason_sets) {
    if (set->kind != ast::ExprKind::kSet) {
      continue;
    }
    for (const ast::ExprPtr& element : ast::As<ast::SetExpr>(*set).elements) {
      if (element->kind == ast::ExprKind::kName) {
        plan.reasons.push_back(ast::As<ast::NameExpr>(*element).name.Joined());
      }
    }
  }

  // A note rule is lowered once per reason, with `reason` bound to it.
  plan.note_results.resize(plan.reasons.size());
  for (const ast::NoteRule& rule : disposition.note_rules) {
    if (!rule.when) {
      plan.note_always = true;
      continue;
    }
    for (size_t i = 0; i < plan.reasons.size(); ++i) {
      std::string name =
          fmt::format("{}/{}", plan.stages.empty() ? "" : plan.stages.front(), plan.reasons[i]);
      plan.note_results[i].push_back(context.output(*rule.when, ResultSlot::Kind::kNoteRequired,
                                                    name, ValueType::kBool,
                                                    {{"reason", static_cast<int64_t>(i)}}));
    }
  }
  return plan;
}

}  // namespace

void LowerSlas(PlanContext& context) {
  Plan& plan = context.program.plan;
  for (const ast::DeclPtr& decl : context.analysis.file().ast.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kSla:
        plan.slas.push_back(LowerSla(context, ast::As<ast::SlaDecl>(*decl)));
        break;
      case ast::DeclKind::kGuard:
        plan.guards.push_back(LowerGuard(context, ast::As<ast::GuardDecl>(*decl)));
        break;
      case ast::DeclKind::kDisposition:
        plan.dispositions.push_back(
            LowerDisposition(context, ast::As<ast::DispositionDecl>(*decl)));
        break;
      case ast::DeclKind::kStages:
        for (const auto& chain : ast::As<ast::StagesDecl>(*decl).chains) {
          for (size_t i = 0; i + 1 < chain.size(); ++i) {
            plan.transitions.emplace_back(chain[i].text, chain[i + 1].text);
          }
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace slac::ir
