// The clock plan of a policy: its calendars (with their holiday rules), SLAs, guards and
// dispositions, in a form the runtime's calendar and SLA clock engine read without any
// syntax left. Per-lead values the clocks need (the tier, `applies when`, `pause while`,
// guard requirements, note rules) are computed by the policy's evaluator and named here
// by their index in `Program::results`.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace slac::ir {

/// How a holiday that falls on a weekend is observed.
enum class ObservedRule : uint8_t {
  kNone,
  /// Saturday moves to the Friday before, Sunday to the Monday after (US federal rule).
  kNearestWeekday,
  /// Saturday or Sunday moves to the next weekday not already a holiday of the same set,
  /// taking the set's holidays in date order (UK substitute days).
  kNextWeekday,
};

/// One holiday: how its date is found in a given year.
struct HolidayRulePlan {
  enum class Kind : uint8_t { kFixedDay, kNthWeekday, kEaster, kOneOff };
  Kind kind = Kind::kFixedDay;
  std::string label;
  /// kFixedDay, kNthWeekday: month 1..12. kFixedDay, kOneOff: day of month.
  int32_t month = 1;
  int32_t day = 1;
  /// kNthWeekday: 1..5, or -1 for the last such weekday of the month.
  int32_t ordinal = 1;
  /// kNthWeekday: ISO weekday, 1 (Monday) .. 7 (Sunday).
  int32_t weekday = 1;
  /// kOneOff: the year of its single date.
  int32_t year = 0;
  /// kNthWeekday, kEaster: days added to the base date (`easter - 2d`, `... + 1d`).
  int32_t offset_days = 0;
  ObservedRule observed = ObservedRule::kNone;
  /// The first year the holiday exists; 0 for always.
  int32_t from_year = 0;
};

/// A named set of holidays, as declared by a `holidays` block.
struct HolidaySetPlan {
  std::string name;
  std::vector<HolidayRulePlan> holidays;
};

/// Opening hours within one local day, in seconds since local midnight (close may be
/// 86400 for midnight at the end of the day).
struct OpenInterval {
  int32_t open_seconds = 0;
  int32_t close_seconds = 0;
};

/// Closed local dates, as days since the Unix epoch, both ends included.
struct ClosedRange {
  int64_t first_day = 0;
  int64_t last_day = 0;
};

/// A business calendar: opening hours per weekday in its own time zone, closed dates and
/// the holiday sets it closes on.
struct CalendarPlan {
  std::string name;
  /// IANA zone name; the policy's zone unless the calendar names its own.
  std::string timezone = "UTC";
  /// Opening intervals per ISO weekday minus one: [0] is Monday, [6] Sunday. Sorted and
  /// not overlapping.
  std::array<std::vector<OpenInterval>, 7> week;
  std::vector<ClosedRange> closed;
  std::vector<HolidaySetPlan> holidays;
};

/// What starts or meets an SLA: entering a stage, or an event of a kind whose attributes
/// equal the given constants.
struct TriggerPlan {
  enum class Kind : uint8_t { kEnterStage, kEvent };
  struct Filter {
    std::string attribute;
    /// The constant as text: an enum value's name, a string, or an integer's digits.
    std::string value;
  };
  Kind kind = Kind::kEvent;
  /// kEnterStage: the stage name. kEvent: the event kind.
  std::string name;
  std::vector<Filter> filters;
};

/// A target: a duration on a clock, or the end of a business day.
struct TargetPlan {
  enum class Kind : uint8_t { kDuration, kSameBusinessDay, kNextBusinessDay };
  Kind kind = Kind::kDuration;
  int64_t duration_ms = 0;
  /// Index into Plan::calendars; -1 for calendar (wall-clock) time.
  int32_t calendar = -1;
};

/// One step of a touch sequence: the Nth event of `event` is due within `target`,
/// counted from the end of the previous step.
struct TouchStepPlan {
  std::string event;
  int64_t ordinal = 1;
  TargetPlan target;
};

/// One tier's target: a single target, or a touch sequence when `steps` is not empty.
struct TierPlan {
  std::string name;
  TargetPlan target;
  std::vector<TouchStepPlan> steps;
};

struct ActionPlan {
  enum class Kind : uint8_t { kNotify, kReassign, kFlag, kBreach, kRelease };
  Kind kind = Kind::kNotify;
  /// kNotify, kRelease: the role. kReassign: the queue. kFlag: the tag.
  std::string argument;
};

/// `at 80%: ...` (a fraction of the target) or `at 2h: ...` (an offset on a clock).
struct EscalationPlan {
  bool percent = true;
  double fraction = 1.0;
  int64_t offset_ms = 0;
  /// For offsets: the calendar they count in; -1 for the SLA's own clock.
  int32_t calendar = -1;
  /// True when an offset is written in business time (`8h business cal`).
  bool business = false;
  std::vector<ActionPlan> actions;
};

struct SlaPlan {
  std::string name;
  std::vector<TriggerPlan> starts;
  std::vector<TriggerPlan> met_by;
  std::vector<TierPlan> tiers;
  /// Result slots (indices into Program::results); -1 when the SLA has none.
  int32_t tier_result = -1;
  /// Every `applies when` must hold for the SLA to apply; any `pause while` pauses it.
  std::vector<int32_t> applies_results;
  std::vector<int32_t> pause_results;
  /// `every D`: the obligation recurs, each cycle starting when the previous one is met.
  int64_t every_ms = 0;
  std::vector<EscalationPlan> escalations;
};

struct GuardPlan {
  struct Requirement {
    int32_t result = -1;
    std::string message;
  };
  std::string from;
  std::string to;
  std::vector<Requirement> requirements;
};

struct DispositionPlan {
  std::vector<std::string> stages;
  /// The reasons allowed; empty allows none (any reason given is unknown).
  std::vector<std::string> reasons;
  /// A note is required for every reason.
  bool note_always = false;
  /// Per reason (parallel to `reasons`): result slots of the note rules for a lead giving
  /// that reason; a note is required when any of them holds.
  std::vector<std::vector<int32_t>> note_results;
};

/// Everything the runtime needs besides the evaluator.
struct Plan {
  std::vector<CalendarPlan> calendars;
  std::vector<SlaPlan> slas;
  std::vector<GuardPlan> guards;
  std::vector<DispositionPlan> dispositions;
  /// The stages in graph order and the transitions the graph allows.
  std::vector<std::pair<std::string, std::string>> transitions;
};

}  // namespace slac::ir
