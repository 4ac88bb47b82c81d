// A policy compiled to native code: one LLJIT session per compiled policy, holding the
// evaluator `slac_evaluate` generated from the IR, optimised with the new pass manager and
// compiled to an object for the host. With a cache folder, the object is stored on disk and
// a later compile of the same IR for the same target loads it instead of compiling.
// Optimising a large policy takes far longer than generating unoptimised code (half a
// second against twenty milliseconds for 200 rules), so a host may ask for tiers: quick
// code first, the optimised code swapped in from a background thread when it is ready.
// Evaluation is const and thread-safe: the code only reads its arguments.
#pragma once

#include <llvm/Support/Error.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "codegen/eval_abi.h"
#include "ir/ir.h"
#include "ir/tables.h"

namespace llvm::orc {
class LLJIT;
}  // namespace llvm::orc

namespace slac::jit {

struct JitOptions {
  /// 0 skips optimisation; 1 runs the O1 pipeline, 2 the O2 pipeline. The level also sets
  /// the backend's optimisation.
  int optimization_level = 2;
  /// A textual new-pass-manager pipeline that replaces the level's module passes; empty
  /// means the level's default. Used to compare pipelines.
  std::string pipeline;
  /// Folder of the object cache; empty disables the cache.
  std::string cache_directory;
  /// On a cache miss, compile unoptimised code first and return at once; the optimised
  /// object is compiled on a background thread, stored in the cache and swapped in when
  /// ready. Both tiers compute the same results.
  bool tiered = false;
};

/// How the object cache served one compile.
enum class CacheOutcome : uint8_t {
  kDisabled,  // no cache folder was given
  kHit,       // the object was loaded from the cache
  kMiss,      // no entry: compiled and stored
  kRebuilt,   // the entry was corrupt: compiled and stored again (see `problem`)
};

struct CacheReport {
  CacheOutcome outcome = CacheOutcome::kDisabled;
  std::string key;
  /// Why an entry was not used or could not be stored; empty when all went well.
  std::string problem;
};

class CompiledPolicy {
 public:
  ~CompiledPolicy();

  /// Generates, optimises and compiles `program`, or loads it from the cache. The program
  /// must outlive the result.
  static llvm::Expected<std::unique_ptr<CompiledPolicy>> Compile(const ir::Program& program,
                                                                 const JitOptions& options);

  /// The optimised LLVM IR of `program`, as text, without compiling it.
  static llvm::Expected<std::string> EmitLlvm(const ir::Program& program,
                                              const JitOptions& options);

  /// The native assembly of `program` for the host, as text.
  static llvm::Expected<std::string> EmitAssembly(const ir::Program& program,
                                                  const JitOptions& options);

  /// Evaluates one lead; `results` has one slot per `program.results` entry.
  void Evaluate(const ir::Tables& tables, const ir::Record& record, int64_t now_ms,
                int64_t* results) const;

  /// Evaluates `count` leads; lead i's results start at `results + i * results_per_lead`.
  void EvaluateBatch(const ir::Tables& tables, const ir::Record* records, size_t count,
                     int64_t now_ms, int64_t* results) const;

  /// How the cache served this compile.
  const CacheReport& cache_report() const { return cache_report_; }

  /// Whether the optimised code evaluates now (always, unless compiled tiered and the
  /// background compile has not finished or failed).
  bool optimized() const { return optimized_.load(std::memory_order_acquire); }
  /// Waits for a tiered compile's background thread; returns why it failed, or "".
  std::string WaitForOptimized();

 private:
  CompiledPolicy() = default;
  void OptimizeInBackground(JitOptions options, std::string cache_key);

  const ir::Program* program_ = nullptr;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  /// The optimised tier of a tiered compile; `jit_` keeps the quick one alive for calls
  /// still running in it.
  std::unique_ptr<llvm::orc::LLJIT> optimized_jit_;
  std::atomic<codegen::EvaluateFunction> function_ = nullptr;
  std::atomic<bool> optimized_ = false;
  std::thread optimizer_;
  std::string optimizer_problem_;
  CacheReport cache_report_;
};

}  // namespace slac::jit
