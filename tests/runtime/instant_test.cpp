// RFC 3339 instants and calendar days as the readers accept them, and what they refuse.
#include <catch2/catch.hpp>

#include "slac/decision_writer.h"
#include "slac/lead_input.h"

namespace slac::runtime {
namespace {

int64_t Instant(std::string_view text) {
  std::string error;
  std::optional<int64_t> ms = ParseInstant(text, error);
  INFO(error);
  REQUIRE(ms.has_value());
  return *ms;
}

std::string Refusal(std::string_view text) {
  std::string error;
  REQUIRE_FALSE(ParseInstant(text, error).has_value());
  return error;
}

TEST_CASE("instants in UTC and with offsets", "[instant]") {
  CHECK(Instant("1970-01-01T00:00:00Z") == 0);
  CHECK(Instant("2026-03-10T15:00:00Z") == 1'773'154'800'000);
  CHECK(Instant("2026-03-10T10:00:00-05:00") == 1'773'154'800'000);
  CHECK(Instant("2026-03-10T20:30:00+05:30") == 1'773'154'800'000);
  CHECK(Instant("2026-03-10 15:00:00Z") == 1'773'154'800'000);
  CHECK(Instant("2026-03-10t15:00:00z") == 1'773'154'800'000);
  CHECK(Instant("1969-12-31T23:59:59Z") == -1000);
}

TEST_CASE("fractions of a second keep milliseconds", "[instant]") {
  CHECK(Instant("2026-03-10T15:00:00.5Z") == 1'773'154'800'500);
  CHECK(Instant("2026-03-10T15:00:00.25Z") == 1'773'154'800'250);
  CHECK(Instant("2026-03-10T15:00:00.123456Z") == 1'773'154'800'123);
}

TEST_CASE("leap days are days, other 29ths of February are not", "[instant]") {
  CHECK(Instant("2024-02-29T00:00:00Z") == 1'709'164'800'000);
  CHECK(Refusal("2026-02-29T00:00:00Z").find("expected an RFC 3339 instant") == 0);
}

TEST_CASE("malformed instants are refused with the text shown", "[instant]") {
  CHECK(Refusal("2026-03-10T15:00:00") ==
        "`2026-03-10T15:00:00` has no UTC offset; add `Z` or one such as `-05:00`");
  CHECK(Refusal("2026-03-10T24:00:00Z") == "`2026-03-10T24:00:00Z` has a time of day out of range");
  CHECK(Refusal("2026-03-10T15:60:00Z").find("out of range") != std::string::npos);
  CHECK(Refusal("2026-03-10T15:00:60Z").find("out of range") != std::string::npos);
  for (const char* bad :
       {"", "yesterday", "2026-03-10", "2026-3-10T15:00:00Z", "2026-03-10T15:00Z",
        "2026-03-10T15:00:00.Z", "2026-03-10T15:00:00+5", "2026-03-10T15:00:00+05:00x",
        "2026-13-01T00:00:00Z", "2026-03-10T15:00:00+24:00", "２026-03-10T15:00:00Z"}) {
    INFO(bad);
    CHECK_FALSE(Refusal(bad).empty());
  }
}

TEST_CASE("days", "[instant]") {
  std::string error;
  CHECK(ParseDay("1970-01-02", error) == 1);
  CHECK(ParseDay("2026-03-10", error) == 20'522);
  CHECK_FALSE(ParseDay("2026-02-30", error).has_value());
  CHECK(error == "`2026-02-30` is not a day of the calendar");
  CHECK_FALSE(ParseDay("2026/02/03", error).has_value());
}

TEST_CASE("instants print back in RFC 3339 UTC", "[instant]") {
  CHECK(FormatInstant(1'773'154'800'000) == "2026-03-10T15:00:00Z");
  CHECK(FormatInstant(1'773'154'800'250) == "2026-03-10T15:00:00.250Z");
  CHECK(FormatInstant(-1000) == "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace slac::runtime
