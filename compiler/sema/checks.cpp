#include "sema/checks.h"

namespace slac {

const std::vector<NamedCheck>& AllChecks() {
  static const std::vector<NamedCheck> checks = {
      {"header", CheckHeader},
      {"time-zones", CheckTimeZones},
      {"stage-references", CheckStageReferences},
      {"stage-reachability", CheckStageReachability},
      {"calendars", CheckCalendars},
      {"regexes", CheckRegexes},
      {"holidays", CheckHolidays},
      {"types", CheckTypes},
      {"tests", CheckTests},
      {"unused", LintUnused},
      {"scores", LintScores},
      {"slas", LintSlas},
      {"stage-rules", LintStageRules},
      {"dispositions", LintDispositions},
  };
  return checks;
}

}  // namespace slac
