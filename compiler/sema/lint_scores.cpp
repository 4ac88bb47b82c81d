// Score range analysis. From its rules, a score's reachable minimum and maximum are
// computed before clamping (see score_bounds.h). A score that cannot reach its range is an
// error; one whose rules leave most of its range unreached, and a rule whose effect is
// always clamped away or whose condition is always false, are warned about.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "sema/checks.h"
#include "sema/score_bounds.h"

namespace slac {
namespace {

std::string Points(double value) {
  if (std::isinf(value)) {
    return value > 0 ? "no upper bound" : "no lower bound";
  }
  return fmt::format("{}", value);
}

// Reports a range the rules fill less than half of. A score that tops out a little below
// the top of its range is common, such as a 0..100 fit whose rules add up to 75, and says
// nothing wrong; one whose rules reach 30 of 0..100 makes every threshold above 30 a
// threshold that never holds.
void LintUnreachedRange(const CheckContext& context, const ast::ScoreDecl& score,
                        const Interval& values) {
  if ((values.high - values.low) * 2 >= score.max - score.min) {
    return;
  }

  bool top_unreached = values.high < score.max;
  bool bottom_unreached = values.low > score.min;
  std::string reach;
  std::string help;
  if (values.low == values.high) {
    reach = fmt::format("only {}", values.low);
    help = fmt::format("the score is always {}, whatever the lead; give it rules that move it",
                       values.low);
  } else {
    reach = top_unreached && bottom_unreached ? fmt::format("only {}..{}", values.low, values.high)
            : top_unreached                   ? fmt::format("at most {}", values.high)
                                              : fmt::format("at least {}", values.low);
    help = fmt::format(
        "declare the range as `{}..{}` to match what the rules can reach, or change their points",
        values.low, values.high);
  }
  context.sink
      .Report(DiagCode::kUnreachedScoreRange, score.name.range, score.name.text, reach, score.min,
              score.max)
      .AddHelp(help);
}

// A rule never matters when, whatever the other rules do, the score is clamped on the side
// the rule pushes toward. Returns whether one was reported.
bool LintRulesThatNeverMatter(const CheckContext& context, const ast::ScoreDecl& score,
                              const std::vector<Reach>& reaches, const Reach& total) {
  bool reported = false;
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
    } else {
      continue;
    }
    reported = true;
  }
  return reported;
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
    ReportIfNeverHolds(context, *rule.condition, "rule");
    Reach reach = RuleReach(rule);
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

  bool never_matters = LintRulesThatNeverMatter(context, score, reaches, total);
  // A score held at one value by rules that never matter is reported at those rules.
  Interval values = *ScoreValues(score);
  if (values.low < values.high || !never_matters) {
    LintUnreachedRange(context, score, values);
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
