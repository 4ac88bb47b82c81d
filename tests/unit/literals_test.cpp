// Decoding of literal tokens.
#include "parse/literals.h"

#include <catch2/catch.hpp>

namespace slac::literals {
namespace {

TEST_CASE("durations are decoded to milliseconds", "[literals]") {
  CHECK(ParseDurationMs("250ms") == 250);
  CHECK(ParseDurationMs("90s") == 90'000);
  CHECK(ParseDurationMs("5m") == 300'000);
  CHECK(ParseDurationMs("24h") == 86'400'000);
  CHECK(ParseDurationMs("7d") == 604'800'000);
  CHECK(ParseDurationMs("2w") == 1'209'600'000);
  CHECK_FALSE(ParseDurationMs("99999999999999999d").has_value());
  CHECK_FALSE(ParseDurationMs("5min").has_value());
  // A number without its unit, as a CSV cell or a command-line value may give one.
  CHECK_FALSE(ParseDurationMs("45").has_value());
  CHECK_FALSE(ParseDurationMs("").has_value());
  CHECK_FALSE(ParseDurationMs("m").has_value());
}

TEST_CASE("dates are checked against the calendar", "[literals]") {
  std::string reason;
  auto leap = ParseDate("2028-02-29", reason);
  REQUIRE(leap.has_value());
  CHECK(leap->year == 2028);
  CHECK(leap->month == 2u);
  CHECK(leap->day == 29u);

  CHECK_FALSE(ParseDate("2026-02-29", reason).has_value());
  CHECK(reason == "that month has no day 29");
  CHECK_FALSE(ParseDate("2026-13-01", reason).has_value());
  CHECK(reason == "there is no month 13");
}

TEST_CASE("times of day allow 24:00 as the end of a day", "[literals]") {
  std::string reason;
  CHECK(ParseTimeOfDay("09:00", reason) == 9 * 3600);
  CHECK(ParseTimeOfDay("9:30", reason) == 9 * 3600 + 30 * 60);
  CHECK(ParseTimeOfDay("17:45:30", reason) == 17 * 3600 + 45 * 60 + 30);
  CHECK(ParseTimeOfDay("24:00", reason) == 24 * 3600);
  CHECK_FALSE(ParseTimeOfDay("24:01", reason).has_value());
  CHECK_FALSE(ParseTimeOfDay("12:60", reason).has_value());
  CHECK(reason == "minutes and seconds go from 00 to 59");
}

TEST_CASE("instants keep their local time and offset", "[literals]") {
  std::string reason;
  ast::InstantLiteral eastern({}, "2026-03-06T17:30:00-05:00");
  REQUIRE(ParseInstant(eastern, reason));
  CHECK(eastern.date.day == 6u);
  CHECK(eastern.time_of_day_ms == (17 * 3600 + 30 * 60) * 1000);
  CHECK(eastern.utc_offset_minutes == -300);

  ast::InstantLiteral utc({}, "2026-03-10T15:00:00.250Z");
  REQUIRE(ParseInstant(utc, reason));
  CHECK(utc.time_of_day_ms == 15 * 3600 * 1000 + 250);
  CHECK(utc.utc_offset_minutes == 0);

  ast::InstantLiteral local({}, "2026-03-10T08:00");
  REQUIRE(ParseInstant(local, reason));
  CHECK_FALSE(local.utc_offset_minutes.has_value());

  ast::InstantLiteral bad_hour({}, "2026-03-10T24:00:00Z");
  CHECK_FALSE(ParseInstant(bad_hour, reason));
  ast::InstantLiteral bad_offset({}, "2026-03-10T10:00:00+19:00");
  CHECK_FALSE(ParseInstant(bad_offset, reason));
}

TEST_CASE("strings are unquoted and escapes decoded", "[literals]") {
  std::string bad;
  CHECK(UnquoteString(R"("plain")", bad) == "plain");
  CHECK(UnquoteString(R"("say \"hi\"\n\ttab \\")", bad) == "say \"hi\"\n\ttab \\");
  CHECK_FALSE(UnquoteString(R"("\q")", bad).has_value());
  CHECK(bad == "q");
}

TEST_CASE("integers are range-checked", "[literals]") {
  CHECK(ParseInt("9223372036854775807") == INT64_MAX);
  CHECK_FALSE(ParseInt("9223372036854775808").has_value());
}

}  // namespace
}  // namespace slac::literals
