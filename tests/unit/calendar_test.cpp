// Business calendars: hand-checked cases across nights, weekends, holidays and DST
// changes in two zones, holiday rules, and properties that hold for any start and
// duration.
#include "calendar/calendar.h"

#include <date/date.h>
#include <catch2/catch.hpp>

#include <random>

#include "eval_helpers.h"

namespace slac {
namespace {

using calendar::Calendar;
using testing::Instant;
using testing::kDay;
using testing::kHour;
using testing::kMinute;

int64_t Day(int year, unsigned month, unsigned day) {
  return date::sys_days(date::year_month_day{date::year{year}, date::month{month}, date::day{day}})
      .time_since_epoch()
      .count();
}

// The policy's calendars, lowered from source.
std::vector<ir::CalendarPlan> CalendarsOf(const std::string& text) {
  auto compiled = testing::CompileText(text);
  INFO(compiled->Diagnostics());
  REQUIRE_FALSE(compiled->sink.HasErrors());
  return compiled->program.plan.calendars;
}

Calendar Build(const ir::CalendarPlan& plan) {
  calendar::CalendarOrError built = Calendar::Create(plan);
  INFO(built.error);
  REQUIRE(built.calendar);
  return *built.calendar;
}

const char* kPolicy = R"(policy t.calendars version 1.0.0
  timezone "America/New_York"

use std.holidays.us
use std.holidays.uk

calendar sales_hours {
  open mon..fri 09:00-18:00
  closed std.holidays.us.federal
}

calendar berlin_office {
  timezone "Europe/Berlin"
  open mon..fri 09:00-12:00, 13:00-17:00
  closed 2026-12-24..2026-12-31
}

calendar london_office {
  timezone "Europe/London"
  open mon..fri 09:00-17:30
  closed std.holidays.uk.england_wales
}

calendar around_the_clock {
  timezone "Europe/Berlin"
  open mon..sun 00:00-24:00
}

calendar night_desk {
  open mon..sun 02:00-04:00
}
)";

struct Calendars {
  Calendars() {
    std::vector<ir::CalendarPlan> plans = CalendarsOf(kPolicy);
    REQUIRE(plans.size() == 5);
    for (const ir::CalendarPlan& plan : plans) {
      built.push_back(Build(plan));
    }
  }
  const Calendar& sales() const { return built[0]; }
  const Calendar& berlin() const { return built[1]; }
  const Calendar& london() const { return built[2]; }
  const Calendar& always() const { return built[3]; }
  const Calendar& night() const { return built[4]; }
  std::vector<Calendar> built;
};

TEST_CASE("calendars lower with their zone, hours and holiday sets", "[calendar]") {
  std::vector<ir::CalendarPlan> plans = CalendarsOf(kPolicy);
  REQUIRE(plans.size() == 5);
  CHECK(plans[0].timezone == "America/New_York");
  CHECK(plans[1].timezone == "Europe/Berlin");
  REQUIRE(plans[0].week[0].size() == 1);
  CHECK(plans[0].week[0][0].open_seconds == 9 * 3600);
  CHECK(plans[0].week[0][0].close_seconds == 18 * 3600);
  CHECK(plans[0].week[5].empty());
  CHECK(plans[1].week[4].size() == 2);
  REQUIRE(plans[1].closed.size() == 1);
  CHECK(plans[1].closed[0].first_day == Day(2026, 12, 24));
  CHECK(plans[1].closed[0].last_day == Day(2026, 12, 31));
  REQUIRE(plans[0].holidays.size() == 1);
  CHECK(plans[0].holidays[0].holidays.size() == 11);
  CHECK(plans[3].week[6][0].close_seconds == 86400);
}

TEST_CASE("Friday 17:30 EST plus 30 business minutes, then Monday after the DST change",
          "[calendar]") {
  Calendars calendars;
  const Calendar& sales = calendars.sales();
  int64_t start = Instant("2026-03-06T17:30:00-05:00");

  CHECK(sales.Add(start, 30 * kMinute) == Instant("2026-03-06T18:00:00-05:00"));
  // Clocks went forward on Sunday March 8: Monday opens at 09:00 EDT, 13:00 UTC.
  CHECK(sales.Add(start, 48 * kMinute) == Instant("2026-03-09T09:18:00-04:00"));
  CHECK(sales.Add(start, 60 * kMinute) == Instant("2026-03-09T09:30:00-04:00"));
  CHECK(sales.Elapsed(start, Instant("2026-03-09T09:18:00-04:00")) == 48 * kMinute);
  CHECK(sales.Elapsed(start, Instant("2026-03-08T12:00:00-04:00")) == 30 * kMinute);
  CHECK_FALSE(sales.IsOpen(Instant("2026-03-07T12:00:00-05:00")));
  CHECK(sales.IsOpen(Instant("2026-03-09T09:00:00-04:00")));
  CHECK_FALSE(sales.IsOpen(Instant("2026-03-09T08:59:59-04:00")));
  CHECK_FALSE(sales.IsOpen(Instant("2026-03-09T18:00:00-04:00")));
}

TEST_CASE("end of business day and next business day", "[calendar]") {
  Calendars calendars;
  const Calendar& sales = calendars.sales();
  int64_t friday_close = Instant("2026-03-06T18:00:00-05:00");
  int64_t monday_close = Instant("2026-03-09T18:00:00-04:00");
  int64_t tuesday_close = Instant("2026-03-10T18:00:00-04:00");

  CHECK(sales.EndOfBusinessDay(Instant("2026-03-06T17:30:00-05:00")) == friday_close);
  CHECK(sales.EndOfBusinessDay(Instant("2026-03-06T07:00:00-05:00")) == friday_close);
  CHECK(sales.EndOfBusinessDay(Instant("2026-03-06T18:00:00-05:00")) == monday_close);
  CHECK(sales.EndOfBusinessDay(Instant("2026-03-07T10:00:00-05:00")) == monday_close);
  CHECK(sales.EndOfNextBusinessDay(Instant("2026-03-06T17:30:00-05:00")) == monday_close);
  CHECK(sales.EndOfNextBusinessDay(Instant("2026-03-06T19:00:00-05:00")) == tuesday_close);
  CHECK(sales.NextOpen(Instant("2026-03-06T19:00:00-05:00")) ==
        Instant("2026-03-09T09:00:00-04:00"));
  CHECK(sales.NextOpen(Instant("2026-03-06T10:00:00-05:00")) ==
        Instant("2026-03-06T10:00:00-05:00"));

  // Thanksgiving 2026 is Thursday November 26: Wednesday evening runs to Friday.
  CHECK(sales.EndOfNextBusinessDay(Instant("2026-11-25T12:00:00-05:00")) ==
        Instant("2026-11-27T18:00:00-05:00"));
}

TEST_CASE("US federal holidays, with observed days and a from-year", "[calendar]") {
  Calendars calendars;
  const Calendar& sales = calendars.sales();
  // Independence Day 2026 is a Saturday, observed on Friday July 3.
  CHECK(sales.IsClosedDay(Day(2026, 7, 3)));
  CHECK_FALSE(sales.IsOpen(Instant("2026-07-03T10:00:00-04:00")));
  CHECK(sales.IsOpen(Instant("2026-07-02T10:00:00-04:00")));
  // New Year's Day 2022 is a Saturday, observed on Friday December 31, 2021.
  CHECK(sales.IsClosedDay(Day(2021, 12, 31)));
  // Christmas 2022 is a Sunday, observed on Monday December 26.
  CHECK(sales.IsClosedDay(Day(2022, 12, 26)));
  // Juneteenth exists from 2021: a working Friday in 2020, observed on Friday June 18, 2021.
  CHECK_FALSE(sales.IsClosedDay(Day(2020, 6, 19)));
  CHECK(sales.IsClosedDay(Day(2021, 6, 18)));
  // Nth and last weekdays: MLK Day (third Monday of January), Memorial Day (last Monday
  // of May), Thanksgiving (fourth Thursday of November).
  CHECK(sales.IsClosedDay(Day(2026, 1, 19)));
  CHECK_FALSE(sales.IsClosedDay(Day(2026, 1, 12)));
  CHECK(sales.IsClosedDay(Day(2026, 5, 25)));
  CHECK(sales.IsClosedDay(Day(2026, 11, 26)));
  CHECK_FALSE(sales.IsClosedDay(Day(2026, 11, 19)));

  // Four business hours from Wednesday 16:00 before Thanksgiving end Friday 11:00.
  CHECK(sales.Add(Instant("2026-11-25T16:00:00-05:00"), 4 * kHour) ==
        Instant("2026-11-27T11:00:00-05:00"));
}

TEST_CASE("UK substitute days and Easter", "[calendar]") {
  Calendars calendars;
  const Calendar& london = calendars.london();
  CHECK(calendar::EasterSunday(2024) == Day(2024, 3, 31));
  CHECK(calendar::EasterSunday(2025) == Day(2025, 4, 20));
  CHECK(calendar::EasterSunday(2026) == Day(2026, 4, 5));
  CHECK(calendar::EasterSunday(2038) == Day(2038, 4, 25));
  // Good Friday and Easter Monday 2026.
  CHECK(london.IsClosedDay(Day(2026, 4, 3)));
  CHECK(london.IsClosedDay(Day(2026, 4, 6)));
  CHECK_FALSE(london.IsClosedDay(Day(2026, 4, 7)));
  // Christmas 2021 on a Saturday: substitutes Monday 27 and Tuesday 28 December.
  CHECK(london.IsClosedDay(Day(2021, 12, 27)));
  CHECK(london.IsClosedDay(Day(2021, 12, 28)));
  CHECK_FALSE(london.IsClosedDay(Day(2021, 12, 29)));
  // Christmas 2022 on a Sunday: Boxing Day keeps Monday 26, Christmas takes Tuesday 27.
  CHECK(london.IsClosedDay(Day(2022, 12, 26)));
  CHECK(london.IsClosedDay(Day(2022, 12, 27)));
  CHECK_FALSE(london.IsClosedDay(Day(2022, 12, 28)));
}

TEST_CASE("a calendar in a zone other than the policy's", "[calendar]") {
  Calendars calendars;
  const Calendar& berlin = calendars.berlin();
  // Europe moves its clocks on March 29, 2026, three weeks after New York.
  CHECK(berlin.IsOpen(Instant("2026-03-27T08:30:00Z")));        // 09:30 CET
  CHECK_FALSE(berlin.IsOpen(Instant("2026-03-27T07:30:00Z")));  // 08:30 CET
  CHECK(berlin.IsOpen(Instant("2026-03-30T07:30:00Z")));        // 09:30 CEST
  CHECK_FALSE(berlin.IsOpen(Instant("2026-03-30T10:30:00Z")));  // 12:30 CEST, lunch
  // Friday 16:00 CET plus two business hours: one hour Friday, one hour from Monday 09:00
  // CEST, which is 07:00 UTC.
  CHECK(berlin.Add(Instant("2026-03-27T16:00:00+01:00"), 2 * kHour) ==
        Instant("2026-03-30T08:00:00Z"));
  // Lunch is not business time: 11:30 plus one hour is 13:30.
  CHECK(berlin.Add(Instant("2026-03-31T11:30:00+02:00"), kHour) ==
        Instant("2026-03-31T13:30:00+02:00"));
  // The closed range over the year's end.
  CHECK(berlin.EndOfBusinessDay(Instant("2026-12-23T18:00:00+01:00")) ==
        Instant("2027-01-01T17:00:00+01:00"));
}

TEST_CASE("days of 23 and 25 hours count their real length", "[calendar]") {
  Calendars calendars;
  const Calendar& always = calendars.always();
  CHECK(always.Elapsed(Instant("2026-03-29T00:00:00+01:00"),
                       Instant("2026-03-30T00:00:00+02:00")) == 23 * kHour);
  CHECK(always.Elapsed(Instant("2026-10-25T00:00:00+02:00"),
                       Instant("2026-10-26T00:00:00+01:00")) == 25 * kHour);
  CHECK(always.Add(Instant("2026-10-25T00:00:00+02:00"), 25 * kHour) ==
        Instant("2026-10-26T00:00:00+01:00"));
  // Opening hours that a DST change skips: 02:00-04:00 is one hour on March 8 in New York.
  const Calendar& night = calendars.night();
  CHECK(night.Elapsed(Instant("2026-03-08T00:00:00-05:00"), Instant("2026-03-08T12:00:00-04:00")) ==
        kHour);
  CHECK(night.Elapsed(Instant("2026-03-09T00:00:00-04:00"), Instant("2026-03-09T12:00:00-04:00")) ==
        2 * kHour);
  // And 01:00-02:00 happens twice in November, but 02:00-04:00 is two hours as usual.
  CHECK(night.Elapsed(Instant("2026-11-01T00:00:00-04:00"), Instant("2026-11-01T12:00:00-05:00")) ==
        2 * kHour);
}

TEST_CASE("Elapsed undoes Add, and both are monotonic", "[calendar][property]") {
  Calendars calendars;
  std::mt19937_64 random(20260306);
  std::uniform_int_distribution<int64_t> starts(Instant("2025-12-20T00:00:00Z"),
                                                Instant("2027-01-10T00:00:00Z"));
  std::uniform_int_distribution<int64_t> durations(0, 200 * kHour);
  for (const Calendar* calendar :
       {&calendars.sales(), &calendars.berlin(), &calendars.london(), &calendars.night()}) {
    for (int i = 0; i < 300; ++i) {
      int64_t start = starts(random) / 1000 * 1000;
      int64_t d1 = durations(random) / kMinute * kMinute;
      int64_t d2 = durations(random) / kMinute * kMinute;
      INFO(calendar->name() << " start " << start << " d1 " << d1 << " d2 " << d2);
      int64_t end1 = calendar->Add(start, d1);
      int64_t end2 = calendar->Add(start, d2);
      REQUIRE(end1 != calendar::kNever);
      CHECK(calendar->Elapsed(start, end1) == d1);
      if (d1 <= d2) {
        CHECK(end1 <= end2);
      } else {
        CHECK(end1 >= end2);
      }
      CHECK(calendar->Elapsed(start, std::max(end1, end2)) >=
            calendar->Elapsed(start, std::min(end1, end2)));
      // The end of a positive duration is always inside opening hours or at a closing.
      if (d1 > 0) {
        CHECK((calendar->IsOpen(end1 - 1)));
      }
    }
  }
}

TEST_CASE("a calendar with an unknown zone is an error value", "[calendar]") {
  ir::CalendarPlan plan;
  plan.name = "mars_base";
  plan.timezone = "Mars/Olympus_Mons";
  calendar::CalendarOrError built = Calendar::Create(plan);
  CHECK_FALSE(built.calendar);
  CHECK(built.error.find("Mars/Olympus_Mons") != std::string::npos);
}

TEST_CASE("a calendar that never opens never reaches a target", "[calendar]") {
  ir::CalendarPlan plan;
  plan.name = "closed";
  Calendar closed = Build(plan);
  CHECK(closed.Add(0, kHour) == calendar::kNever);
  CHECK(closed.Add(0, 0) == 0);
  CHECK(closed.Elapsed(0, 10 * kDay) == 0);
  CHECK(closed.EndOfBusinessDay(0) == calendar::kNever);
}

}  // namespace
}  // namespace slac
