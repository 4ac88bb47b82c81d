// Reading leads into records of a policy's layout. Readers turn JSON Lines or CSV rows
// into `LeadRecord`s; they may run on worker threads because they never touch the string
// pool: strings wait in the record until `ResolveStrings` interns them on one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/ir.h"
#include "ir/tables.h"

namespace slac::runtime {

/// A string slot of a record waiting to be interned.
struct PendingString {
  /// True for a slot in `events`, false for one in `fields`.
  bool in_events = false;
  size_t offset = 0;
  std::string text;
};

/// One lead read from the input, or the reason it cannot be decided.
struct LeadRecord {
  int64_t line = 0;
  std::string id;
  std::vector<int64_t> fields;
  std::vector<int64_t> events;
  int64_t event_count = 0;
  std::vector<PendingString> strings;
  /// Why the record is rejected; empty when it can be evaluated.
  std::string error;

  /// The record as the evaluator reads it; valid while this object is unchanged.
  ir::Record View() const { return ir::Record{fields.data(), events.data(), event_count}; }
};

/// The lead layout of a policy, indexed by name for readers.
class LeadSchema {
 public:
  /// The layout of `program`. String fields the program never reads (an `id` kept for
  /// the host) are checked for presence but not interned, so the string pool grows with
  /// the distinct strings the policy looks at, not with the number of leads.
  explicit LeadSchema(const ir::Program& program);

  const ir::RecordLayout& layout() const { return layout_; }
  /// The index of a lead field, event kind or attribute of `kind`; -1 when unknown.
  int FieldIndex(std::string_view name) const;
  int EventKindIndex(std::string_view name) const;
  int AttributeIndex(int kind, std::string_view name) const;

  /// Clears `record` to a lead with every field missing and no events.
  void Start(LeadRecord& record) const;

  /// Sets field `field` from its text (CSV cells, JSON strings): enums by value name,
  /// bools as true/false, times in RFC 3339, dates as YYYY-MM-DD, durations as `90s`,
  /// `5m`, percents as `70%` or a fraction. On a value that does not fit, returns false
  /// and says why in `error`.
  bool SetFieldText(LeadRecord& record, int field, std::string_view text, std::string& error) const;
  /// The same for JSON numbers and bools.
  bool SetFieldNumber(LeadRecord& record, int field, double value, bool is_integer, int64_t integer,
                      std::string& error) const;
  bool SetFieldBool(LeadRecord& record, int field, bool value, std::string& error) const;

  /// Sets a field, or an attribute of the last event, to a value already in its slot
  /// form (ir.h), such as an instant a reader converted itself.
  void SetFieldSlot(LeadRecord& record, int field, int64_t slot) const;
  void SetAttributeSlot(LeadRecord& record, int attribute, int64_t slot) const;

  /// Appends an event of kind `kind` at `at_ms`; its attributes follow.
  void AddEvent(LeadRecord& record, int kind, int64_t at_ms) const;
  /// Sets attribute `attribute` of the last event from its text.
  bool SetAttributeText(LeadRecord& record, int attribute, std::string_view text,
                        std::string& error) const;
  bool SetAttributeNumber(LeadRecord& record, int attribute, double value, bool is_integer,
                          int64_t integer, std::string& error) const;
  bool SetAttributeBool(LeadRecord& record, int attribute, bool value, std::string& error) const;

  /// Checks that every required field is present and sorts events by time. On a missing
  /// field, sets `record.error`.
  void Finish(LeadRecord& record) const;

 private:
  bool SetText(LeadRecord& record, const ir::FieldLayout& layout, bool in_events, size_t offset,
               std::string_view text, std::string& error) const;
  bool SetNumber(LeadRecord& record, const ir::FieldLayout& layout, bool in_events, size_t offset,
                 double value, bool is_integer, int64_t integer, std::string& error) const;
  bool SetBool(LeadRecord& record, const ir::FieldLayout& layout, bool in_events, size_t offset,
               bool value, std::string& error) const;
  int64_t& Slot(LeadRecord& record, bool in_events, size_t offset) const;

  const ir::RecordLayout& layout_;
  std::vector<bool> field_read_;
  std::unordered_map<std::string_view, int> fields_;
  std::unordered_map<std::string_view, int> kinds_;
  std::vector<std::unordered_map<std::string_view, int>> attributes_;
  int last_kind_ = -1;
};

/// Interns the record's pending strings into `pool`. Run on one thread.
void ResolveStrings(LeadRecord& record, ir::StringPool& pool);

/// Milliseconds since the Unix epoch of an RFC 3339 instant (`2026-03-10T15:00:00Z`,
/// `2026-03-10T10:00:00.250-05:00`); a `T` or a space between date and time, an offset
/// required. Nothing, with `error` set, for anything else.
std::optional<int64_t> ParseInstant(std::string_view text, std::string& error);

/// Days since the Unix epoch of `YYYY-MM-DD`.
std::optional<int64_t> ParseDay(std::string_view text, std::string& error);

/// Reads one JSON Lines record per call. Not thread-safe: one per thread.
class JsonLeadReader {
 public:
  explicit JsonLeadReader(const LeadSchema& schema);
  ~JsonLeadReader();

  /// Extra bytes a line's buffer must have readable after its end (the JSON parser reads
  /// ahead in blocks).
  static size_t Padding();

  /// Parses `line` into `record`. The line's buffer must have `Padding()` readable bytes
  /// after its end (`std::string::capacity`). Sets `record.error` on a bad record.
  void Read(std::string_view line, size_t capacity, LeadRecord& record);

 private:
  struct Parser;
  const LeadSchema& schema_;
  std::unique_ptr<Parser> parser_;
};

}  // namespace slac::runtime
