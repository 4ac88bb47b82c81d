// A policy compiled to native code: one LLJIT session per compiled policy, holding the
// evaluator `slac_evaluate` generated from the IR and optimised at O2 with the new pass
// manager. Evaluation is const and thread-safe: the code only reads its arguments.
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
  /// 0 skips optimisation (fast to compile); 2 runs the default O2 pipeline.
  int optimization_level = 2;
};

class CompiledPolicy {
 public:
  ~CompiledPolicy();

  /// Generates, optimises and compiles `program`. The program must outlive the result.
  static llvm::Expected<std::unique_ptr<CompiledPolicy>> Compile(const ir::Program& program,
                                                                 const JitOptions& options);

  /// The optimised LLVM IR of `program`, as text, without compiling it.
  static llvm::Expected<std::string> EmitLlvm(const ir::Program& program,
                                              const JitOptions& options);

  /// Evaluates one lead; `results` has one slot per `program.results` entry.
  void Evaluate(const ir::Tables& tables, const ir::Record& record, int64_t now_ms,
                int64_t* results) const;

  /// Evaluates `count` leads; lead i's results start at `results + i * results_per_lead`.
  void EvaluateBatch(const ir::Tables& tables, const ir::Record* records, size_t count,
                     int64_t now_ms, int64_t* results) const;

 private:
  CompiledPolicy() = default;

  const ir::Program* program_ = nullptr;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  codegen::EvaluateFunction function_ = nullptr;
};

}  // namespace slac::jit
