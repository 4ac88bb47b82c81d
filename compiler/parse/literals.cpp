#include "parse/literals.h"

#include <date/date.h>

#include <charconv>
#include <limits>

namespace slac::literals {
namespace {

// Parses an unsigned decimal run of `text` starting at `pos`; advances `pos`.
std::optional<int64_t> TakeDigits(std::string_view text, size_t& pos, size_t count) {
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + count, value);
  if (error != std::errc() || end != text.data() + pos + count) {
    return std::nullopt;
  }
  pos += count;
  return value;
}

}  // namespace

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

double ParseDouble(std::string_view text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<int64_t> ParseDurationMs(std::string_view text) {
  // A duration always carries its unit: digits alone (`45`) are not one.
  size_t digits = text.find_first_not_of("0123456789");
  if (digits == std::string_view::npos || digits == 0) {
    return std::nullopt;
  }
  std::optional<int64_t> amount = ParseInt(text.substr(0, digits));
  if (!amount) {
    return std::nullopt;
  }
  std::string_view unit = text.substr(digits);
  int64_t scale = 0;
  if (unit == "ms") {
    scale = 1;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "m") {
    scale = 60'000;
  } else if (unit == "h") {
    scale = 3'600'000;
  } else if (unit == "d") {
    scale = 86'400'000;
  } else if (unit == "w") {
    scale = 7 * int64_t{86'400'000};
  } else {
    return std::nullopt;
  }
  if (*amount > std::numeric_limits<int64_t>::max() / scale) {
    return std::nullopt;
  }
  return *amount * scale;
}

std::optional<ast::Date> ParseDate(std::string_view text, std::string& reason) {
  size_t pos = 0;
  auto year = TakeDigits(text, pos, 4);
  ++pos;
  auto month = TakeDigits(text, pos, 2);
  ++pos;
  auto day = TakeDigits(text, pos, 2);
  if (!year || !month || !day || pos != text.size()) {
    reason = "write dates as YYYY-MM-DD";
    return std::nullopt;
  }
  if (*month < 1 || *month > 12) {
    reason = "there is no month " + std::to_string(*month);
    return std::nullopt;
  }
  date::year_month_day ymd{date::year{static_cast<int>(*year)},
                           date::month{static_cast<unsigned>(*month)},
                           date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) {
    reason = "that month has no day " + std::to_string(*day);
    return std::nullopt;
  }
  return ast::Date{static_cast<int32_t>(*year), static_cast<uint32_t>(*month),
                   static_cast<uint32_t>(*day)};
}

std::optional<int32_t> ParseTimeOfDay(std::string_view text, std::string& reason) {
  size_t colon = text.find(':');
  size_t pos = 0;
  auto hours = TakeDigits(text, pos, colon);
  ++pos;
  auto minutes = TakeDigits(text, pos, 2);
  std::optional<int64_t> seconds = 0;
  if (pos < text.size()) {
    ++pos;
    seconds = TakeDigits(text, pos, 2);
  }
  if (!hours || !minutes || !seconds) {
    reason = "write times of day as HH:MM or HH:MM:SS";
    return std::nullopt;
  }
  if (*minutes > 59 || *seconds > 59) {
    reason = "minutes and seconds go from 00 to 59";
    return std::nullopt;
  }
  int64_t total = *hours * 3600 + *minutes * 60 + *seconds;
  if (total > 24 * 3600) {
    reason = "hours go from 00 to 24, and 24:00 is the end of the day";
    return std::nullopt;
  }
  return static_cast<int32_t>(total);
}

bool ParseInstant(ast::InstantLiteral& literal, std::string& reason) {
  std::string_view text = literal.text;
  std::optional<ast::Date> day = ParseDate(text.substr(0, 10), reason);
  if (!day) {
    return false;
  }
  literal.date = *day;

  // The time runs from after the `T` to the zone designator, if any.
  std::string_view rest = text.substr(11);
  size_t zone = rest.find_first_of("Z+-");
  std::string_view clock = rest.substr(0, zone);
  size_t fraction = clock.find('.');
  std::optional<int32_t> seconds = ParseTimeOfDay(clock.substr(0, fraction), reason);
  if (!seconds || *seconds >= 24 * 3600) {
    if (seconds) {
      reason = "hours of an instant go from 00 to 23";
    }
    return false;
  }
  int64_t millis = int64_t{*seconds} * 1000;
  if (fraction != std::string_view::npos) {
    std::string digits(clock.substr(fraction + 1, 3));
    digits.resize(3, '0');
    millis += ParseInt(digits).value_or(0);
  }
  literal.time_of_day_ms = millis;

  if (zone == std::string_view::npos) {
    return true;
  }
  std::string_view designator = rest.substr(zone);
  if (designator == "Z") {
    literal.utc_offset_minutes = 0;
    return true;
  }
  size_t pos = 1;
  auto offset_hours = TakeDigits(designator, pos, 2);
  ++pos;
  auto offset_minutes = TakeDigits(designator, pos, 2);
  if (!offset_hours || !offset_minutes || *offset_hours > 18 || *offset_minutes > 59) {
    reason = "a UTC offset goes from -18:00 to +18:00";
    return false;
  }
  int32_t offset = static_cast<int32_t>(*offset_hours * 60 + *offset_minutes);
  literal.utc_offset_minutes = designator[0] == '-' ? -offset : offset;
  return true;
}

std::optional<std::string> UnquoteString(std::string_view text, std::string& bad_escape) {
  std::string value;
  std::string_view body = text.substr(1);
  if (!body.empty() && body.back() == '"') {
    body.remove_suffix(1);
  }
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      value.push_back(body[i]);
      continue;
    }
    if (i + 1 >= body.size()) {
      bad_escape = "";
      return std::nullopt;
    }
    char escaped = body[++i];
    switch (escaped) {
      case '"':
      case '\\':
        value.push_back(escaped);
        break;
      case 'n':
        value.push_back('\n');
        break;
      case 't':
        value.push_back('\t');
        break;
      default:
        bad_escape = std::string(1, escaped);
        return std::nullopt;
    }
  }
  return value;
}

}  // namespace slac::literals
