#include "calendar/calendar.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace slac::calendar {
namespace {

using Ms = std::chrono::milliseconds;

constexpr int64_t kMsPerDay = 86'400'000;
// Days a search walks without finding an opening before deciding none will come.
constexpr int64_t kSearchDays = 3'660;

int64_t DayOf(const date::year_month_day& ymd) {
  return date::sys_days(ymd).time_since_epoch().count();
}

// ISO weekday of a date, 1 (Monday) .. 7 (Sunday).
unsigned IsoWeekday(int64_t day) {
  return date::weekday(date::sys_days(date::days(day))).iso_encoding();
}

bool IsWeekend(int64_t day) { return IsoWeekday(day) >= 6; }

// The date a rule gives in `year` before any observed move; nullopt when it has none.
std::optional<int64_t> RawDate(const ir::HolidayRulePlan& rule, int32_t year) {
  using Kind = ir::HolidayRulePlan::Kind;
  if (rule.from_year > 0 && year < rule.from_year) {
    return std::nullopt;
  }
  date::year y{year};
  switch (rule.kind) {
    case Kind::kFixedDay: {
      date::year_month_day ymd{y, date::month(rule.month), date::day(rule.day)};
      if (!ymd.ok()) {
        return std::nullopt;  // February 29 outside leap years.
      }
      return DayOf(ymd);
    }
    case Kind::kNthWeekday: {
      date::weekday weekday{static_cast<unsigned>(rule.weekday % 7)};
      date::month month(rule.month);
      int64_t day = 0;
      if (rule.ordinal < 0) {
        day = date::sys_days(date::year_month_weekday_last{y, month, date::weekday_last{weekday}})
                  .time_since_epoch()
                  .count();
      } else {
        date::year_month_weekday ymw{
            y, month, date::weekday_indexed{weekday, static_cast<unsigned>(rule.ordinal)}};
        if (!ymw.ok()) {
          return std::nullopt;  // A fifth weekday the month does not have.
        }
        day = date::sys_days(ymw).time_since_epoch().count();
      }
      return day + rule.offset_days;
    }
    case Kind::kEaster:
      return EasterSunday(year) + rule.offset_days;
    case Kind::kOneOff:
      if (rule.year != year) {
        return std::nullopt;
      }
      return DayOf(date::year_month_day{y, date::month(rule.month), date::day(rule.day)});
  }
  return std::nullopt;
}

}  // namespace

int64_t EasterSunday(int32_t year) {
  // The Gregorian computus (anonymous algorithm, as published by Meeus).
  int32_t a = year % 19;
  int32_t b = year / 100;
  int32_t c = year % 100;
  int32_t d = b / 4;
  int32_t e = b % 4;
  int32_t f = (b + 8) / 25;
  int32_t g = (b - f + 1) / 3;
  int32_t h = (19 * a + b - d - g + 15) % 30;
  int32_t i = c / 4;
  int32_t k = c % 4;
  int32_t l = (32 + 2 * e + 2 * i - h - k) % 7;
  int32_t m = (a + 11 * h + 22 * l) / 451;
  int32_t month = (h + l - 7 * m + 114) / 31;
  int32_t day = (h + l - 7 * m + 114) % 31 + 1;
  return DayOf(date::year_month_day{date::year{year}, date::month(month), date::day(day)});
}

std::vector<int64_t> HolidayDates(const ir::HolidaySetPlan& set, int32_t year) {
  // Holidays in date order, since substitute days are handed out in that order.
  std::vector<std::pair<int64_t, ir::ObservedRule>> raw;
  for (const ir::HolidayRulePlan& rule : set.holidays) {
    if (std::optional<int64_t> day = RawDate(rule, year)) {
      raw.emplace_back(*day, rule.observed);
    }
  }
  std::sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  std::vector<int64_t> taken;
  for (const auto& [day, observed] : raw) {
    if (!IsWeekend(day) || observed == ir::ObservedRule::kNone) {
      taken.push_back(day);
    }
  }
  std::vector<int64_t> dates = taken;
  for (const auto& [day, observed] : raw) {
    if (!IsWeekend(day)) {
      continue;
    }
    switch (observed) {
      case ir::ObservedRule::kNone:
        break;
      case ir::ObservedRule::kNearestWeekday:
        dates.push_back(IsoWeekday(day) == 6 ? day - 1 : day + 1);
        break;
      case ir::ObservedRule::kNextWeekday: {
        int64_t substitute = day + 1;
        while (IsWeekend(substitute) ||
               std::find(taken.begin(), taken.end(), substitute) != taken.end()) {
          ++substitute;
        }
        taken.push_back(substitute);
        dates.push_back(substitute);
        break;
      }
    }
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  return dates;
}

CalendarOrError Calendar::Create(const ir::CalendarPlan& plan) {
  CalendarOrError result;
  Calendar calendar;
  calendar.name_ = plan.name;
  calendar.timezone_ = plan.timezone;
  try {
    calendar.zone_ = date::locate_zone(plan.timezone);
  } catch (const std::exception& error) {
    result.error = "unknown time zone `" + plan.timezone + "` in calendar `" + plan.name +
                   "`: " + error.what();
    return result;
  }
  calendar.week_.assign(plan.week.begin(), plan.week.end());
  calendar.closed_ = plan.closed;
  for (const auto& day : calendar.week_) {
    calendar.ever_open_ = calendar.ever_open_ || !day.empty();
  }
  for (const ir::HolidaySetPlan& set : plan.holidays) {
    calendar.ExpandHolidays(set);
  }
  result.calendar = std::move(calendar);
  return result;
}

void Calendar::ExpandHolidays(const ir::HolidaySetPlan& set) {
  // Limitation: holidays are expanded for the years 1970 to 2200 only, so that a calendar
  // is immutable after it is built; outside them only weekly hours and closed dates apply.
  for (int32_t year = kFirstHolidayYear; year <= kLastHolidayYear; ++year) {
    for (int64_t day : HolidayDates(set, year)) {
      holidays_.insert(day);
    }
  }
}

int64_t Calendar::LocalDay(int64_t t_ms) const {
  auto local = zone_->to_local(date::sys_time<Ms>(Ms(t_ms)));
  return date::floor<date::days>(local).time_since_epoch().count();
}

bool Calendar::IsClosedDay(int64_t day) const {
  if (holidays_.count(day) > 0) {
    return true;
  }
  return std::any_of(closed_.begin(), closed_.end(), [day](const ir::ClosedRange& range) {
    return range.first_day <= day && day <= range.last_day;
  });
}

std::vector<Opening> Calendar::OpeningsOn(int64_t day) const {
  std::vector<Opening> openings;
  const auto& hours = week_[IsoWeekday(day) - 1];
  if (hours.empty() || IsClosedDay(day)) {
    return openings;
  }
  date::local_time<Ms> midnight{Ms(day * kMsPerDay)};
  for (const ir::OpenInterval& interval : hours) {
    // A local time skipped by a DST change maps to the instant of the change; one that
    // happens twice takes its first occurrence.
    auto open =
        zone_->to_sys(midnight + Ms(int64_t{interval.open_seconds} * 1000), date::choose::earliest);
    auto close = zone_->to_sys(midnight + Ms(int64_t{interval.close_seconds} * 1000),
                               date::choose::earliest);
    int64_t open_ms = open.time_since_epoch().count();
    int64_t close_ms = close.time_since_epoch().count();
    if (close_ms > open_ms) {
      openings.push_back(Opening{open_ms, close_ms});
    }
  }
  return openings;
}

bool Calendar::IsOpen(int64_t t_ms) const {
  for (const Opening& opening : OpeningsOn(LocalDay(t_ms))) {
    if (opening.open_ms <= t_ms && t_ms < opening.close_ms) {
      return true;
    }
  }
  return false;
}

int64_t Calendar::Add(int64_t start_ms, int64_t business_ms) const {
  if (business_ms <= 0) {
    return start_ms;
  }
  if (!ever_open_) {
    return kNever;
  }
  int64_t remaining = business_ms;
  int64_t day = LocalDay(start_ms);
  for (int64_t idle = 0; idle < kSearchDays; ++day) {
    bool counted = false;
    for (const Opening& opening : OpeningsOn(day)) {
      if (opening.close_ms <= start_ms) {
        continue;
      }
      int64_t from = std::max(opening.open_ms, start_ms);
      int64_t available = opening.close_ms - from;
      if (remaining <= available) {
        return from + remaining;
      }
      remaining -= available;
      counted = true;
    }
    idle = counted ? 0 : idle + 1;
  }
  return kNever;
}

int64_t Calendar::Elapsed(int64_t from_ms, int64_t to_ms) const {
  if (to_ms <= from_ms) {
    return 0;
  }
  int64_t total = 0;
  int64_t last_day = LocalDay(to_ms);
  for (int64_t day = LocalDay(from_ms); day <= last_day; ++day) {
    for (const Opening& opening : OpeningsOn(day)) {
      int64_t begin = std::max(opening.open_ms, from_ms);
      int64_t end = std::min(opening.close_ms, to_ms);
      if (end > begin) {
        total += end - begin;
      }
    }
  }
  return total;
}

int64_t Calendar::EndOfBusinessDay(int64_t t_ms) const {
  if (!ever_open_) {
    return kNever;
  }
  int64_t day = LocalDay(t_ms);
  for (int64_t i = 0; i < kSearchDays; ++i, ++day) {
    std::vector<Opening> openings = OpeningsOn(day);
    if (!openings.empty() && t_ms < openings.back().close_ms) {
      return openings.back().close_ms;
    }
  }
  return kNever;
}

int64_t Calendar::EndOfNextBusinessDay(int64_t t_ms) const {
  int64_t end = EndOfBusinessDay(t_ms);
  if (end == kNever) {
    return kNever;
  }
  // The first closing after the day `end` closes is the next business day's last.
  int64_t day = LocalDay(end - 1) + 1;
  for (int64_t i = 0; i < kSearchDays; ++i, ++day) {
    std::vector<Opening> openings = OpeningsOn(day);
    if (!openings.empty()) {
      return openings.back().close_ms;
    }
  }
  return kNever;
}

int64_t Calendar::NextOpen(int64_t t_ms) const {
  if (!ever_open_) {
    return kNever;
  }
  int64_t day = LocalDay(t_ms);
  for (int64_t i = 0; i < kSearchDays; ++i, ++day) {
    for (const Opening& opening : OpeningsOn(day)) {
      if (t_ms < opening.close_ms) {
        return std::max(t_ms, opening.open_ms);
      }
    }
  }
  return kNever;
}

}  // namespace slac::calendar
