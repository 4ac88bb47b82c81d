// Service levels: tiers that cover every lead and can each be chosen, escalation
// thresholds that can fire and fire once each, and SLAs whose misses someone hears of.
#include <fmt/format.h>

#include <map>
#include <set>

#include "sema/checks.h"
#include "sema/constant.h"

namespace slac {
namespace {

std::string TierName(const ast::Tier& tier) {
  if (!tier.condition) {
    return "otherwise";
  }
  if (tier.condition->kind == ast::ExprKind::kName) {
    return ast::As<ast::NameExpr>(*tier.condition).name.Joined();
  }
  return "";
}

void LintTiers(const CheckContext& context, const ast::TargetClause& clause) {
  if (!clause.tiered) {
    return;
  }
  std::set<std::string> seen;
  bool after_otherwise = false;
  for (const ast::Tier& tier : clause.tiers) {
    std::string name = TierName(tier);
    if (after_otherwise) {
      context.sink.Report(DiagCode::kShadowedTier, tier.range, name,
                          "it comes after `otherwise`, which takes every lead left");
    } else if (!seen.insert(name).second) {
      context.sink.Report(DiagCode::kShadowedTier, tier.range, name,
                          "an earlier tier has the same condition and wins");
    }
    after_otherwise = after_otherwise || !tier.condition;
  }
  if (!after_otherwise) {
    context.sink.Report(DiagCode::kTiersNotCovering, clause.range)
        .AddHelp("end the tiers with `otherwise: DURATION`");
  }
}

// A threshold as a comparable key: percents and durations never collide.
std::optional<std::pair<int, double>> ThresholdKey(const ast::Expr& threshold) {
  switch (threshold.kind) {
    case ast::ExprKind::kPercent:
      return std::make_pair(0, ast::As<ast::PercentLiteral>(threshold).fraction);
    case ast::ExprKind::kDuration:
      return std::make_pair(
          1, static_cast<double>(ast::As<ast::DurationLiteral>(threshold).milliseconds));
    case ast::ExprKind::kBusiness: {
      const auto& business = ast::As<ast::BusinessExpr>(threshold);
      if (business.duration->kind == ast::ExprKind::kDuration) {
        return std::make_pair(
            2, static_cast<double>(ast::As<ast::DurationLiteral>(*business.duration).milliseconds));
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

void LintEscalations(const CheckContext& context, const ast::SlaDecl& sla) {
  bool recurring = !sla.every.empty();
  std::set<std::pair<int, double>> seen;
  size_t count = 0;
  for (const ast::EscalateClause& clause : sla.escalations) {
    for (const ast::Escalation& step : clause.steps) {
      ++count;
      std::optional<std::pair<int, double>> key = ThresholdKey(*step.threshold);
      if (!key) {
        continue;
      }
      if (key->second <= 0) {
        context.sink.Report(DiagCode::kUnreachableThreshold, step.threshold->range,
                            "a threshold must lie after the clock starts");
        continue;
      }
      if (recurring && key->first == 0 && key->second > 1.0) {
        context.sink.Report(DiagCode::kUnreachableThreshold, step.threshold->range,
                            "a recurring SLA starts a new period when its target passes, so "
                            "no threshold past 100% is reached");
        continue;
      }
      if (!seen.insert(*key).second) {
        context.sink.Report(DiagCode::kDuplicateThreshold, step.threshold->range, sla.name.text)
            .AddHelp(
                "list every action of one threshold together, such as `at 100%: "
                "notify manager, breach`");
      }
    }
  }
  if (count == 0) {
    context.sink.Report(DiagCode::kSlaWithoutEscalation, sla.name.range, sla.name.text)
        .AddHelp("add `escalate { at 100%: notify owner, breach }`");
  }
}

}  // namespace

// Every SLA needs a start, a way to be met and a target; each clause once.
void CheckClauses(const CheckContext& context, const ast::SlaDecl& sla) {
  auto once = [&](size_t count, const SourceRange& second, const char* keyword) {
    if (count > 1) {
      context.sink.Report(DiagCode::kDuplicateClause, second, keyword, "SLA");
    }
  };
  if (sla.starts.size() > 1) {
    once(sla.starts.size(), sla.starts[1].range, "starts");
  }
  if (sla.met_by.size() > 1) {
    once(sla.met_by.size(), sla.met_by[1].range, "met by");
  }
  if (sla.targets.size() > 1) {
    once(sla.targets.size(), sla.targets[1].range, "target");
  }
  if (sla.every.size() > 1) {
    once(sla.every.size(), sla.every[1].range, "every");
  }
  if (sla.starts.empty() && sla.every.empty()) {
    context.sink.Report(DiagCode::kIncompleteSla, sla.name.range, sla.name.text, "starts",
                        "never starts");
  }
  if (sla.met_by.empty()) {
    context.sink.Report(DiagCode::kIncompleteSla, sla.name.range, sla.name.text, "met by",
                        "never stops");
  }
  // A recurring SLA measures each period against the period itself.
  if (sla.targets.empty() && sla.every.empty()) {
    context.sink.Report(DiagCode::kIncompleteSla, sla.name.range, sla.name.text, "target",
                        "has nothing to measure against");
  }
}

void LintSlas(const CheckContext& context) {
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind == ast::DeclKind::kScore) {
      const auto& score = ast::As<ast::ScoreDecl>(*decl);
      if (score.half_lives.size() > 1) {
        context.sink.Report(DiagCode::kDuplicateClause, score.half_lives[1]->range, "decay",
                            "score");
      }
    }
    if (decl->kind != ast::DeclKind::kSla) {
      continue;
    }
    const auto& sla = ast::As<ast::SlaDecl>(*decl);
    CheckClauses(context, sla);
    for (const ast::TargetClause& clause : sla.targets) {
      LintTiers(context, clause);
    }
    LintEscalations(context, sla);
  }
}

}  // namespace slac
