// Layout of service levels, guards, dispositions and commitments.
#include <algorithm>

#include "diagnostics/check.h"
#include "format/formatter.h"

namespace slac::format_internal {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (size_t index = 0; index < items.size(); ++index) {
    text += (index == 0 ? "" : ", ") + items[index];
  }
  return text;
}

}  // namespace

std::string Formatter::SimpleTarget(const ast::SimpleTarget& target) const {
  std::string calendar = target.calendar ? " " + target.calendar->text : "";
  switch (target.kind) {
    case ast::SimpleTargetKind::kDuration:
      return expr_.Print(*target.duration);
    case ast::SimpleTargetKind::kSameBusinessDay:
      return "same business day" + calendar;
    case ast::SimpleTargetKind::kNextBusinessDay:
      return "next business day" + calendar;
  }
  SLAC_CHECK(false, "target kind out of range");
  return "";
}

std::string Formatter::Target(const ast::Target& target) const {
  if (target.single) {
    return SimpleTarget(*target.single);
  }
  std::vector<std::string> steps;
  for (const ast::TouchStep& step : target.steps) {
    steps.push_back(step.event.text + " " + std::to_string(step.ordinal) + " within " +
                    SimpleTarget(step.target));
  }
  return Joined(steps);
}

std::string Formatter::Metric(const ast::Metric& metric) const {
  switch (metric.kind) {
    case ast::MetricKind::kEntered:
      return "entered " + metric.name.text;
    case ast::MetricKind::kMet:
      return "met " + metric.name.text;
    case ast::MetricKind::kBreached:
      return "breached " + metric.name.text;
    case ast::MetricKind::kFunction: {
      std::vector<std::string> arguments;
      for (const ast::Metric& argument : metric.arguments) {
        arguments.push_back(Metric(argument));
      }
      return metric.name.text + "(" + Joined(arguments) + ")";
    }
  }
  SLAC_CHECK(false, "metric kind out of range");
  return "";
}

Units Formatter::Sla(const ast::SlaDecl& decl) const {
  auto triggers = [&](const ast::TriggerClause& clause) {
    std::vector<std::string> texts;
    for (const ast::SlaTrigger& trigger : clause.triggers) {
      texts.push_back(trigger.entering ? "entering " + trigger.stage.text
                                       : expr_.Pattern(*trigger.event));
    }
    return Joined(texts);
  };
  auto fitted = [&](const std::string& prefix, const ast::ExprClause& clause) {
    Unit unit = Line(1, "", clause.range);
    unit.lines = Fit(1, prefix, *clause.expr);
    return Units{unit};
  };

  std::vector<Units> items;
  for (const ast::TriggerClause& clause : decl.starts) {
    items.push_back({Line(1, "starts " + triggers(clause), clause.range)});
  }
  for (const ast::TriggerClause& clause : decl.met_by) {
    items.push_back({Line(1, "met by " + triggers(clause), clause.range)});
  }
  for (const ast::TargetClause& clause : decl.targets) {
    if (!clause.tiered && clause.tiers.size() == 1) {
      items.push_back({Line(1, "target " + Target(clause.tiers.front().target), clause.range)});
      continue;
    }
    // Tier names line up, so the targets read as a column.
    std::vector<std::string> labels;
    size_t width = 0;
    for (const ast::Tier& tier : clause.tiers) {
      labels.push_back((tier.condition ? expr_.Print(*tier.condition) : "otherwise") + ":");
      width = std::max(width, labels.back().size() + 1);
    }
    // When one tier is too long for a line (a touch sequence, say), every tier puts its
    // target on the line under its name, so the column still reads one way.
    bool one_line = true;
    for (size_t index = 0; index < clause.tiers.size(); ++index) {
      one_line = one_line && Indent(2).size() + Padded(labels[index], width).size() +
                                     Target(clause.tiers[index].target).size() <=
                                 kLineWidth;
    }
    std::vector<Units> tiers;
    for (size_t index = 0; index < clause.tiers.size(); ++index) {
      const ast::Tier& tier = clause.tiers[index];
      Unit unit = Line(2, Padded(labels[index], width) + Target(tier.target), tier.range);
      if (!one_line) {
        unit.lines = {labels[index], Indent(1) + Target(tier.target)};
      }
      tiers.push_back({std::move(unit)});
    }
    items.push_back(Block(1, "target", clause.range, std::move(tiers)));
  }
  for (const ast::ExprClause& clause : decl.applies_when) {
    items.push_back(fitted("applies when ", clause));
  }
  for (const ast::ExprClause& clause : decl.pause_while) {
    items.push_back(fitted("pause while ", clause));
  }
  for (const ast::ExprClause& clause : decl.every) {
    items.push_back(fitted("every ", clause));
  }
  for (const ast::EscalateClause& clause : decl.escalations) {
    std::vector<std::string> thresholds;
    size_t width = 0;
    for (const ast::Escalation& step : clause.steps) {
      thresholds.push_back("at " + expr_.Print(*step.threshold) + ":");
      width = std::max(width, thresholds.back().size() + 1);
    }
    std::vector<Units> steps;
    for (size_t index = 0; index < clause.steps.size(); ++index) {
      const ast::Escalation& step = clause.steps[index];
      std::vector<std::string> actions;
      for (const ast::Action& action : step.actions) {
        actions.push_back(Action(action));
      }
      steps.push_back({Line(2, Padded(thresholds[index], width) + Joined(actions), step.range)});
    }
    items.push_back(Block(1, "escalate", clause.range, std::move(steps)));
  }
  return Block(0, "sla " + decl.name.text + Title(decl.title), decl.range, std::move(items));
}

Units Formatter::Guard(const ast::GuardDecl& decl) const {
  std::vector<Units> requirements;
  for (const ast::Requirement& requirement : decl.requirements) {
    Unit unit = Line(1, "", requirement.range);
    unit.lines = Fit(1, "require ", *requirement.condition,
                     " else " + text_.Literal(requirement.message.range), true);
    requirements.push_back({unit});
  }
  return Block(0, "guard " + decl.from.text + " -> " + decl.to.text, decl.range,
               std::move(requirements));
}

Units Formatter::Disposition(const ast::DispositionDecl& decl) const {
  std::vector<std::string> stages;
  for (const ast::Identifier& stage : decl.stages) {
    stages.push_back(stage.text);
  }
  std::vector<Units> items;
  for (const ast::ExprPtr& reasons : decl.reason_sets) {
    Unit unit = Line(1, "", reasons->range);
    unit.lines = Fit(1, "reason in ", *reasons);
    items.push_back({unit});
  }
  for (const ast::NoteRule& rule : decl.note_rules) {
    Unit unit = Line(1, "note required", rule.range);
    if (rule.when) {
      unit.lines = Fit(1, "note required when ", *rule.when);
    }
    items.push_back({unit});
  }
  return Block(0, "disposition " + Joined(stages), decl.range, std::move(items));
}

Units Formatter::Commitment(const ast::CommitmentDecl& decl) const {
  std::vector<Units> targets;
  for (const ast::CommitmentTarget& target : decl.targets) {
    targets.push_back({Line(
        1,
        Metric(target.metric) + " " + ast::Spelling(target.op) + " " + expr_.Print(*target.value),
        target.range)});
  }
  return Block(0, "commitment " + decl.team.text + " " + decl.period.text, decl.range,
               std::move(targets));
}

}  // namespace slac::format_internal
