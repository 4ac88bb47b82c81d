// What the rules of a score let it reach. Before clamping, a score is the sum of its rules'
// contributions; the least and most of that sum, clamped to the declared range, are the
// values the score can take. Lints use them to find ranges the rules never fill and
// conditions on a score that can never hold.
#pragma once

#include <optional>
#include <string_view>

#include "ast/ast.h"
#include "sema/checks.h"
#include "sema/constant.h"

namespace slac {

/// The least and most a rule, or the rules together, can add; either may be infinite.
struct Reach {
  double low = 0;
  double high = 0;
};

/// The least and most one rule can add. A fixed rule adds its points once, an `each` rule
/// per event (without bound unless `capped`). Decay only weighs points down, and an event at
/// `now` keeps its full weight, so it narrows neither bound. A rule whose condition is always
/// false adds nothing; one always true, without a cap, always adds its points.
Reach RuleReach(const ast::ScoreRule& rule);

/// The sum of the reaches of the score's rules, before clamping.
Reach RulesReach(const ast::ScoreDecl& score);

/// The values the score can take once clamped to its range. Nothing when the range is empty
/// or the rules can never reach it (E1005, E1001): the score's own error says enough, and
/// conditions that read it are not reported again.
std::optional<Interval> ScoreValues(const ast::ScoreDecl& score);

/// Reports `rule-never-fires` at `condition`, of a `what` ("rule", "stage rule"), when it
/// is always false, also in the light of the values the scores it reads can take; a note
/// shows each score consulted when its values decided it. Returns whether it reported.
bool ReportIfNeverHolds(const CheckContext& context, const ast::Expr& condition,
                        std::string_view what);

}  // namespace slac
