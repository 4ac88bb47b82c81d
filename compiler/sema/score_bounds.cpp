#include "sema/score_bounds.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sema/analysis.h"

namespace slac {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The score a name in a condition refers to, in this file or a used module.
// Limitation: only a score named in the condition itself is found; one read through a `let`
// or a segment (`segment top when fit >= 80`, then `stage sql when top`) is not, since
// following definitions here would need its own guard against cycles and long chains.
const ast::ScoreDecl* ScoreNamedBy(const CheckContext& context, const ast::Expr& expr) {
  if (expr.kind != ast::ExprKind::kName || context.analysis == nullptr) {
    return nullptr;
  }
  const ValueSymbol* symbol = context.analysis->SymbolOf(expr);
  if (symbol == nullptr || symbol->kind != ValueSymbol::Kind::kScore) {
    return nullptr;
  }
  for (const ast::DeclPtr& decl : symbol->owner->file().ast.decls) {
    if (decl->kind == ast::DeclKind::kScore &&
        ast::As<ast::ScoreDecl>(*decl).name.range == symbol->range) {
      return &ast::As<ast::ScoreDecl>(*decl);
    }
  }
  return nullptr;
}

}  // namespace

Reach RuleReach(const ast::ScoreRule& rule) {
  std::optional<bool> constant = ConstantBool(*rule.condition);
  if (constant == false) {
    return Reach{};
  }

  bool per_event = rule.condition->kind == ast::ExprKind::kWindow &&
                   ast::As<ast::WindowExpr>(*rule.condition).op == ast::WindowOp::kEach;
  double most = rule.points;
  if (per_event) {
    most = rule.points > 0 ? kInfinity : -kInfinity;
  }
  if (rule.cap) {
    most = rule.points >= 0 ? std::min(most, *rule.cap) : std::max(most, -std::abs(*rule.cap));
  }
  if (constant == true) {
    // A rule that always fires always adds its points.
    return Reach{most, most};
  }
  return most >= 0 ? Reach{0, most} : Reach{most, 0};
}

Reach RulesReach(const ast::ScoreDecl& score) {
  Reach total;
  for (const ast::ScoreRule& rule : score.rules) {
    Reach reach = RuleReach(rule);
    total.low += reach.low;
    total.high += reach.high;
  }
  return total;
}

std::optional<Interval> ScoreValues(const ast::ScoreDecl& score) {
  if (score.min >= score.max) {
    return std::nullopt;
  }
  Reach total = RulesReach(score);
  if (total.high < score.min || total.low > score.max) {
    return std::nullopt;
  }
  return Interval{std::max(score.min, total.low), std::min(score.max, total.high)};
}

bool ReportIfNeverHolds(const CheckContext& context, const ast::Expr& condition,
                        std::string_view what) {
  if (ConstantBool(condition) == false) {
    context.sink.Report(DiagCode::kRuleNeverFires, condition.range, what);
    return true;
  }

  // Fold again, reading each score as the values it can take, except those in `ignored`.
  std::vector<const ast::ScoreDecl*> consulted;
  std::vector<const ast::ScoreDecl*> ignored;
  IntervalOf interval_of = [&](const ast::Expr& expr) -> std::optional<Interval> {
    const ast::ScoreDecl* score = ScoreNamedBy(context, expr);
    if (score == nullptr || std::find(ignored.begin(), ignored.end(), score) != ignored.end()) {
      return std::nullopt;
    }
    std::optional<Interval> values = ScoreValues(*score);
    if (values && std::find(consulted.begin(), consulted.end(), score) == consulted.end()) {
      consulted.push_back(score);
    }
    return values;
  };
  if (ConstantBool(condition, interval_of) != false) {
    return false;
  }

  // The notes name only the scores that decide: each one whose values are not needed for
  // the condition to stay false is left out in turn.
  std::vector<const ast::ScoreDecl*> deciding = consulted;
  const std::vector<const ast::ScoreDecl*> candidates = consulted;
  for (const ast::ScoreDecl* score : candidates) {
    ignored.push_back(score);
    if (ConstantBool(condition, interval_of) == false) {
      deciding.erase(std::find(deciding.begin(), deciding.end(), score));
    } else {
      ignored.pop_back();
    }
  }

  Diagnostic& diagnostic = context.sink.Report(DiagCode::kRuleNeverFires, condition.range, what);
  for (const ast::ScoreDecl* score : deciding) {
    Interval values = *ScoreValues(*score);
    std::string note = values.low == values.high
                           ? fmt::format("score `{}` is always {}", score->name.text, values.low)
                           : fmt::format("score `{}` always lies within {}..{}", score->name.text,
                                         values.low, values.high);
    diagnostic.AddNote(note, score->name.range);
  }
  return true;
}

}  // namespace slac
