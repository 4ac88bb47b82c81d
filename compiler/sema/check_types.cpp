// Types of every declaration's expressions: conditions are bools, targets durations,
// thresholds percents or durations, points on event windows, and every name resolves.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "sema/analysis.h"
#include "sema/checks.h"
#include "sema/expr_checker.h"
#include "sema/suggest.h"

namespace slac {
namespace {

void CheckScore(ExprChecker& checker, const ast::ScoreDecl& score) {
  for (const ast::ExprPtr& half_life : score.half_lives) {
    checker.ExpectDuration(*half_life, "a half-life", false);
  }
  for (const ast::ScoreRule& rule : score.rules) {
    checker.AllowEach();
    checker.ExpectBool(*rule.condition, "a score rule's condition");
  }
}

void CheckTarget(ExprChecker& checker, FileAnalysis& analysis, const ast::Target& target) {
  auto simple = [&](const ast::SimpleTarget& single) {
    if (single.kind == ast::SimpleTargetKind::kDuration) {
      checker.ExpectDuration(*single.duration, "a target", true);
    } else {
      checker.CheckCalendarChoice(single.calendar, single.range);
    }
  };
  if (target.single) {
    simple(*target.single);
  }
  int64_t previous = 0;
  for (const ast::TouchStep& step : target.steps) {
    checker.CheckEvent(ast::EventPattern{step.event, {}, step.event.range});
    if (step.ordinal != previous + 1) {
      analysis.sink().Report(
          DiagCode::kTypeMismatch, step.range, "the touches of a sequence",
          fmt::format("numbered from 1 in order, so this is touch {}", previous + 1),
          fmt::format("touch {}", step.ordinal));
    }
    previous = step.ordinal;
    simple(step.target);
  }
}

void CheckSla(ExprChecker& checker, FileAnalysis& analysis, const ast::SlaDecl& sla) {
  for (const auto* clauses : {&sla.starts, &sla.met_by}) {
    for (const ast::TriggerClause& clause : *clauses) {
      for (const ast::SlaTrigger& trigger : clause.triggers) {
        if (trigger.event) {
          checker.CheckEvent(*trigger.event);
        }
      }
    }
  }
  for (const ast::TargetClause& clause : sla.targets) {
    for (const ast::Tier& tier : clause.tiers) {
      if (tier.condition) {
        checker.ExpectBool(*tier.condition, "a tier");
      }
      CheckTarget(checker, analysis, tier.target);
    }
  }
  for (const ast::ExprClause& clause : sla.applies_when) {
    checker.ExpectBool(*clause.expr, "an `applies when` condition");
  }
  for (const ast::ExprClause& clause : sla.pause_while) {
    checker.ExpectBool(*clause.expr, "a `pause while` condition");
  }
  for (const ast::ExprClause& clause : sla.every) {
    checker.ExpectDuration(*clause.expr, "the period of `every`", false);
  }
  for (const ast::EscalateClause& clause : sla.escalations) {
    for (const ast::Escalation& step : clause.steps) {
      Type type = checker.Check(*step.threshold);
      if (!type.IsError() && type.kind != TypeKind::kPercent && type.kind != TypeKind::kDuration) {
        analysis.sink().Report(DiagCode::kTypeMismatch, step.threshold->range,
                               "an escalation threshold", "a percent of the target or a duration",
                               Describe(type));
      }
    }
  }
}

void CheckDisposition(FileAnalysis& analysis, const ast::DispositionDecl& disposition) {
  // The reasons form an enumeration of their own, which `reason` names in note rules.
  auto reasons = std::make_shared<EnumValues>();
  reasons->name = "reason";
  for (const ast::ExprPtr& set : disposition.reason_sets) {
    for (const ast::ExprPtr& element : ast::As<ast::SetExpr>(*set).elements) {
      if (element->kind == ast::ExprKind::kName &&
          ast::As<ast::NameExpr>(*element).name.parts.size() == 1) {
        reasons->values.push_back(ast::As<ast::NameExpr>(*element).name.Joined());
      } else {
        analysis.sink().Report(DiagCode::kTypeMismatch, element->range, "a reason",
                               "a name such as `pricing`", "an expression");
      }
    }
  }
  ExprContext context;
  context.reasons = reasons;
  ExprChecker checker(analysis, context);
  for (const ast::NoteRule& rule : disposition.note_rules) {
    if (rule.when) {
      checker.ExpectBool(*rule.when, "the condition of `note required`");
    }
  }
}

void CheckCommitment(ExprChecker& checker, FileAnalysis& analysis,
                     const ast::CommitmentDecl& commitment) {
  static const std::vector<std::string> kPeriods = {"weekly", "monthly", "quarterly"};
  if (std::find(kPeriods.begin(), kPeriods.end(), commitment.period.text) == kPeriods.end()) {
    analysis.sink().Report(DiagCode::kTypeMismatch, commitment.period.range,
                           "a commitment's period", "`weekly`, `monthly` or `quarterly`",
                           fmt::format("`{}`", commitment.period.text));
  }

  std::function<void(const ast::Metric&)> metric = [&](const ast::Metric& item) {
    switch (item.kind) {
      case ast::MetricKind::kEntered:
        return;
      case ast::MetricKind::kMet:
      case ast::MetricKind::kBreached: {
        const ValueSymbol* symbol = analysis.FindValue(item.name.text);
        if (symbol == nullptr) {
          analysis.sink().Report(DiagCode::kUnknownName, item.name.range, item.name.text);
        } else if (symbol->kind != ValueSymbol::Kind::kSla) {
          analysis.sink().Report(DiagCode::kNotAnSla, item.name.range, item.name.text,
                                 Describe(symbol->kind));
        }
        return;
      }
      case ast::MetricKind::kFunction:
        if (item.name.text != "rate") {
          analysis.sink()
              .Report(DiagCode::kUnknownFunction, item.name.range, item.name.text)
              .AddHelp("commitments measure with `rate(entered a, entered b)`");
        } else if (item.arguments.size() != 2) {
          analysis.sink().Report(DiagCode::kWrongArgumentCount, item.range, "rate", "2 arguments",
                                 fmt::format("{} were", item.arguments.size()));
        }
        for (const ast::Metric& argument : item.arguments) {
          metric(argument);
        }
        return;
    }
  };

  for (const ast::CommitmentTarget& target : commitment.targets) {
    metric(target.metric);
    Type type = checker.Check(*target.value);
    bool share = target.metric.kind != ast::MetricKind::kEntered;
    bool fits =
        type.IsError() || type.kind == TypeKind::kInt || (share && type.kind == TypeKind::kPercent);
    if (!fits) {
      analysis.sink().Report(DiagCode::kTypeMismatch, target.value->range, "a commitment's target",
                             share ? "a count or a percent" : "a count", Describe(type));
    }
  }
}

}  // namespace

void CheckTypes(const CheckContext& context) {
  FileAnalysis& analysis = *context.analysis;
  ExprChecker checker(analysis, ExprContext{});
  for (const ast::DeclPtr& decl : context.file.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kScore:
        CheckScore(checker, ast::As<ast::ScoreDecl>(*decl));
        break;
      case ast::DeclKind::kSegment:
        checker.ExpectBool(*ast::As<ast::SegmentDecl>(*decl).condition, "a segment's condition");
        break;
      case ast::DeclKind::kLet: {
        const auto& let = ast::As<ast::LetDecl>(*decl);
        if (const ValueSymbol* symbol = analysis.FindValue(let.name.text);
            symbol != nullptr && symbol->let == &let) {
          analysis.LetType(*symbol);
        }
        break;
      }
      case ast::DeclKind::kStageRule:
        checker.ExpectBool(*ast::As<ast::StageRuleDecl>(*decl).condition,
                           "a stage rule's condition");
        break;
      case ast::DeclKind::kSla:
        CheckSla(checker, analysis, ast::As<ast::SlaDecl>(*decl));
        break;
      case ast::DeclKind::kGuard:
        for (const ast::Requirement& requirement : ast::As<ast::GuardDecl>(*decl).requirements) {
          checker.ExpectBool(*requirement.condition, "a guard's requirement");
        }
        break;
      case ast::DeclKind::kDisposition:
        CheckDisposition(analysis, ast::As<ast::DispositionDecl>(*decl));
        break;
      case ast::DeclKind::kCommitment:
        CheckCommitment(checker, analysis, ast::As<ast::CommitmentDecl>(*decl));
        break;
      case ast::DeclKind::kUse:
      case ast::DeclKind::kLead:
      case ast::DeclKind::kEvents:
      case ast::DeclKind::kCalendar:
      case ast::DeclKind::kHolidays:
      case ast::DeclKind::kStages:
      case ast::DeclKind::kTest:
        break;
    }
  }
}

}  // namespace slac
