// Score range analysis. From its rules, a score's reachable minimum and maximum are
// computed before clamping: a fixed rule adds its points once, an `each` rule adds them
// per event (without bound unless capped). A score that cannot reach its range is an
// error; a rule whose effect is always clamped away, or whose condition is always false,
// is reported as one that can never matter.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "sema/checks.h"
#include "sema/constant.h"

namespace slac {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Reach {
  double low = 0;
  double high = 0;
};

// The least and most one rule can add.
Reach RuleReach(const ast::ScoreRule& rule) {
  bool per_event = rule.condition->kind == ast::ExprKind::kWindow &&
                   ast::As<ast::WindowExpr>(*rule.condition).op == ast::WindowOp::kEach;
  double most = rule.points;
  if (per_event) {
    most = rule.points > 0 ? kInfinity : -kInfinity;
  }
  if (rule.cap) {
    most = rule.points >= 0 ? std::min(most, *rule.cap) : std::max(most, -std::abs(*rule.cap));
  }
  return most >= 0 ? Reach{0, most} : Reach{most, 0};
}

std::string Points(double value) {
  if (std::isinf(value)) {
    return value > 0 ? "no upper bound" : "no lower bound";
  }
  return fmt::format("{}", value);
}

void LintScore(const CheckContext& context, const ast::ScoreDecl& score) {
  if (score.min >= score.max) {
    context.sink.Report(DiagCode::kEmptyScoreRange, score.bounds_range, score.min, score.max,
                        score.name.text);
    return;
  }

  std::vector<Reach> reaches;
  Reach total;
  for (const ast::ScoreRule& rule : score.rules) {
    std::optional<bool> constant = ConstantBool(*rule.condition);
    Reach reach = constant == false ? Reach{} : RuleReach(rule);
    if (constant == true && !rule.cap) {
      // A rule that always fires always adds its points.
      reach = Reach{rule.points, rule.points};
    }
    if (constant == false) {
      context.sink.Report(DiagCode::kRuleNeverFires, rule.condition->range, "rule");
    }
    reaches.push_back(reach);
    total.low += reach.low;
    total.high += reach.high;
  }

  if (total.high < score.min) {
    context.sink
        .Report(DiagCode::kScoreOutOfRange, score.name.range, score.name.text, score.min, score.max,
                "at most", Points(total.high))
        .AddHelp(
            "the score would always be clamped to its lower bound; add rules with "
            "positive points or lower the range");
    return;
  }
  if (total.low > score.max) {
    context.sink
        .Report(DiagCode::kScoreOutOfRange, score.name.range, score.name.text, score.min, score.max,
                "at least", Points(total.low))
        .AddHelp("the score would always be clamped to its upper bound");
    return;
  }

  // A rule never matters when, whatever the other rules do, the score is clamped on the
  // side the rule pushes toward.
  for (size_t i = 0; i < score.rules.size(); ++i) {
    const ast::ScoreRule& rule = score.rules[i];
    double others_low = total.low - reaches[i].low;
    double others_high = total.high - reaches[i].high;
    if (rule.points > 0 && others_low >= score.max) {
      context.sink.Report(DiagCode::kRuleNeverMatters, rule.range, score.name.text,
                          fmt::format("the other rules always reach {} already", score.max));
    } else if (rule.points < 0 && others_high <= score.min) {
      context.sink.Report(DiagCode::kRuleNeverMatters, rule.range, score.name.text,
                          fmt::format("the other rules never rise above {}", score.min));
    } else if (rule.points == 0) {
      context.sink.Report(DiagCode::kRuleNeverMatters, rule.points_range, score.name.text,
                          "it gives 0 points");
    }
  }
}

}  // namespace

void LintScores(const CheckContext& context) {
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind == ast::DeclKind::kScore) {
      LintScore(context, ast::As<ast::ScoreDecl>(*decl));
    }
  }
}

}  // namespace slac
