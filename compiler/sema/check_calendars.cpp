// Calendars: named days, opening hours that close after they open, closed date ranges in
// order, and at least one opening, since business time never passes in a closed calendar.
#include <array>

#include "sema/checks.h"
#include "sema/suggest.h"

namespace slac {
namespace {

constexpr std::array<const char*, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void CheckDay(const CheckContext& context, const ast::Identifier& day) {
  for (const char* known : kDays) {
    if (day.text == known) {
      return;
    }
  }
  Diagnostic& diagnostic = context.sink.Report(DiagCode::kUnknownDay, day.range, day.text);
  std::vector<std::string> names(kDays.begin(), kDays.end());
  if (auto closest = ClosestName(day.text.substr(0, 3), names)) {
    diagnostic.AddHelp(
        fmt::format("days are written mon, tue, wed, thu, fri, sat, sun; did "
                    "you mean `{}`?",
                    *closest));
  } else {
    diagnostic.AddHelp("days are written mon, tue, wed, thu, fri, sat, sun");
  }
}

bool DateBefore(const ast::Date& a, const ast::Date& b) {
  return std::tie(a.year, a.month, a.day) < std::tie(b.year, b.month, b.day);
}

std::string Clock(int32_t seconds) {
  return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
}

void CheckCalendar(const CheckContext& context, const ast::CalendarDecl& calendar) {
  if (calendar.open.empty()) {
    context.sink.Report(DiagCode::kEmptyCalendar, calendar.name.range, calendar.name.text)
        .AddHelp("add opening hours, such as `open mon..fri 09:00-17:00`");
  }
  for (const ast::OpenHours& open : calendar.open) {
    for (const ast::DayRange& days : open.days) {
      CheckDay(context, days.first);
      if (days.last) {
        CheckDay(context, *days.last);
      }
    }
    for (const ast::HoursRange& hours : open.hours) {
      if (hours.close_seconds <= hours.open_seconds) {
        context.sink
            .Report(DiagCode::kEmptyOpeningHours, hours.range,
                    Clock(hours.open_seconds) + "-" + Clock(hours.close_seconds))
            .AddHelp(
                "hours that run past midnight are written as two ranges on their days, "
                "such as `open fri 22:00-24:00` and `open sat 00:00-02:00`");
      }
    }
  }
  for (const ast::ClosedItem& closed : calendar.closed) {
    if (closed.first && closed.last && DateBefore(*closed.last, *closed.first)) {
      context.sink.Report(DiagCode::kReversedDateRange, closed.range);
    }
  }
}

}  // namespace

void CheckCalendars(const CheckContext& context) {
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind == ast::DeclKind::kCalendar) {
      CheckCalendar(context, ast::As<ast::CalendarDecl>(*decl));
    }
  }
}

}  // namespace slac
