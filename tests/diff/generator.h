// Seeded generators of well-typed policies (as source text) and of leads for them, shared
// by the differential tests and the benchmarks. The same seed always gives the same policy
// and the same leads on one platform, so a failure can be replayed from its seed.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"
#include "ir/ir.h"
#include "ir/record_builder.h"
#include "ir/tables.h"

namespace slac::testing {

/// The size of a generated policy.
struct PolicyShape {
  int scores = 3;
  int rules_per_score = 5;
  int lets = 4;
  int segments = 2;
  /// How deep expressions nest.
  int depth = 3;
};

/// A random policy in the language. Every construct the evaluator computes appears with
/// some probability: fields of every type (some optional), enums, sets, regex `matches`,
/// string functions, every window form with and without `in last`, decay, caps, clamping,
/// lets (with a parameterised one), segments, stage rules, a tiered SLA target, guards,
/// and arithmetic that can overflow or divide by zero.
std::string GeneratePolicy(uint64_t seed, const PolicyShape& shape);

/// A policy text checked and lowered to the IR, with its string pool and tables.
struct CompiledText {
  SourceManager sources;
  DiagnosticSink sink;
  ir::Program program;
  ir::StringPool pool;
  std::unique_ptr<ir::Tables> tables;

  /// The diagnostics as text, when `sink.HasErrors()`.
  std::string Diagnostics() const;
};

/// Checks and lowers `text` with the standard library in `stdlib_dir`.
std::unique_ptr<CompiledText> CompileText(const std::string& text, const std::string& stdlib_dir);

/// Leads built from a program's record layout, owning their slots.
class LeadSet {
 public:
  LeadSet() = default;
  LeadSet(const LeadSet&) = delete;
  LeadSet& operator=(const LeadSet&) = delete;

  /// Adds `count` random leads for `program` evaluated at `now_ms`: realistic strings and
  /// numbers mixed with missing values, extreme ints, old and future events.
  void Generate(const ir::Program& program, ir::StringPool& pool, uint64_t seed, size_t count,
                int64_t now_ms, int events_per_lead = 8);

  size_t size() const { return records_.size(); }
  const ir::Record* records() const { return records_.data(); }
  const ir::Record& operator[](size_t index) const { return records_[index]; }

 private:
  void Add(const ir::Program& program, const ir::Record& record);

  std::vector<std::unique_ptr<int64_t[]>> storage_;
  std::vector<ir::Record> records_;
};

/// A lead as text (fields by name, events with their attribute slots), for a failure
/// message.
std::string DescribeRecord(const ir::Program& program, const ir::StringPool& pool,
                           const ir::Record& record);

}  // namespace slac::testing
