// The runtime host's public API: load a policy (check, lower, compile), intern the strings
// of leads, evaluate one lead or a batch on several threads, and read the decision.
//
// Threads. A `Policy` is immutable once loaded; evaluating is const and may run on many
// threads at once. A `StringTable` is not thread-safe: strings are interned and the
// tables updated on one thread, and workers evaluate only while nobody interns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"
#include "ir/ir.h"
#include "ir/tables.h"

namespace slac::jit {
class CompiledPolicy;
}  // namespace slac::jit

namespace slac::runtime {

/// Which evaluator runs the policy. Both give identical results.
enum class Engine : uint8_t { kJit, kInterpreter };

struct LoadOptions {
  /// Folder of the standard library (`use std.x`).
  std::string stdlib_dir;
  Engine engine = Engine::kJit;
  /// Folder of the on-disk cache of compiled evaluators, keyed by the policy's content and
  /// the host; empty compiles every time. Only the JIT uses it. A folder that cannot be
  /// created, read or written costs a compile, never the load: see `LoadResult::cache`.
  std::string cache_directory{};
};

/// How the cache of compiled evaluators served one load.
enum class CacheUse : uint8_t {
  kOff,      // no cache folder, the interpreter, or a policy that was not compiled
  kHit,      // the evaluator was loaded from the cache
  kMiss,     // no entry: compiled (and stored, unless `problem` says otherwise)
  kRebuilt,  // the entry was corrupt: compiled again (see `problem`)
};

struct CacheStatus {
  CacheUse use = CacheUse::kOff;
  /// Why an entry was not used or could not be stored; empty when all went well. The
  /// policy was compiled as usual either way.
  std::string problem;
};

class Policy;

/// The outcome of loading a policy: the diagnostics always, the policy when it checked
/// without errors and compiled.
struct LoadResult {
  std::unique_ptr<SourceManager> sources;
  std::unique_ptr<DiagnosticSink> diagnostics;
  std::unique_ptr<Policy> policy;
  /// Why native compilation failed (an LLVM error); empty otherwise.
  std::string failure;
  /// How the cache of compiled evaluators served this load.
  CacheStatus cache;
};

/// Reads, checks, lowers and compiles the policy in `path`.
LoadResult LoadPolicy(const std::string& path, const LoadOptions& options);

/// The same for a policy held in memory, named `name` in diagnostics.
LoadResult LoadPolicyText(const std::string& name, const std::string& text,
                          const LoadOptions& options);

/// One SLA of the policy: its result slots and the label of each tier.
struct SlaLayout {
  std::string name;
  int tier_slot = -1;
  int target_slot = -1;
  /// The segment or let naming each tier, `otherwise` for the catch-all.
  std::vector<std::string> tier_labels;
};

/// A named result and its slot.
struct NamedSlot {
  std::string name;
  ir::ValueType type = ir::ValueType::kBool;
  int slot = -1;
};

/// A score, its slot, and the slot of each rule's contribution.
struct ScoreLayout {
  std::string name;
  int slot = -1;
  std::vector<NamedSlot> rules;
};

/// Where each part of a decision sits among the result slots.
struct DecisionLayout {
  int stage_slot = -1;
  int future_events_slot = -1;
  std::vector<ScoreLayout> scores;
  std::vector<NamedSlot> segments;
  std::vector<NamedSlot> lets;
  std::vector<SlaLayout> slas;
  std::vector<NamedSlot> guards;
};

/// Interned strings and the per-string tables of one policy.
class StringTable {
 public:
  explicit StringTable(const Policy& policy);
  ~StringTable();

  ir::StringPool& pool() { return pool_; }
  const ir::StringPool& pool() const { return pool_; }
  const ir::Tables& tables() const { return *tables_; }

  /// Computes string functions for strings interned since the last call. Call before
  /// evaluating records that hold new strings.
  void Update() { tables_->Update(); }

 private:
  ir::StringPool pool_;
  std::unique_ptr<ir::Tables> tables_;
};

/// A checked, lowered and compiled policy.
class Policy {
 public:
  ~Policy();
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  const ir::Program& program() const { return program_; }
  const std::string& name() const { return program_.policy; }
  const std::string& version() const { return program_.version; }
  const DecisionLayout& layout() const { return layout_; }
  Engine engine() const { return engine_; }
  /// Slots one decision takes.
  size_t result_count() const { return program_.results.size(); }

  /// Evaluates `record` at `now_ms` (ms since the Unix epoch) into `results`
  /// (`result_count()` slots). Safe to call from several threads at once.
  void Evaluate(const StringTable& strings, const ir::Record& record, int64_t now_ms,
                int64_t* results) const;

  /// Evaluates every record; record i's results start at `results + i * result_count()`.
  /// Runs on `threads` threads (1 evaluates on the caller's thread).
  void EvaluateBatch(const StringTable& strings, std::span<const ir::Record> records,
                     int64_t now_ms, int64_t* results, int threads) const;

  /// The JIT compiles in two tiers: quick code at once, optimised code from a background
  /// thread, swapped in and stored in the cache when ready. Waits for that thread and
  /// returns why the optimised code could not be made or cached, or "" (always "" for the
  /// interpreter). The destructor waits too.
  std::string WaitForOptimizedCode();

 private:
  friend class PolicyLoader;
  Policy() = default;

  ir::Program program_;
  DecisionLayout layout_;
  Engine engine_ = Engine::kJit;
  std::unique_ptr<jit::CompiledPolicy> native_;
};

/// A value of a decision, typed as the policy typed it.
struct DecisionValue {
  ir::ValueType type = ir::ValueType::kBool;
  /// The raw slot (see ir.h); missing values are `ir::kMissing` or NaN.
  int64_t slot = 0;

  bool missing() const;
  bool AsBool() const { return slot != 0; }
  int64_t AsInt() const { return slot; }
  double AsNumber() const;
};

/// A rule's contribution to a score.
struct RuleContribution {
  std::string label;
  double points = 0;
};

struct ScoreValue {
  std::string name;
  /// NaN when an input it needs is missing.
  double value = 0;
  /// Filled only when rules were asked for.
  std::vector<RuleContribution> rules;
};

struct SlaValue {
  std::string name;
  /// The tier that applies; empty when none does.
  std::string tier;
  /// The target in milliseconds; nothing for business-day forms, which the SLA clocks
  /// resolve.
  std::optional<int64_t> target_ms;
};

/// What the policy decided for one lead.
struct Decision {
  std::string policy;
  std::string version;
  /// The qualified stage; empty when the policy has no stages.
  std::string stage;
  std::vector<ScoreValue> scores;
  std::vector<std::pair<std::string, bool>> segments;
  std::vector<std::pair<std::string, DecisionValue>> lets;
  std::vector<SlaValue> slas;
  /// Each guard requirement (`from -> to #n`) and whether it holds.
  std::vector<std::pair<std::string, bool>> guards;
  /// Events dated after the evaluation instant, which no window counts.
  int64_t future_events = 0;
};

/// Reads the decision out of `results`; each rule's contribution when `explain`.
Decision Decode(const Policy& policy, const int64_t* results, bool explain);

}  // namespace slac::runtime
