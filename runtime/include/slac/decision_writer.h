// Decisions as text: one JSON object per line, or one CSV row per lead. Keys, labels and
// column names are escaped once when the writer is made, so writing a decision is a few
// appends; numbers are printed in their shortest form that reads back exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/tables.h"
#include "slac/runtime.h"

namespace slac::runtime {

enum class OutputFormat : uint8_t { kJsonLines, kCsv };

/// Where a decision's lead came from, printed beside the decision.
struct RecordInfo {
  /// 1-based position among the records of the input, rejected ones included.
  int64_t record = 0;
  /// The input line the record starts on.
  int64_t line = 0;
  /// The lead's identifier when the input has one; empty otherwise.
  std::string_view id;
};

class DecisionWriter {
 public:
  /// `pool` gives the texts of string values; it must not change while Write runs.
  DecisionWriter(const Policy& policy, const ir::StringPool& pool, OutputFormat format,
                 bool explain);

  /// The CSV header row (with its line end); empty for JSON Lines.
  std::string Header() const;

  /// Appends the decision in `results` and a line end to `out`.
  void Write(const RecordInfo& info, const int64_t* results, std::string& out) const;

 private:
  void WriteJson(const RecordInfo& info, const int64_t* results, std::string& out) const;
  void WriteCsv(const RecordInfo& info, const int64_t* results, std::string& out) const;
  void AppendValue(ir::ValueType type, int64_t slot, std::string& out) const;
  void AppendText(std::string_view text, std::string& out) const;

  const Policy& policy_;
  const ir::StringPool& pool_;
  OutputFormat format_;
  bool explain_;
  /// JSON: the quoted key of each score, rule, segment, let, SLA and guard, in layout
  /// order; CSV: the quoted policy, version and stage names.
  std::vector<std::string> score_keys_;
  std::vector<std::vector<std::string>> rule_keys_;
  std::vector<std::string> segment_keys_;
  std::vector<std::string> let_keys_;
  std::vector<std::string> sla_keys_;
  std::vector<std::vector<std::string>> tier_texts_;
  std::vector<std::string> guard_keys_;
  std::vector<std::string> stage_texts_;
  std::string policy_prefix_;
};

/// `ms` since the Unix epoch in RFC 3339 UTC, with milliseconds only when not zero.
std::string FormatInstant(int64_t ms);

}  // namespace slac::runtime
