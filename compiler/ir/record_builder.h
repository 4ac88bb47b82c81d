// Building records by field and event names, for tests, generators and simple hosts.
// Values are given in their slot form (see ir.h); strings and enum values by text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.h"
#include "ir/tables.h"

namespace slac::ir {

class RecordBuilder {
 public:
  RecordBuilder(const Program& program, StringPool& pool);

  /// Sets a field; false when the program has no such field or the value does not fit.
  bool SetInt(std::string_view field, int64_t value);
  bool SetNumber(std::string_view field, double value);
  bool SetString(std::string_view field, std::string_view text);
  /// Sets an enum field by value name, or a bool field by "true"/"false".
  bool SetSymbol(std::string_view field, std::string_view value);

  /// Adds an event; attributes are set with the Set*Attribute calls that follow.
  bool AddEvent(std::string_view kind, int64_t at_ms);
  bool SetEventSymbol(std::string_view attribute, std::string_view value);
  bool SetEventString(std::string_view attribute, std::string_view text);
  bool SetEventInt(std::string_view attribute, int64_t value);

  /// The record, with events sorted by time. Valid until the builder changes.
  Record Build();

  /// Clears fields to missing and drops events, keeping the buffers.
  void Reset();

 private:
  int FieldIndex(std::string_view field) const;
  int AttributeIndex(std::string_view attribute) const;

  const Program& program_;
  StringPool& pool_;
  std::vector<int64_t> fields_;
  std::vector<int64_t> events_;
  int64_t current_kind_ = -1;
};

}  // namespace slac::ir
