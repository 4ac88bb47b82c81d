// JSON Lines leads: one object per line, fields by name, `events` as an array of objects
// with `kind`, `at` and the kind's attributes. Parsed with simdjson's DOM parser, which
// validates UTF-8 and reuses its buffers from line to line.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "slac/lead_input.h"

namespace slac::runtime {

struct JsonLeadReader::Parser {
  simdjson::dom::parser dom;
  std::vector<bool> seen;
};

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string_view TypeName(element_type type) {
  switch (type) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a bool";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

// Sets one value through the setters of a field or an attribute.
template <typename Text, typename Number, typename Bool>
bool SetValue(element value, Text set_text, Number set_number, Bool set_bool, std::string& error) {
  switch (value.type()) {
    case element_type::STRING:
      return set_text(std::string_view(value.get_string().value_unsafe()));
    case element_type::INT64: {
      int64_t integer = value.get_int64().value_unsafe();
      return set_number(static_cast<double>(integer), true, integer);
    }
    case element_type::UINT64:
      return set_number(static_cast<double>(value.get_uint64().value_unsafe()), false, 0);
    case element_type::DOUBLE:
      return set_number(value.get_double().value_unsafe(), false, 0);
    case element_type::BOOL:
      return set_bool(value.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      return true;
    case element_type::ARRAY:
    case element_type::OBJECT:
      break;
  }
  error = fmt::format("expected a single value, found {}", TypeName(value.type()));
  return false;
}

}  // namespace

JsonLeadReader::JsonLeadReader(const LeadSchema& schema)
    : schema_(schema), parser_(std::make_unique<Parser>()) {}

JsonLeadReader::~JsonLeadReader() = default;

size_t JsonLeadReader::Padding() { return simdjson::SIMDJSON_PADDING; }

void JsonLeadReader::Read(std::string_view line, size_t capacity, LeadRecord& record) {
  // Whitespace around the object is allowed; a line of only whitespace is not a record
  // and the caller skips it.
  element document;
  bool padded = capacity >= line.size() + Padding();
  auto parse_error = parser_->dom.parse(line.data(), line.size(), !padded).get(document);
  if (parse_error == simdjson::UTF8_ERROR) {
    record.error = "the line is not valid UTF-8";
    return;
  }
  if (parse_error != simdjson::SUCCESS) {
    record.error =
        fmt::format("the line is not valid JSON ({})", simdjson::error_message(parse_error));
    return;
  }
  simdjson::dom::object object;
  if (document.get_object().get(object) != simdjson::SUCCESS) {
    record.error = fmt::format("expected a JSON object, found {}", TypeName(document.type()));
    return;
  }

  const auto& layout = schema_.layout();
  std::vector<bool>& seen = parser_->seen;
  seen.assign(layout.fields.size() + 2, false);
  const size_t kIdKey = layout.fields.size();
  const size_t kEventsKey = layout.fields.size() + 1;
  std::string error;
  for (auto [key, value] : object) {
    if (key == "events") {
      if (seen[kEventsKey]) {
        record.error = "`events` appears twice";
        return;
      }
      seen[kEventsKey] = true;
      continue;
    }
    int field = schema_.FieldIndex(key);
    if (key == "id") {
      if (seen[kIdKey]) {
        record.error = "field `id` appears twice";
        return;
      }
      seen[kIdKey] = true;
      if (value.is_string()) {
        record.id = std::string(value.get_string().value_unsafe());
      } else if (value.is_int64()) {
        record.id = std::to_string(value.get_int64().value_unsafe());
      }
    }
    if (field < 0) {
      continue;  // Fields the policy does not read are the CRM's business, not an error.
    }
    if (seen[static_cast<size_t>(field)]) {
      record.error = fmt::format("field `{}` appears twice", key);
      return;
    }
    seen[static_cast<size_t>(field)] = true;
    bool ok = SetValue(
        value,
        [&](std::string_view text) { return schema_.SetFieldText(record, field, text, error); },
        [&](double number, bool is_integer, int64_t integer) {
          return schema_.SetFieldNumber(record, field, number, is_integer, integer, error);
        },
        [&](bool flag) { return schema_.SetFieldBool(record, field, flag, error); }, error);
    if (!ok) {
      record.error = fmt::format("field `{}`: {}", key, error);
      return;
    }
  }

  if (seen[kEventsKey]) {
    element events_value;
    simdjson::dom::array events;
    if (object["events"].get(events_value) != simdjson::SUCCESS || events_value.is_null()) {
      schema_.Finish(record);
      return;
    }
    if (events_value.get_array().get(events) != simdjson::SUCCESS) {
      record.error =
          fmt::format("`events` must be an array, found {}", TypeName(events_value.type()));
      return;
    }
    size_t number = 0;
    for (element event_value : events) {
      ++number;
      simdjson::dom::object event;
      if (event_value.get_object().get(event) != simdjson::SUCCESS) {
        record.error = fmt::format("event {}: expected an object, found {}", number,
                                   TypeName(event_value.type()));
        return;
      }
      std::string_view kind_name;
      if (event["kind"].get_string().get(kind_name) != simdjson::SUCCESS) {
        record.error = fmt::format("event {}: `kind` must be a string", number);
        return;
      }
      int kind = schema_.EventKindIndex(kind_name);
      if (kind < 0) {
        continue;  // The policy counts no event of this kind.
      }
      std::string_view at_text;
      if (event["at"].get_string().get(at_text) != simdjson::SUCCESS) {
        record.error =
            fmt::format("event {} (`{}`): `at` must be an RFC 3339 string", number, kind_name);
        return;
      }
      std::optional<int64_t> at = ParseInstant(at_text, error);
      if (!at) {
        record.error = fmt::format("event {} (`{}`): `at`: {}", number, kind_name, error);
        return;
      }
      schema_.AddEvent(record, kind, *at);
      for (auto [key, value] : event) {
        int attribute = schema_.AttributeIndex(kind, key);
        if (attribute < 0) {
          continue;
        }
        bool ok = SetValue(
            value,
            [&](std::string_view text) {
              return schema_.SetAttributeText(record, attribute, text, error);
            },
            [&](double value_number, bool is_integer, int64_t integer) {
              return schema_.SetAttributeNumber(record, attribute, value_number, is_integer,
                                                integer, error);
            },
            [&](bool flag) { return schema_.SetAttributeBool(record, attribute, flag, error); },
            error);
        if (!ok) {
          record.error = fmt::format("event {} (`{}`): `{}`: {}", number, kind_name, key, error);
          return;
        }
      }
    }
  }
  schema_.Finish(record);
}

}  // namespace slac::runtime
