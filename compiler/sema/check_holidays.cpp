// Holidays: rules name real months, weekdays and ordinals, fixed days exist in their
// month, and calendars close on holiday sets that are declared.
#include <fmt/format.h>

#include <array>

#include "sema/analysis.h"
#include "sema/checks.h"
#include "sema/suggest.h"

namespace slac {
namespace {

const std::vector<std::string> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
const std::vector<std::string> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};
const std::vector<std::string> kOrdinals = {"first", "second", "third", "fourth", "fifth", "last"};
const std::vector<std::string> kObservedRules = {"nearest_weekday", "next_weekday"};
constexpr std::array<int, 12> kDaysInMonth = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// Reports `name` unless it is one of `allowed`; returns its index.
int Expect(const CheckContext& context, const ast::Identifier& name,
           const std::vector<std::string>& allowed, const char* what) {
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (name.text == allowed[i]) {
      return static_cast<int>(i);
    }
  }
  std::string list;
  for (const std::string& value : allowed) {
    list += (list.empty() ? "" : ", ") + value;
  }
  Diagnostic& diagnostic = context.sink.Report(DiagCode::kTypeMismatch, name.range, what,
                                               "one of " + list, fmt::format("`{}`", name.text));
  if (auto closest = ClosestName(name.text, allowed)) {
    diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
  }
  return -1;
}

void CheckRule(const CheckContext& context, const ast::Holiday& holiday) {
  const ast::HolidayRule& rule = holiday.rule;
  switch (rule.kind) {
    case ast::HolidayRuleKind::kFixedDay: {
      int month = Expect(context, rule.month, kMonths, "a holiday's month");
      if (month >= 0 && (rule.day < 1 || rule.day > kDaysInMonth[month])) {
        context.sink.Report(DiagCode::kInvalidDate, rule.range,
                            fmt::format("{} {}", rule.month.text, rule.day),
                            "that month has no such day");
      }
      break;
    }
    case ast::HolidayRuleKind::kNthWeekday:
      Expect(context, rule.ordinal, kOrdinals, "which weekday of the month");
      Expect(context, rule.weekday, kWeekdays, "a weekday");
      Expect(context, rule.month, kMonths, "a holiday's month");
      break;
    case ast::HolidayRuleKind::kMovable:
      Expect(context, rule.base, {"easter"}, "a movable feast");
      break;
    case ast::HolidayRuleKind::kOneOff:
      break;
  }
  if (holiday.observed_rule) {
    Expect(context, *holiday.observed_rule, kObservedRules, "the rule for observing");
  }
}

}  // namespace

void CheckHolidays(const CheckContext& context) {
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind == ast::DeclKind::kHolidays) {
      for (const ast::Holiday& holiday : ast::As<ast::HolidaysDecl>(*decl).holidays) {
        CheckRule(context, holiday);
      }
    }
    if (decl->kind != ast::DeclKind::kCalendar) {
      continue;
    }
    for (const ast::ClosedItem& closed : ast::As<ast::CalendarDecl>(*decl).closed) {
      if (closed.holidays && !context.analysis->HasHolidays(*closed.holidays)) {
        context.sink
            .Report(DiagCode::kUnknownHolidays, closed.holidays->range, closed.holidays->Joined())
            .AddHelp(
                "`use std.holidays.us` and write `closed std.holidays.us.federal`, or "
                "declare `holidays NAME { ... }`");
      }
    }
  }
}

}  // namespace slac
