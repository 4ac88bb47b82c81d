// Lead records by field name: conversions from input text and JSON values to slots, the
// required-field check and the sort of events by time.
#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>

#include "parse/literals.h"
#include "shown.h"
#include "slac/lead_input.h"

namespace slac::runtime {
namespace {

// The slot of a string field the program never reads: present, and no string's id.
constexpr int64_t kUnreadString = -1;

int64_t MissingSlot(ir::ValueType type) {
  return type == ir::ValueType::kNumber ? std::bit_cast<int64_t>(std::nan("")) : ir::kMissing;
}

// Reads exactly `count` digits at `pos`.
std::optional<int> Digits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

using io_internal::Shown;

}  // namespace

std::optional<int64_t> ParseDay(std::string_view text, std::string& error) {
  auto year = Digits(text, 0, 4);
  auto month = Digits(text, 5, 2);
  auto day = Digits(text, 8, 2);
  if (text.size() != 10 || !year || !month || !day || text[4] != '-' || text[7] != '-') {
    error = fmt::format("expected a date such as `2026-03-10`, found {}", Shown(text));
    return std::nullopt;
  }
  date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                           date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) {
    error = fmt::format("{} is not a day of the calendar", Shown(text));
    return std::nullopt;
  }
  return date::sys_days(ymd).time_since_epoch().count();
}

std::optional<int64_t> ParseInstant(std::string_view text, std::string& error) {
  constexpr int64_t kMsPerMinute = 60'000;
  auto fail = [&] {
    error = fmt::format("expected an RFC 3339 instant such as `2026-03-10T15:00:00Z`, found {}",
                        Shown(text));
    return std::nullopt;
  };
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return fail();
  }
  std::optional<int64_t> day = ParseDay(text.substr(0, 10), error);
  if (!day) {
    return fail();
  }
  auto hour = Digits(text, 11, 2);
  auto minute = Digits(text, 14, 2);
  auto second = Digits(text, 17, 2);
  if (!hour || !minute || !second || text[13] != ':' || text[16] != ':') {
    return fail();
  }
  if (*hour > 23 || *minute > 59 || *second > 59) {
    error = fmt::format("{} has a time of day out of range", Shown(text));
    return std::nullopt;
  }

  // Fractions of a second: at least one digit; past milliseconds they are dropped.
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (pos - start < 3) {
        millis = millis * 10 + (text[pos] - '0');
      }
      ++pos;
    }
    if (pos == start) {
      return fail();
    }
    for (size_t digits = pos - start; digits < 3; ++digits) {
      millis *= 10;
    }
  }

  int64_t offset_minutes = 0;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto offset_hours = Digits(zone, 1, 2);
    auto offset_mins = Digits(zone, 4, 2);
    if (!offset_hours || !offset_mins || *offset_hours > 23 || *offset_mins > 59) {
      return fail();
    }
    offset_minutes = *offset_hours * 60 + *offset_mins;
    offset_minutes = zone[0] == '-' ? -offset_minutes : offset_minutes;
  } else if (zone.empty()) {
    error = fmt::format("{} has no UTC offset; add `Z` or one such as `-05:00`", Shown(text));
    return std::nullopt;
  } else {
    return fail();
  }
  int64_t seconds = *day * 86'400 + *hour * 3600 + *minute * 60 + *second;
  return seconds * 1000 + millis - offset_minutes * kMsPerMinute;
}

LeadSchema::LeadSchema(const ir::Program& program) : layout_(program.layout) {
  const ir::RecordLayout& layout = program.layout;
  field_read_.assign(layout.fields.size(), false);
  for (const ir::Instr& instr : program.code) {
    if (instr.op == ir::Op::kField && instr.imm >= 0 &&
        static_cast<size_t>(instr.imm) < field_read_.size()) {
      field_read_[static_cast<size_t>(instr.imm)] = true;
    }
  }
  for (size_t i = 0; i < layout.fields.size(); ++i) {
    fields_.emplace(layout.fields[i].name, static_cast<int>(i));
  }
  for (size_t k = 0; k < layout.event_kinds.size(); ++k) {
    kinds_.emplace(layout.event_kinds[k].name, static_cast<int>(k));
    auto& attributes = attributes_.emplace_back();
    for (size_t a = 0; a < layout.event_kinds[k].attributes.size(); ++a) {
      attributes.emplace(layout.event_kinds[k].attributes[a].name, static_cast<int>(a));
    }
  }
}

int LeadSchema::FieldIndex(std::string_view name) const {
  auto found = fields_.find(name);
  return found == fields_.end() ? -1 : found->second;
}

int LeadSchema::EventKindIndex(std::string_view name) const {
  auto found = kinds_.find(name);
  return found == kinds_.end() ? -1 : found->second;
}

int LeadSchema::AttributeIndex(int kind, std::string_view name) const {
  if (kind < 0 || static_cast<size_t>(kind) >= attributes_.size()) {
    return -1;
  }
  const auto& attributes = attributes_[static_cast<size_t>(kind)];
  auto found = attributes.find(name);
  return found == attributes.end() ? -1 : found->second;
}

void LeadSchema::Start(LeadRecord& record) const {
  record.line = 0;
  record.id.clear();
  record.fields.resize(layout_.fields.size());
  for (size_t i = 0; i < layout_.fields.size(); ++i) {
    record.fields[i] = MissingSlot(layout_.fields[i].type);
  }
  record.events.clear();
  record.event_count = 0;
  record.strings.clear();
  record.error.clear();
}

int64_t& LeadSchema::Slot(LeadRecord& record, bool in_events, size_t offset) const {
  return in_events ? record.events[offset] : record.fields[offset];
}

bool LeadSchema::SetText(LeadRecord& record, const ir::FieldLayout& layout, bool in_events,
                         size_t offset, std::string_view text, std::string& error) const {
  int64_t& slot = Slot(record, in_events, offset);
  switch (layout.type) {
    case ir::ValueType::kString:
      if (!in_events && !field_read_[offset]) {
        // Present, but never looked at: any value other than missing will do.
        slot = kUnreadString;
        return true;
      }
      record.strings.push_back(PendingString{in_events, offset, std::string(text)});
      return true;
    case ir::ValueType::kEnum: {
      auto found = std::find(layout.enum_values.begin(), layout.enum_values.end(), text);
      if (found == layout.enum_values.end()) {
        std::string values;
        for (const std::string& value : layout.enum_values) {
          values += values.empty() ? value : ", " + value;
        }
        error = fmt::format("{} is not one of {}", Shown(text), values);
        return false;
      }
      slot = found - layout.enum_values.begin();
      return true;
    }
    case ir::ValueType::kBool:
      if (text == "true" || text == "false") {
        slot = text == "true";
        return true;
      }
      error = fmt::format("expected `true` or `false`, found {}", Shown(text));
      return false;
    case ir::ValueType::kInt: {
      int64_t value = 0;
      auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (status == std::errc() && end == text.data() + text.size() && value != ir::kMissing) {
        slot = value;
        return true;
      }
      // A whole number written with a fraction (`5.0`) is still an int.
      double number = 0;
      auto [number_end, number_status] =
          std::from_chars(text.data(), text.data() + text.size(), number);
      if (number_status == std::errc() && number_end == text.data() + text.size()) {
        return SetNumber(record, layout, in_events, offset, number, false, 0, error);
      }
      error = fmt::format("expected a whole number, found {}", Shown(text));
      return false;
    }
    case ir::ValueType::kNumber: {
      // A percent may be written `70%`; it is the fraction 0.7.
      bool percent = !text.empty() && text.back() == '%';
      std::string_view digits = percent ? text.substr(0, text.size() - 1) : text;
      double value = 0;
      auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (status != std::errc() || end != digits.data() + digits.size() || std::isnan(value)) {
        error = fmt::format("expected a number, found {}", Shown(text));
        return false;
      }
      slot = std::bit_cast<int64_t>(percent ? value / 100 : value);
      return true;
    }
    case ir::ValueType::kTime: {
      std::optional<int64_t> instant = ParseInstant(text, error);
      if (instant) {
        slot = *instant;
      }
      return instant.has_value();
    }
    case ir::ValueType::kDate: {
      std::optional<int64_t> day = ParseDay(text, error);
      if (day) {
        slot = *day;
      }
      return day.has_value();
    }
    case ir::ValueType::kDuration: {
      std::optional<int64_t> ms = literals::ParseDurationMs(text);
      if (!ms) {
        error =
            fmt::format("expected a duration such as `90s`, `5m` or `24h`, found {}", Shown(text));
        return false;
      }
      slot = *ms;
      return true;
    }
  }
  return false;
}

bool LeadSchema::SetNumber(LeadRecord& record, const ir::FieldLayout& layout, bool in_events,
                           size_t offset, double value, bool is_integer, int64_t integer,
                           std::string& error) const {
  int64_t& slot = Slot(record, in_events, offset);
  if (layout.type == ir::ValueType::kNumber) {
    slot = std::bit_cast<int64_t>(is_integer ? static_cast<double>(integer) : value);
    return true;
  }
  if (layout.type == ir::ValueType::kInt) {
    if (is_integer && integer != ir::kMissing) {
      slot = integer;
      return true;
    }
    // 2^63 bounds what an int64 holds; beyond it (or with a fraction) the value does not fit.
    constexpr double kLimit = 9.2233720368547758e18;
    if (std::trunc(value) == value && std::abs(value) < kLimit) {
      slot = static_cast<int64_t>(value);
      return true;
    }
    error = fmt::format("expected a whole number, found {}", value);
    return false;
  }
  error = fmt::format("expected {}, found the number {}", ir::Name(layout.type),
                      is_integer ? fmt::format("{}", integer) : fmt::format("{}", value));
  return false;
}

bool LeadSchema::SetBool(LeadRecord& record, const ir::FieldLayout& layout, bool in_events,
                         size_t offset, bool value, std::string& error) const {
  if (layout.type != ir::ValueType::kBool) {
    error = fmt::format("expected {}, found `{}`", ir::Name(layout.type), value);
    return false;
  }
  Slot(record, in_events, offset) = value;
  return true;
}

bool LeadSchema::SetFieldText(LeadRecord& record, int field, std::string_view text,
                              std::string& error) const {
  return SetText(record, layout_.fields[static_cast<size_t>(field)], false,
                 static_cast<size_t>(field), text, error);
}

bool LeadSchema::SetFieldNumber(LeadRecord& record, int field, double value, bool is_integer,
                                int64_t integer, std::string& error) const {
  return SetNumber(record, layout_.fields[static_cast<size_t>(field)], false,
                   static_cast<size_t>(field), value, is_integer, integer, error);
}

bool LeadSchema::SetFieldBool(LeadRecord& record, int field, bool value, std::string& error) const {
  return SetBool(record, layout_.fields[static_cast<size_t>(field)], false,
                 static_cast<size_t>(field), value, error);
}

void LeadSchema::SetFieldSlot(LeadRecord& record, int field, int64_t slot) const {
  record.fields[static_cast<size_t>(field)] = slot;
}

void LeadSchema::SetAttributeSlot(LeadRecord& record, int attribute, int64_t slot) const {
  size_t base = record.events.size() - static_cast<size_t>(layout_.event_stride);
  record.events[base + 2 + static_cast<size_t>(attribute)] = slot;
}

void LeadSchema::AddEvent(LeadRecord& record, int kind, int64_t at_ms) const {
  size_t base = record.events.size();
  record.events.resize(base + static_cast<size_t>(layout_.event_stride), ir::kMissing);
  record.events[base] = at_ms;
  record.events[base + 1] = kind;
  const auto& attributes = layout_.event_kinds[static_cast<size_t>(kind)].attributes;
  for (size_t a = 0; a < attributes.size(); ++a) {
    record.events[base + 2 + a] = MissingSlot(attributes[a].type);
  }
  ++record.event_count;
}

bool LeadSchema::SetAttributeText(LeadRecord& record, int attribute, std::string_view text,
                                  std::string& error) const {
  size_t base = record.events.size() - static_cast<size_t>(layout_.event_stride);
  const auto& kind = layout_.event_kinds[static_cast<size_t>(record.events[base + 1])];
  return SetText(record, kind.attributes[static_cast<size_t>(attribute)], true,
                 base + 2 + static_cast<size_t>(attribute), text, error);
}

bool LeadSchema::SetAttributeNumber(LeadRecord& record, int attribute, double value,
                                    bool is_integer, int64_t integer, std::string& error) const {
  size_t base = record.events.size() - static_cast<size_t>(layout_.event_stride);
  const auto& kind = layout_.event_kinds[static_cast<size_t>(record.events[base + 1])];
  return SetNumber(record, kind.attributes[static_cast<size_t>(attribute)], true,
                   base + 2 + static_cast<size_t>(attribute), value, is_integer, integer, error);
}

bool LeadSchema::SetAttributeBool(LeadRecord& record, int attribute, bool value,
                                  std::string& error) const {
  size_t base = record.events.size() - static_cast<size_t>(layout_.event_stride);
  const auto& kind = layout_.event_kinds[static_cast<size_t>(record.events[base + 1])];
  return SetBool(record, kind.attributes[static_cast<size_t>(attribute)], true,
                 base + 2 + static_cast<size_t>(attribute), value, error);
}

void LeadSchema::Finish(LeadRecord& record) const {
  if (!record.error.empty()) {
    return;
  }
  for (size_t i = 0; i < layout_.fields.size(); ++i) {
    const ir::FieldLayout& field = layout_.fields[i];
    if (field.optional || record.fields[i] != MissingSlot(field.type)) {
      continue;
    }
    // A pending string fills its slot only when interned.
    bool pending =
        std::any_of(record.strings.begin(), record.strings.end(),
                    [&](const PendingString& s) { return !s.in_events && s.offset == i; });
    if (!pending) {
      record.error = fmt::format("required field `{}` is missing", field.name);
      return;
    }
  }

  // Events sorted by time, equal times in input order; pending strings follow their event.
  size_t stride = static_cast<size_t>(layout_.event_stride);
  size_t count = static_cast<size_t>(record.event_count);
  bool sorted = true;
  for (size_t i = 1; i < count && sorted; ++i) {
    sorted = record.events[(i - 1) * stride] <= record.events[i * stride];
  }
  if (sorted) {
    return;
  }
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return record.events[a * stride] < record.events[b * stride];
  });
  std::vector<size_t> position(count);
  std::vector<int64_t> events(record.events.size());
  for (size_t to = 0; to < count; ++to) {
    position[order[to]] = to;
    std::copy_n(record.events.begin() + static_cast<long>(order[to] * stride), stride,
                events.begin() + static_cast<long>(to * stride));
  }
  record.events = std::move(events);
  for (PendingString& pending : record.strings) {
    if (pending.in_events) {
      size_t from = pending.offset / stride;
      pending.offset = position[from] * stride + pending.offset % stride;
    }
  }
}

void ResolveStrings(LeadRecord& record, ir::StringPool& pool) {
  for (const PendingString& pending : record.strings) {
    int64_t id = pool.Intern(pending.text);
    (pending.in_events ? record.events : record.fields)[pending.offset] = id;
  }
  record.strings.clear();
}

}  // namespace slac::runtime
