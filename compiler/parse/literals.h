// Decoding of literal tokens: durations, percents, numbers, dates, instants, times of day
// and strings. Each function returns nothing when the text is not valid and says why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ast/ast.h"

namespace slac::literals {

/// Why a literal is invalid; empty when it is valid.
struct Problem {
  std::string reason;
};

std::optional<int64_t> ParseInt(std::string_view text);
double ParseDouble(std::string_view text);

/// `90s`, `5m`, `2w`, `250ms` in milliseconds; nothing on overflow.
std::optional<int64_t> ParseDurationMs(std::string_view text);

/// `2026-03-06`; `reason` says what is wrong otherwise.
std::optional<ast::Date> ParseDate(std::string_view text, std::string& reason);

/// `09:00` or `09:00:30` in seconds since midnight; `24:00` is allowed as an end of day.
std::optional<int32_t> ParseTimeOfDay(std::string_view text, std::string& reason);

/// Fills the date, time and offset of `literal` from its text.
bool ParseInstant(ast::InstantLiteral& literal, std::string& reason);

/// Removes the quotes and decodes `\"`, `\\`, `\n`, `\t`. On an unknown escape, returns
/// nothing and sets `bad_escape` to the character after the backslash.
std::optional<std::string> UnquoteString(std::string_view text, std::string& bad_escape);

}  // namespace slac::literals
