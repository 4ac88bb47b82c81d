// Business calendars at run time: opening hours per weekday in a calendar's own time
// zone, closed dates and holiday rules, and the arithmetic SLA clocks do with them
// (adding business time, measuring it between two instants, finding the end of a
// business day). Instants are milliseconds since the Unix epoch (UTC); local dates are
// days since the epoch. Time zones and DST come from the system tz database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ir/plan.h"

namespace date {
class time_zone;
}

namespace slac::calendar {

/// The value returned when no answer exists (a calendar that never opens again).
inline constexpr int64_t kNever = INT64_MIN;

/// An opening, as UTC instants: [open, close).
struct Opening {
  int64_t open_ms = 0;
  int64_t close_ms = 0;
};

/// The result of building a calendar: the calendar, or why it could not be built.
class Calendar;
struct CalendarOrError;

/// A calendar ready for arithmetic. Immutable once built, so one instance may be shared
/// by threads.
class Calendar {
 public:
  /// Builds the calendar `plan` describes; fails when its time zone is unknown.
  static CalendarOrError Create(const ir::CalendarPlan& plan);

  const std::string& name() const { return name_; }
  const std::string& timezone() const { return timezone_; }

  /// Whether the calendar is open at instant `t_ms`.
  bool IsOpen(int64_t t_ms) const;

  /// The instant at which `business_ms` of opening time have passed since `start_ms`.
  /// Zero returns `start_ms`; when the time runs out exactly at a closing time, that
  /// closing time is returned. kNever when the calendar never opens again.
  int64_t Add(int64_t start_ms, int64_t business_ms) const;

  /// The opening time between `from_ms` and `to_ms`; 0 when `to_ms <= from_ms`.
  int64_t Elapsed(int64_t from_ms, int64_t to_ms) const;

  /// Closing time of the business day `t_ms` falls in, or of the next business day when
  /// `t_ms` is at or after that day's last closing (or on a day the calendar is closed).
  int64_t EndOfBusinessDay(int64_t t_ms) const;

  /// Closing time of the business day after the one EndOfBusinessDay(t_ms) ends.
  int64_t EndOfNextBusinessDay(int64_t t_ms) const;

  /// The first instant at or after `t_ms` at which the calendar is open.
  int64_t NextOpen(int64_t t_ms) const;

  /// The local date (days since the epoch) of instant `t_ms` in the calendar's zone.
  int64_t LocalDay(int64_t t_ms) const;

  /// Whether local date `day` is closed all day by a holiday or a closed date.
  bool IsClosedDay(int64_t day) const;

  /// The openings of local date `day`, in order (none on closed days).
  std::vector<Opening> OpeningsOn(int64_t day) const;

  /// The years whose holidays are known: outside them only weekly hours and closed dates
  /// apply.
  static constexpr int32_t kFirstHolidayYear = 1970;
  static constexpr int32_t kLastHolidayYear = 2200;

 private:
  Calendar() = default;
  void ExpandHolidays(const ir::HolidaySetPlan& set);

  std::string name_;
  std::string timezone_;
  const date::time_zone* zone_ = nullptr;
  std::vector<std::vector<ir::OpenInterval>> week_;
  std::vector<ir::ClosedRange> closed_;
  std::unordered_set<int64_t> holidays_;
  bool ever_open_ = false;
};

struct CalendarOrError {
  std::optional<Calendar> calendar;
  std::string error;
};

/// The date of Western (Gregorian) Easter Sunday of `year`, as days since the epoch.
int64_t EasterSunday(int32_t year);

/// The dates (days since the epoch) a holiday set closes on in `year`, after observed
/// moves; a moved date may fall in the year before or after.
std::vector<int64_t> HolidayDates(const ir::HolidaySetPlan& set, int32_t year);

}  // namespace slac::calendar
