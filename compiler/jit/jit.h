// A policy compiled to native code: one LLJIT session per compiled policy, holding the
// evaluator `slac_evaluate` generated from the IR, optimised with the new pass manager and
// compiled to an object for the host. With a cache folder, the object is stored on disk and
// a later compile of the same IR for the same target loads it instead of compiling.
// Evaluation is const and thread-safe: the code only reads its arguments.
#pragma once

#include <llvm/Support/Error.h>

#include <cstdint>
#include <memory>
#include <string>

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

 private:
  CompiledPolicy() = default;

  const ir::Program* program_ = nullptr;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  codegen::EvaluateFunction function_ = nullptr;
  CacheReport cache_report_;
};

}  // namespace slac::jit
