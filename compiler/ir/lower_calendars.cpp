// Lowering of calendars and the holiday sets they close on into CalendarPlan: weekday
// names become indices, closed dates become day numbers, holiday rules keep their form
// and are expanded per year by the runtime.
#include <date/date.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "ir/lower_plan.h"

namespace slac::ir {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 6> kOrdinals = {"first",  "second", "third",
                                                       "fourth", "fifth",  "last"};

// The index of `name` in `names`, or -1; sema has reported unknown names already.
template <size_t N>
int IndexOf(const std::array<std::string_view, N>& names, const std::string& name) {
  auto found = std::find(names.begin(), names.end(), name);
  return found == names.end() ? -1 : static_cast<int>(found - names.begin());
}

int64_t DayNumber(const ast::Date& day) {
  date::year_month_day ymd{date::year{day.year}, date::month{day.month}, date::day{day.day}};
  return date::sys_days(ymd).time_since_epoch().count();
}

HolidayRulePlan LowerHoliday(const ast::Holiday& holiday) {
  const ast::HolidayRule& rule = holiday.rule;
  HolidayRulePlan plan;
  plan.label = holiday.label.value;
  plan.offset_days = static_cast<int32_t>(rule.offset_ms / 86'400'000);
  switch (rule.kind) {
    case ast::HolidayRuleKind::kFixedDay:
      plan.kind = HolidayRulePlan::Kind::kFixedDay;
      plan.month = IndexOf(kMonths, rule.month.text) + 1;
      plan.day = rule.day;
      break;
    case ast::HolidayRuleKind::kNthWeekday: {
      plan.kind = HolidayRulePlan::Kind::kNthWeekday;
      plan.month = IndexOf(kMonths, rule.month.text) + 1;
      int ordinal = IndexOf(kOrdinals, rule.ordinal.text);
      plan.ordinal = ordinal == 5 ? -1 : ordinal + 1;
      plan.weekday = IndexOf(kWeekdays, rule.weekday.text) + 1;
      break;
    }
    case ast::HolidayRuleKind::kMovable:
      plan.kind = HolidayRulePlan::Kind::kEaster;
      break;
    case ast::HolidayRuleKind::kOneOff:
      plan.kind = HolidayRulePlan::Kind::kOneOff;
      plan.year = rule.date.year;
      plan.month = static_cast<int32_t>(rule.date.month);
      plan.day = static_cast<int32_t>(rule.date.day);
      break;
  }
  if (holiday.observed) {
    bool next = holiday.observed_rule && holiday.observed_rule->text == "next_weekday";
    plan.observed = next ? ObservedRule::kNextWeekday : ObservedRule::kNearestWeekday;
  }
  plan.from_year = holiday.from_year.value_or(0);
  return plan;
}

// The `holidays` block a calendar's `closed` names: one of the file's own, or one of a
// used module's.
const ast::HolidaysDecl* FindHolidays(FileAnalysis& analysis, const ast::QualifiedName& name) {
  FileAnalysis* owner = &analysis;
  if (name.parts.size() > 1) {
    std::string prefix;
    for (size_t i = 0; i + 1 < name.parts.size(); ++i) {
      prefix += (i == 0 ? "" : ".") + name.parts[i].text;
    }
    owner = analysis.FindModule(prefix);
  }
  if (owner == nullptr) {
    return nullptr;
  }
  for (const ast::DeclPtr& decl : owner->file().ast.decls) {
    if (decl->kind == ast::DeclKind::kHolidays &&
        ast::As<ast::HolidaysDecl>(*decl).name.text == name.parts.back().text) {
      return &ast::As<ast::HolidaysDecl>(*decl);
    }
  }
  return nullptr;
}

CalendarPlan LowerCalendar(PlanContext& context, const ast::CalendarDecl& calendar) {
  CalendarPlan plan;
  plan.name = calendar.name.text;
  plan.timezone = calendar.timezones.empty() ? context.timezone : calendar.timezones[0].value;

  for (const ast::OpenHours& open : calendar.open) {
    for (const ast::DayRange& days : open.days) {
      int first = IndexOf(kDays, days.first.text);
      int last = days.last ? IndexOf(kDays, days.last->text) : first;
      if (first < 0 || last < 0) {
        continue;
      }
      // `fri..mon` wraps over the weekend.
      for (int day = first;; day = (day + 1) % 7) {
        for (const ast::HoursRange& hours : open.hours) {
          if (hours.close_seconds > hours.open_seconds) {
            plan.week[day].push_back(OpenInterval{hours.open_seconds, hours.close_seconds});
          }
        }
        if (day == last) {
          break;
        }
      }
    }
  }
  // Overlapping or touching intervals of one day merge, so opening hours never count twice.
  for (std::vector<OpenInterval>& day : plan.week) {
    std::sort(day.begin(), day.end(), [](const OpenInterval& a, const OpenInterval& b) {
      return a.open_seconds < b.open_seconds;
    });
    std::vector<OpenInterval> merged;
    for (const OpenInterval& interval : day) {
      if (!merged.empty() && interval.open_seconds <= merged.back().close_seconds) {
        merged.back().close_seconds = std::max(merged.back().close_seconds, interval.close_seconds);
      } else {
        merged.push_back(interval);
      }
    }
    day = std::move(merged);
  }

  for (const ast::ClosedItem& closed : calendar.closed) {
    if (closed.holidays) {
      if (const ast::HolidaysDecl* holidays = FindHolidays(context.analysis, *closed.holidays)) {
        HolidaySetPlan set;
        set.name = closed.holidays->Joined();
        for (const ast::Holiday& holiday : holidays->holidays) {
          set.holidays.push_back(LowerHoliday(holiday));
        }
        plan.holidays.push_back(std::move(set));
      }
      continue;
    }
    if (closed.first) {
      int64_t first = DayNumber(*closed.first);
      int64_t last = closed.last ? DayNumber(*closed.last) : first;
      plan.closed.push_back(ClosedRange{first, last});
    }
  }
  return plan;
}

}  // namespace

void LowerCalendars(PlanContext& context) {
  for (const ast::DeclPtr& decl : context.analysis.file().ast.decls) {
    if (decl->kind == ast::DeclKind::kCalendar) {
      context.program.plan.calendars.push_back(
          LowerCalendar(context, ast::As<ast::CalendarDecl>(*decl)));
    }
  }
}

}  // namespace slac::ir
