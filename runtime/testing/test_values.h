// Values in test blocks: the literals a test gives its lead and events, and the text a
// report shows for a value the evaluator computed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diagnostics/source.h"
#include "ir/ir.h"
#include "ir/tables.h"

namespace slac::testing {

/// A constant a test wrote, decoded.
struct TestValue {
  enum class Kind : uint8_t { kInt, kNumber, kString, kSymbol, kBool, kTime, kDuration, kDate };
  Kind kind = Kind::kInt;
  int64_t integer = 0;  // ints, times (ms), durations (ms), dates (days), bools
  double number = 0;
  std::string text;  // strings, and enum values by name
};

/// What a literal in a test may refer to: the policy's time zone for instants written
/// without an offset, and the clock's instant for `now` and for offsets such as `-5m`.
struct LiteralContext {
  std::string timezone = "UTC";
  int64_t now_ms = 0;
};

/// The value of a test literal: literals, enum values, `now`, signs, and sums of
/// instants and durations. Nothing, with `error` set, for anything else.
std::optional<TestValue> EvaluateLiteral(const ast::Expr& expr, const LiteralContext& context,
                                         std::string& error);

/// A slot as a policy author writes the value: `60`, `0.25`, `"p1"`, `pql`, `5m`,
/// `2026-04-14T17:00:00Z`, `missing`. `enum_values` names enum slots.
std::string FormatSlot(int64_t slot, ir::ValueType type,
                       const std::vector<std::string>& enum_values, const ir::StringPool& pool);

/// An instant as the test's author reads it: in the policy's time zone with its offset
/// (`2026-03-09T09:18:00-04:00`), or with `Z` when the zone is UTC or unknown.
std::string FormatInstantIn(int64_t ms, const std::string& timezone);

/// A number as a policy author writes it: integers without a fraction.
std::string FormatNumber(double value);

/// The source text of `range`, on one line; a range over several lines is cut at the end
/// of its first line and marked with `...`.
std::string SourceText(const SourceManager& sources, SourceRange range);

}  // namespace slac::testing
