#include "replay/event_stream.h"

#include <date/date.h>
#include <fmt/format.h>
#include <re2/re2.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <sstream>

#include "parse/literals.h"

namespace slac::replay {
namespace {

using Ms = std::chrono::milliseconds;

// Reads a scalar; false for arrays and objects.
bool ReadValue(simdjson::dom::element element, Value& value) {
  switch (element.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      value.kind = Value::Kind::kNull;
      return true;
    case simdjson::dom::element_type::BOOL:
      value.kind = Value::Kind::kBool;
      value.flag = bool(element);
      return true;
    case simdjson::dom::element_type::INT64:
      value.kind = Value::Kind::kInt;
      value.integer = int64_t(element);
      return true;
    case simdjson::dom::element_type::UINT64:
      value.kind = Value::Kind::kNumber;
      value.number = static_cast<double>(uint64_t(element));
      return true;
    case simdjson::dom::element_type::DOUBLE:
      value.kind = Value::Kind::kNumber;
      value.number = double(element);
      return true;
    case simdjson::dom::element_type::STRING:
      value.kind = Value::Kind::kString;
      value.text = std::string(std::string_view(element));
      return true;
    case simdjson::dom::element_type::ARRAY:
    case simdjson::dom::element_type::OBJECT:
      return false;
  }
  return false;
}

// A string member, or empty when absent; false when present but not a string.
bool StringMember(simdjson::dom::object object, const char* key, std::string& out) {
  simdjson::dom::element element;
  if (object.at_key(key).get(element) != simdjson::SUCCESS ||
      element.type() == simdjson::dom::element_type::NULL_VALUE) {
    out.clear();
    return true;
  }
  std::string_view text;
  if (element.get(text) != simdjson::SUCCESS) {
    return false;
  }
  out = std::string(text);
  return true;
}

// An activity's attributes: its members other than the reserved ones, and the members of
// its `attributes` object. An attribute given twice, in either place, makes the line wrong;
// which attributes the event kind declares is the replayer's to check.
bool ReadAttributes(simdjson::dom::object object, std::map<std::string, Value>& values,
                    std::string& error) {
  static constexpr std::string_view kReserved[] = {"id",   "at",   "lead",
                                                   "type", "kind", "attributes"};
  // Where each attribute was read: true for a member of the event itself.
  std::map<std::string, bool> read_as_member;
  auto add = [&](std::string_view name, simdjson::dom::element member, bool as_member) {
    Value value;
    if (!ReadValue(member, value)) {
      error = as_member ? fmt::format(
                              "`{}` is not a scalar; an activity's members other than id, at, "
                              "lead, type, kind and attributes are its attributes",
                              name)
                        : fmt::format("`attributes.{}` is not a scalar", name);
      return false;
    }
    auto [found, inserted] = read_as_member.emplace(std::string(name), as_member);
    if (!inserted) {
      error =
          found->second != as_member
              ? fmt::format("attribute `{}` is given both as a member and in `attributes`", name)
              : fmt::format("attribute `{}` is given twice", name);
      return false;
    }
    values[std::string(name)] = std::move(value);
    return true;
  };

  for (auto [key, member] : object) {
    if (std::find(std::begin(kReserved), std::end(kReserved), key) == std::end(kReserved) &&
        !add(key, member, true)) {
      return false;
    }
  }
  simdjson::dom::element element;
  if (object.at_key("attributes").get(element) != simdjson::SUCCESS) {
    return true;
  }
  simdjson::dom::object members;
  if (element.get(members) != simdjson::SUCCESS) {
    error = "`attributes` is not an object";
    return false;
  }
  for (auto [name, member] : members) {
    if (!add(name, member, false)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string Value::AsText() const {
  switch (kind) {
    case Kind::kNull:
      return "";
    case Kind::kBool:
      return flag ? "true" : "false";
    case Kind::kInt:
      return fmt::format("{}", integer);
    case Kind::kNumber:
      return fmt::format("{}", number);
    case Kind::kString:
      return text;
  }
  return "";
}

std::optional<int64_t> ParseInstant(std::string_view text) {
  // The policy language's own instant syntax, whose parser expects the shape its lexer
  // checked; an event must say its offset.
  static const RE2 kShape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))");
  if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kShape)) {
    return std::nullopt;
  }
  ast::InstantLiteral literal({}, std::string(text));
  std::string reason;
  if (!literals::ParseInstant(literal, reason) || !literal.utc_offset_minutes) {
    return std::nullopt;
  }
  date::year_month_day day{date::year{literal.date.year}, date::month{literal.date.month},
                           date::day{literal.date.day}};
  if (!day.ok()) {
    return std::nullopt;
  }
  int64_t days = date::sys_days(day).time_since_epoch().count();
  return days * 86'400'000 + literal.time_of_day_ms - int64_t{*literal.utc_offset_minutes} * 60'000;
}

std::string FormatInstant(int64_t ms) { return date::format("%FT%TZ", date::sys_time<Ms>(Ms(ms))); }

ParsedLine ParseEventLine(std::string_view text, int64_t line) {
  ParsedLine parsed;
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (auto error = parser.parse(text.data(), text.size()).get(document);
      error != simdjson::SUCCESS) {
    parsed.error = fmt::format("not a JSON object: {}", simdjson::error_message(error));
    return parsed;
  }
  simdjson::dom::object object;
  if (document.get(object) != simdjson::SUCCESS) {
    parsed.error = "not a JSON object";
    return parsed;
  }

  CrmEvent event;
  event.line = line;
  std::string at;
  std::string type;
  for (const char* key : {"id", "at", "lead", "type"}) {
    std::string value;
    if (!StringMember(object, key, value) || value.empty()) {
      parsed.error = fmt::format("`{}` is missing or not a string", key);
      return parsed;
    }
    if (std::string_view(key) == "id") {
      event.id = value;
    } else if (std::string_view(key) == "at") {
      at = value;
    } else if (std::string_view(key) == "lead") {
      event.lead = value;
    } else {
      type = value;
    }
  }
  std::optional<int64_t> at_ms = ParseInstant(at);
  if (!at_ms) {
    parsed.error = fmt::format("`at` is not an RFC 3339 instant: `{}`", at);
    return parsed;
  }
  event.at_ms = *at_ms;

  // The scalars of an upsert's `fields`.
  auto read_fields = [&](const char* key) -> bool {
    simdjson::dom::element element;
    if (object.at_key(key).get(element) != simdjson::SUCCESS) {
      parsed.error = fmt::format("`{}` is missing", key);
      return false;
    }
    simdjson::dom::object members;
    if (element.get(members) != simdjson::SUCCESS) {
      parsed.error = fmt::format("`{}` is not an object", key);
      return false;
    }
    for (auto [name, member] : members) {
      Value value;
      if (!ReadValue(member, value)) {
        parsed.error = fmt::format("`{}.{}` is not a scalar", key, name);
        return false;
      }
      event.values[std::string(name)] = std::move(value);
    }
    return true;
  };

  if (type == "upsert") {
    event.type = CrmEvent::Type::kUpsert;
    if (!read_fields("fields")) {
      return parsed;
    }
  } else if (type == "activity") {
    event.type = CrmEvent::Type::kActivity;
    if (!StringMember(object, "kind", event.kind) || event.kind.empty()) {
      parsed.error = "`kind` is missing or not a string";
      return parsed;
    }
    if (!ReadAttributes(object, event.values, parsed.error)) {
      return parsed;
    }
  } else if (type == "transition") {
    event.type = CrmEvent::Type::kTransition;
    if (!StringMember(object, "to", event.to) || event.to.empty()) {
      parsed.error = "`to` is missing or not a string";
      return parsed;
    }
    if (!StringMember(object, "reason", event.reason) ||
        !StringMember(object, "note", event.note)) {
      parsed.error = "`reason` and `note` must be strings";
      return parsed;
    }
  } else if (type == "assign") {
    event.type = CrmEvent::Type::kAssign;
    if (!StringMember(object, "owner", event.owner) ||
        !StringMember(object, "manager", event.manager)) {
      parsed.error = "`owner` and `manager` must be strings";
      return parsed;
    }
  } else {
    parsed.error =
        fmt::format("unknown `type` `{}`; expected upsert, activity, transition or assign", type);
    return parsed;
  }
  parsed.event = std::move(event);
  return parsed;
}

}  // namespace slac::replay
