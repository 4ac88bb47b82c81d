// The CRM event model read by `slac replay`: one JSON object per line with `id`, `at`
// (RFC 3339), `lead` and `type`, and per type: `upsert` (`fields`), `activity` (`kind`
// and its attributes, as members of the event or of an `attributes` object), `transition`
// (`to`, `reason`, `note`) and `assign` (`owner`, `manager`). Parsing a line gives an event
// or a message saying what is wrong with it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace slac::replay {

/// A JSON scalar as it appeared in the stream.
struct Value {
  enum class Kind : uint8_t { kNull, kBool, kInt, kNumber, kString };
  Kind kind = Kind::kNull;
  bool flag = false;
  int64_t integer = 0;
  double number = 0;
  std::string text;

  /// The value as event attributes are matched: strings as they are, numbers in decimal,
  /// bools as `true`/`false`, null as empty.
  std::string AsText() const;
};

struct CrmEvent {
  enum class Type : uint8_t { kUpsert, kActivity, kTransition, kAssign };
  /// The 1-based line of the stream the event came from.
  int64_t line = 0;
  std::string id;
  int64_t at_ms = 0;
  std::string lead;
  Type type = Type::kUpsert;
  /// kUpsert: the fields set. kActivity: the attributes, whether the event's own members or
  /// those of its `attributes` object; the kind may not declare them all.
  std::map<std::string, Value> values;
  /// kActivity: the event kind.
  std::string kind;
  /// kTransition.
  std::string to;
  std::string reason;
  std::string note;
  /// kAssign.
  std::string owner;
  std::string manager;
};

/// An event, or why the line is not one.
struct ParsedLine {
  std::optional<CrmEvent> event;
  std::string error;
};

/// Parses one line of the stream; `line` numbers it in messages and in the event.
ParsedLine ParseEventLine(std::string_view text, int64_t line);

/// Milliseconds since the epoch of an RFC 3339 instant (`2026-03-06T17:30:00-05:00`,
/// `...Z`, with optional fractional seconds); nullopt when `text` is not one.
std::optional<int64_t> ParseInstant(std::string_view text);

/// An instant as RFC 3339 in UTC with milliseconds, e.g. `2026-03-09T13:18:00.000Z`.
std::string FormatInstant(int64_t ms);

}  // namespace slac::replay
