#include "ir/record_builder.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace slac::ir {

RecordBuilder::RecordBuilder(const Program& program, StringPool& pool)
    : program_(program), pool_(pool) {
  Reset();
}

void RecordBuilder::Reset() {
  fields_.assign(program_.layout.fields.size(), kMissing);
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (program_.layout.fields[i].type == ValueType::kNumber) {
      fields_[i] = std::bit_cast<int64_t>(std::nan(""));
    }
  }
  events_.clear();
  current_kind_ = -1;
}

int RecordBuilder::FieldIndex(std::string_view field) const {
  const auto& fields = program_.layout.fields;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool RecordBuilder::SetInt(std::string_view field, int64_t value) {
  int index = FieldIndex(field);
  if (index < 0 || program_.layout.fields[index].type == ValueType::kNumber) {
    return false;
  }
  fields_[static_cast<size_t>(index)] = value;
  return true;
}

bool RecordBuilder::SetNumber(std::string_view field, double value) {
  int index = FieldIndex(field);
  if (index < 0) {
    return false;
  }
  if (program_.layout.fields[index].type != ValueType::kNumber) {
    // An int field given a whole number is fine; anything else does not fit.
    if (std::trunc(value) != value) {
      return false;
    }
    fields_[static_cast<size_t>(index)] = static_cast<int64_t>(value);
    return true;
  }
  fields_[static_cast<size_t>(index)] = std::bit_cast<int64_t>(value);
  return true;
}

bool RecordBuilder::SetString(std::string_view field, std::string_view text) {
  int index = FieldIndex(field);
  if (index < 0 || program_.layout.fields[index].type != ValueType::kString) {
    return false;
  }
  fields_[static_cast<size_t>(index)] = pool_.Intern(text);
  return true;
}

bool RecordBuilder::SetSymbol(std::string_view field, std::string_view value) {
  int index = FieldIndex(field);
  if (index < 0) {
    return false;
  }
  const FieldLayout& layout = program_.layout.fields[static_cast<size_t>(index)];
  if (layout.type == ValueType::kBool && (value == "true" || value == "false")) {
    fields_[static_cast<size_t>(index)] = value == "true";
    return true;
  }
  auto found = std::find(layout.enum_values.begin(), layout.enum_values.end(), value);
  if (found == layout.enum_values.end()) {
    return false;
  }
  fields_[static_cast<size_t>(index)] = found - layout.enum_values.begin();
  return true;
}

bool RecordBuilder::AddEvent(std::string_view kind, int64_t at_ms) {
  const auto& kinds = program_.layout.event_kinds;
  auto found = std::find_if(kinds.begin(), kinds.end(),
                            [&](const EventKindLayout& layout) { return layout.name == kind; });
  if (found == kinds.end()) {
    return false;
  }
  current_kind_ = found - kinds.begin();
  size_t base = events_.size();
  events_.resize(base + static_cast<size_t>(program_.layout.event_stride), kMissing);
  events_[base] = at_ms;
  events_[base + 1] = current_kind_;
  return true;
}

int RecordBuilder::AttributeIndex(std::string_view attribute) const {
  if (current_kind_ < 0) {
    return -1;
  }
  const auto& attributes =
      program_.layout.event_kinds[static_cast<size_t>(current_kind_)].attributes;
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].name == attribute) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool RecordBuilder::SetEventSymbol(std::string_view attribute, std::string_view value) {
  int index = AttributeIndex(attribute);
  if (index < 0) {
    return false;
  }
  const FieldLayout& layout = program_.layout.event_kinds[static_cast<size_t>(current_kind_)]
                                  .attributes[static_cast<size_t>(index)];
  auto found = std::find(layout.enum_values.begin(), layout.enum_values.end(), value);
  if (found == layout.enum_values.end()) {
    return false;
  }
  size_t base = events_.size() - static_cast<size_t>(program_.layout.event_stride);
  events_[base + 2 + static_cast<size_t>(index)] = found - layout.enum_values.begin();
  return true;
}

bool RecordBuilder::SetEventString(std::string_view attribute, std::string_view text) {
  int index = AttributeIndex(attribute);
  if (index < 0) {
    return false;
  }
  size_t base = events_.size() - static_cast<size_t>(program_.layout.event_stride);
  events_[base + 2 + static_cast<size_t>(index)] = pool_.Intern(text);
  return true;
}

bool RecordBuilder::SetEventInt(std::string_view attribute, int64_t value) {
  int index = AttributeIndex(attribute);
  if (index < 0) {
    return false;
  }
  size_t base = events_.size() - static_cast<size_t>(program_.layout.event_stride);
  events_[base + 2 + static_cast<size_t>(index)] = value;
  return true;
}

Record RecordBuilder::Build() {
  // Sort events by time, keeping insertion order among equal times.
  size_t stride = static_cast<size_t>(program_.layout.event_stride);
  size_t count = events_.size() / stride;
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return events_[a * stride] < events_[b * stride]; });
  std::vector<int64_t> sorted;
  sorted.reserve(events_.size());
  for (size_t index : order) {
    sorted.insert(sorted.end(), events_.begin() + static_cast<long>(index * stride),
                  events_.begin() + static_cast<long>((index + 1) * stride));
  }
  events_ = std::move(sorted);
  return Record{fields_.data(), events_.data(), static_cast<int64_t>(count)};
}

}  // namespace slac::ir
