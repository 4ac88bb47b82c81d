// The column mapping of CSV leads: read from a JSON file with nlohmann::json, checked
// against the policy's lead and events, bound to the header, applied row by row.
#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "shown.h"
#include "slac/csv_input.h"

namespace slac::runtime {
namespace {

using Json = nlohmann::json;

std::optional<int64_t> UnitMs(const std::string& unit) {
  static const std::vector<std::pair<std::string, int64_t>> kUnits = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  for (const auto& [name, ms] : kUnits) {
    if (name == unit) {
      return ms;
    }
  }
  return std::nullopt;
}

ir::FieldLayout Typed(const char* name, ir::ValueType type) {
  ir::FieldLayout layout;
  layout.name = name;
  layout.type = type;
  return layout;
}

std::string SnakeCase(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0) {
      if (gap && !out.empty()) {
        out += '_';
      }
      gap = false;
      out += static_cast<char>(std::tolower(byte));
    } else {
      gap = true;
    }
  }
  return out;
}

using io_internal::Shown;

// Reads one rule: a column name, or an object with `column` and options. `what` names
// the field in messages; `layout` says which options make sense.
bool ReadRule(const Json& json, const ir::FieldLayout& layout, const std::string& what,
              ColumnRule& rule, std::string& error) {
  if (json.is_string()) {
    rule.column = json.get<std::string>();
    return true;
  }
  if (!json.is_object()) {
    error = fmt::format("{}: expected a column name or an object with `column`", what);
    return false;
  }
  for (const auto& [key, value] : json.items()) {
    if (key == "column" && value.is_string()) {
      rule.column = value.get<std::string>();
    } else if (key == "values" && value.is_object()) {
      for (const auto& [text, mapped] : value.items()) {
        MappedValue target;
        if (mapped.is_null()) {
          target.kind = MappedValue::Kind::kMissing;
        } else if (mapped.is_boolean()) {
          target.kind = MappedValue::Kind::kBool;
          target.flag = mapped.get<bool>();
        } else if (mapped.is_number()) {
          target.kind = MappedValue::Kind::kNumber;
          target.number = mapped.get<double>();
        } else if (mapped.is_string()) {
          target.kind = MappedValue::Kind::kText;
          target.text = mapped.get<std::string>();
        } else {
          error = fmt::format("{}: the value for `{}` must be null, a bool, a number or text", what,
                              text);
          return false;
        }
        rule.values[text] = std::move(target);
      }
    } else if (key == "missing" && value.is_array()) {
      for (const Json& text : value) {
        if (!text.is_string()) {
          error = fmt::format("{}: `missing` lists texts", what);
          return false;
        }
        rule.missing.push_back(text.get<std::string>());
      }
    } else if (key == "unit" && value.is_string()) {
      std::optional<int64_t> ms = UnitMs(value.get<std::string>());
      if (!ms || layout.type != ir::ValueType::kDuration) {
        error = fmt::format(
            "{}: `unit` is one of ms, s, m, h, d and applies to duration fields only", what);
        return false;
      }
      rule.unit_ms = *ms;
    } else if (key == "scale" && value.is_number()) {
      if (layout.type != ir::ValueType::kNumber) {
        error = fmt::format("{}: `scale` applies to number and percent fields only", what);
        return false;
      }
      rule.scale = value.get<double>();
    } else if (key == "time_zone" && value.is_string()) {
      if (layout.type != ir::ValueType::kTime) {
        error = fmt::format("{}: `time_zone` applies to time columns only", what);
        return false;
      }
      // date::locate_zone reports an unknown zone by throwing; it becomes a message here.
      try {
        rule.time_zone = date::locate_zone(value.get<std::string>());
      } catch (const std::exception&) {
        error = fmt::format("{}: `{}` is not an IANA time zone such as `America/Sao_Paulo`", what,
                            value.get<std::string>());
        return false;
      }
    } else if (key == "normalize" && value == "snake_case") {
      rule.snake_case = true;
    } else {
      error = fmt::format(
          "{}: unknown or ill-typed key `{}` (expected column, values, missing, unit, scale, "
          "time_zone or normalize: \"snake_case\")",
          what, key);
      return false;
    }
  }
  if (rule.column.empty()) {
    error = fmt::format("{}: no `column` given", what);
    return false;
  }
  return true;
}

// Digits `count` long at `pos`, or nothing.
std::optional<int> Number(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// An instant with an offset, or else local time in `zone`: `YYYY-MM-DD HH:MM[:SS]` (a `T`
// may stand for the space) or a bare date for its midnight. A local time that a clock
// change skips or repeats takes its earliest reading.
std::optional<int64_t> ZonedInstant(std::string_view text, const date::time_zone* zone,
                                    std::string& error) {
  std::optional<int64_t> instant = ParseInstant(text, error);
  if (instant || zone == nullptr) {
    return instant;
  }
  std::string day_error;
  std::optional<int64_t> day = ParseDay(text.substr(0, 10), day_error);
  int64_t seconds = 0;
  bool shaped = day.has_value();
  if (shaped && text.size() > 10) {
    auto hour = Number(text, 11, 2);
    auto minute = Number(text, 14, 2);
    auto second = text.size() == 19 ? Number(text, 17, 2) : std::optional<int>(0);
    shaped = (text[10] == ' ' || text[10] == 'T') && text[13] == ':' && hour && minute && second &&
             *hour < 24 && *minute < 60 && *second < 60 &&
             (text.size() == 16 || (text.size() == 19 && text[16] == ':'));
    seconds = shaped ? *hour * 3600 + *minute * 60 + *second : 0;
  }
  if (!shaped) {
    error = fmt::format(
        "expected an instant such as `2018-02-26 19:58:54` (in {}) or with an offset, found {}",
        zone->name(), Shown(text));
    return std::nullopt;
  }
  date::local_time<std::chrono::seconds> local{std::chrono::seconds{*day * 86'400 + seconds}};
  auto utc = zone->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::milliseconds>(utc.time_since_epoch()).count();
}

}  // namespace

std::optional<Mapping> Mapping::FromJson(std::string_view json_text, const LeadSchema& schema,
                                         std::string& error) {
  Json json = Json::parse(json_text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    error = "the mapping is not a JSON object";
    return std::nullopt;
  }
  Mapping mapping;
  mapping.schema_ = &schema;
  const ir::RecordLayout& layout = schema.layout();
  for (const auto& [key, value] : json.items()) {
    if (key == "id") {
      ColumnRule rule;
      if (!ReadRule(value, Typed("id", ir::ValueType::kString), "`id`", rule, error)) {
        return std::nullopt;
      }
      mapping.id_ = std::move(rule);
    } else if (key == "missing" && value.is_array()) {
      mapping.missing_.clear();
      for (const Json& text : value) {
        if (!text.is_string()) {
          error = "`missing` lists texts";
          return std::nullopt;
        }
        mapping.missing_.push_back(text.get<std::string>());
      }
    } else if (key == "fields" && value.is_object()) {
      for (const auto& [field_name, rule_json] : value.items()) {
        int field = schema.FieldIndex(field_name);
        if (field < 0) {
          error = fmt::format("field `{}` is not in the policy's `lead` block", field_name);
          return std::nullopt;
        }
        ColumnRule rule;
        if (!ReadRule(rule_json, layout.fields[static_cast<size_t>(field)],
                      fmt::format("field `{}`", field_name), rule, error)) {
          return std::nullopt;
        }
        mapping.fields_.emplace_back(field, std::move(rule));
      }
    } else if (key == "events" && value.is_array()) {
      for (const Json& event_json : value) {
        if (!event_json.is_object() || !event_json.contains("kind") ||
            !event_json["kind"].is_string() || !event_json.contains("at")) {
          error = "each event needs a `kind` and an `at` column";
          return std::nullopt;
        }
        EventRule event;
        event.kind_name = event_json["kind"].get<std::string>();
        event.kind = schema.EventKindIndex(event.kind_name);
        if (event.kind < 0) {
          error =
              fmt::format("event kind `{}` is not in the policy's `events` block", event.kind_name);
          return std::nullopt;
        }
        std::string what = fmt::format("event `{}`", event.kind_name);
        if (!ReadRule(event_json["at"], Typed("at", ir::ValueType::kTime), what + " `at`", event.at,
                      error)) {
          return std::nullopt;
        }
        for (const auto& [event_key, event_value] : event_json.items()) {
          if (event_key == "kind" || event_key == "at") {
            continue;
          }
          if (event_key != "attributes" || !event_value.is_object()) {
            error = fmt::format("{}: unknown key `{}` (expected kind, at, attributes)", what,
                                event_key);
            return std::nullopt;
          }
          for (const auto& [attribute_name, rule_json] : event_value.items()) {
            int attribute = schema.AttributeIndex(event.kind, attribute_name);
            if (attribute < 0) {
              error = fmt::format("{} has no attribute `{}`", what, attribute_name);
              return std::nullopt;
            }
            ColumnRule rule;
            const auto& attributes = layout.event_kinds[static_cast<size_t>(event.kind)].attributes;
            if (!ReadRule(rule_json, attributes[static_cast<size_t>(attribute)],
                          fmt::format("{} attribute `{}`", what, attribute_name), rule, error)) {
              return std::nullopt;
            }
            event.attributes.emplace_back(attribute, std::move(rule));
          }
        }
        mapping.events_.push_back(std::move(event));
      }
    } else {
      error = fmt::format("unknown or ill-typed key `{}` (expected id, missing, fields or events)",
                          key);
      return std::nullopt;
    }
  }
  return mapping;
}

Mapping Mapping::Implicit(const LeadSchema& schema) {
  Mapping mapping;
  mapping.schema_ = &schema;
  mapping.implicit_ = true;
  const auto& fields = schema.layout().fields;
  for (size_t i = 0; i < fields.size(); ++i) {
    ColumnRule rule;
    rule.column = fields[i].name;
    mapping.fields_.emplace_back(static_cast<int>(i), std::move(rule));
  }
  // A policy's own `id` field names the lead in decisions too.
  if (schema.FieldIndex("id") >= 0) {
    ColumnRule id;
    id.column = "id";
    mapping.id_ = std::move(id);
  }
  return mapping;
}

bool Mapping::BindHeader(const std::vector<std::string>& header, std::vector<std::string>& unread,
                         std::string& error) {
  // Messages quote header names, so they must be text.
  for (size_t i = 0; i < header.size(); ++i) {
    if (!simdjson::validate_utf8(header[i].data(), header[i].size())) {
      error = fmt::format("the name of column {} in the header is not valid UTF-8", i + 1);
      return false;
    }
  }
  header_ = header;
  std::vector<bool> read(header.size(), false);
  auto bind = [&](ColumnRule& rule, bool required, const std::string& what) {
    rule.column_index = -1;
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] != rule.column) {
        continue;
      }
      if (rule.column_index >= 0) {
        error = fmt::format(
            "column `{}` appears twice in the header (columns {} and {}); the mapping cannot "
            "tell which one to read",
            rule.column, rule.column_index + 1, i + 1);
        return false;
      }
      rule.column_index = static_cast<int>(i);
      read[i] = true;
    }
    if (rule.column_index < 0 && required) {
      error = implicit_ ? fmt::format("the policy's required {} has no column of that name", what)
                        : fmt::format("{} reads column `{}`, which the header does not have", what,
                                      rule.column);
      return false;
    }
    return true;
  };

  const auto& fields = schema_->layout().fields;
  for (auto& [field, rule] : fields_) {
    // An implicit mapping reads what is there; a missing required column still fails
    // here rather than on every row.
    const ir::FieldLayout& layout = fields[static_cast<size_t>(field)];
    bool required = !implicit_ || !layout.optional;
    if (!bind(rule, required, fmt::format("field `{}`", layout.name))) {
      return false;
    }
  }
  if (id_ && !bind(*id_, !implicit_, "`id`")) {
    return false;
  }
  for (EventRule& event : events_) {
    std::string what = fmt::format("event `{}`", event.kind_name);
    if (!bind(event.at, true, what)) {
      return false;
    }
    for (auto& [attribute, rule] : event.attributes) {
      if (!bind(rule, true, what)) {
        return false;
      }
    }
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (!read[i]) {
      unread.push_back(header[i]);
    }
  }
  return true;
}

bool Mapping::ApplyRule(const ColumnRule& rule, std::string_view text, bool attribute, int index,
                        LeadRecord& record, std::string& error) const {
  bool missing = std::find(missing_.begin(), missing_.end(), text) != missing_.end() ||
                 std::find(rule.missing.begin(), rule.missing.end(), text) != rule.missing.end();
  if (missing) {
    return true;
  }
  auto set_text = [&](std::string_view value) {
    return attribute ? schema_->SetAttributeText(record, index, value, error)
                     : schema_->SetFieldText(record, index, value, error);
  };
  auto set_number = [&](double value) {
    bool whole = std::trunc(value) == value && std::abs(value) < 9.0e18;
    auto integer = whole ? static_cast<int64_t>(value) : int64_t{0};
    return attribute ? schema_->SetAttributeNumber(record, index, value, whole, integer, error)
                     : schema_->SetFieldNumber(record, index, value, whole, integer, error);
  };

  auto found = rule.values.find(std::string(text));
  if (found != rule.values.end()) {
    const MappedValue& mapped = found->second;
    switch (mapped.kind) {
      case MappedValue::Kind::kMissing:
        return true;
      case MappedValue::Kind::kBool:
        return attribute ? schema_->SetAttributeBool(record, index, mapped.flag, error)
                         : schema_->SetFieldBool(record, index, mapped.flag, error);
      case MappedValue::Kind::kNumber:
        return set_number(mapped.number);
      case MappedValue::Kind::kText:
        return set_text(mapped.text);
    }
  }
  if (rule.unit_ms != 0 || rule.scale) {
    double value = 0;
    auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (status != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
      error = fmt::format("expected a number, found {}", Shown(text));
      return false;
    }
    if (rule.unit_ms != 0) {
      return set_text(fmt::format("{}ms", std::llround(value * static_cast<double>(rule.unit_ms))));
    }
    // A scale of 0.01 divides by 100, so `70` reads as exactly the percent literal `70%`.
    double inverse = 1 / *rule.scale;
    bool whole_inverse = std::abs(inverse - std::round(inverse)) < 1e-9 && inverse != 0;
    return set_number(whole_inverse ? value / std::round(inverse) : value * *rule.scale);
  }
  if (rule.snake_case) {
    return set_text(SnakeCase(text));
  }
  if (rule.time_zone != nullptr) {
    std::optional<int64_t> instant = ZonedInstant(text, rule.time_zone, error);
    if (instant) {
      attribute ? schema_->SetAttributeSlot(record, index, *instant)
                : schema_->SetFieldSlot(record, index, *instant);
    }
    return instant.has_value();
  }
  return set_text(text);
}

std::string Mapping::ColumnName(size_t index) const {
  // Exports often leave the first column unnamed (a spreadsheet's row number).
  if (header_[index].empty()) {
    return fmt::format("the unnamed column (cell {})", index + 1);
  }
  return fmt::format("column `{}` (cell {})", header_[index], index + 1);
}

void Mapping::Apply(const CsvRow& row, LeadRecord& record) const {
  schema_->Start(record);
  record.line = row.line;
  if (!row.error.empty()) {
    record.error = row.error;
    return;
  }
  if (row.cells.size() != header_.size()) {
    record.error =
        row.unterminated
            ? fmt::format(
                  "the last row has {} cells and no line break after it; the header has {}: the "
                  "file may have been cut short",
                  row.cells.size(), header_.size())
            : fmt::format("the row has {} cells; the header has {}", row.cells.size(),
                          header_.size());
    return;
  }
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (!simdjson::validate_utf8(row.cells[i].data(), row.cells[i].size())) {
      record.error = fmt::format("{} is not valid UTF-8", ColumnName(i));
      return;
    }
  }
  if (id_ && id_->column_index >= 0) {
    record.id = row.cells[static_cast<size_t>(id_->column_index)];
  }

  std::string error;
  const auto& fields = schema_->layout().fields;
  for (const auto& [field, rule] : fields_) {
    if (rule.column_index < 0) {
      continue;
    }
    auto column = static_cast<size_t>(rule.column_index);
    if (!ApplyRule(rule, row.cells[column], false, field, record, error)) {
      // The field is named only when a mapping gave it a column of another name.
      const std::string& name = fields[static_cast<size_t>(field)].name;
      record.error = name == rule.column
                         ? fmt::format("{}: {}", ColumnName(column), error)
                         : fmt::format("{}, field `{}`: {}", ColumnName(column), name, error);
      return;
    }
  }
  for (const EventRule& event : events_) {
    auto at_column = static_cast<size_t>(event.at.column_index);
    const std::string& at_text = row.cells[at_column];
    if (std::find(missing_.begin(), missing_.end(), at_text) != missing_.end() ||
        std::find(event.at.missing.begin(), event.at.missing.end(), at_text) !=
            event.at.missing.end()) {
      continue;  // No instant, no event.
    }
    std::optional<int64_t> at = ZonedInstant(at_text, event.at.time_zone, error);
    if (!at) {
      record.error =
          fmt::format("{}, event `{}`: {}", ColumnName(at_column), event.kind_name, error);
      return;
    }
    schema_->AddEvent(record, event.kind, *at);
    for (const auto& [attribute, rule] : event.attributes) {
      auto column = static_cast<size_t>(rule.column_index);
      if (!ApplyRule(rule, row.cells[column], true, attribute, record, error)) {
        record.error =
            fmt::format("{}, event `{}`: {}", ColumnName(column), event.kind_name, error);
        return;
      }
    }
  }
  schema_->Finish(record);
}

}  // namespace slac::runtime
