// LLVM code generation: the policy IR as one LLVM function, `slac_evaluate`, taking
// EvalArgs and writing the result slots. It computes exactly what the interpreter does.
#pragma once

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <memory>

#include "ir/ir.h"

namespace slac::codegen {

/// Builds the module for `program` in `context`.
std::unique_ptr<llvm::Module> GenerateModule(const ir::Program& program,
                                             llvm::LLVMContext& context);

}  // namespace slac::codegen
