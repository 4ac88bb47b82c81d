#include "jit/jit.h"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <mutex>

#include "codegen/codegen.h"
#include "interp/interp.h"

namespace slac::jit {
namespace {

static_assert(sizeof(codegen::EvalArgs) == 10 * sizeof(int64_t),
              "generated code reads EvalArgs as ten 8-byte slots");

// What the callbacks from generated code need to find the program and its tables.
struct HookContext {
  const ir::Program* program;
  const ir::Tables* tables;
};

int64_t WindowHook(const void* context, int32_t window, const codegen::EvalArgs* args,
                   const int64_t* operands) {
  const auto* hook = static_cast<const HookContext*>(context);
  ir::Record record{args->fields, args->events, args->event_count};
  return interp::EvaluateWindow(*hook->program, window, record, args->now_ms, operands);
}

int64_t InSetHook(const void* context, int32_t set, int64_t value) {
  return static_cast<const HookContext*>(context)->tables->InSet(set, value);
}

void InitializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

// Optimises `module` for the host with the new pass manager.
llvm::Error Optimize(llvm::Module& module, int level) {
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    return builder.takeError();
  }
  auto machine = builder->createTargetMachine();
  if (!machine) {
    return machine.takeError();
  }
  module.setDataLayout((*machine)->createDataLayout());
  module.setTargetTriple((*machine)->getTargetTriple().str());
  if (level == 0) {
    return llvm::Error::success();
  }

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder passes(machine->get());
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::ModulePassManager pipeline = passes.buildPerModuleDefaultPipeline(
      level >= 2 ? llvm::OptimizationLevel::O2 : llvm::OptimizationLevel::O1);
  pipeline.run(module, modules);
  return llvm::Error::success();
}

}  // namespace

CompiledPolicy::~CompiledPolicy() = default;

llvm::Expected<std::string> CompiledPolicy::EmitLlvm(const ir::Program& program,
                                                     const JitOptions& options) {
  InitializeLlvm();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = codegen::GenerateModule(program, context);
  if (llvm::Error error = Optimize(*module, options.optimization_level)) {
    return error;
  }
  std::string text;
  llvm::raw_string_ostream out(text);
  module->print(out, nullptr);
  return out.str();
}

llvm::Expected<std::unique_ptr<CompiledPolicy>> CompiledPolicy::Compile(const ir::Program& program,
                                                                        const JitOptions& options) {
  InitializeLlvm();
  auto context = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> module = codegen::GenerateModule(program, *context);
  if (llvm::Error error = Optimize(*module, options.optimization_level)) {
    return error;
  }

  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    return jit.takeError();
  }
  llvm::orc::ThreadSafeModule safe_module(std::move(module), std::move(context));
  if (llvm::Error error = (*jit)->addIRModule(std::move(safe_module))) {
    return error;
  }
  auto symbol = (*jit)->lookup(codegen::kEvaluateSymbol);
  if (!symbol) {
    return symbol.takeError();
  }

  std::unique_ptr<CompiledPolicy> compiled(new CompiledPolicy());
  compiled->program_ = &program;
  compiled->function_ = symbol->toPtr<codegen::EvaluateFunction>();
  compiled->jit_ = std::move(*jit);
  return compiled;
}

void CompiledPolicy::Evaluate(const ir::Tables& tables, const ir::Record& record, int64_t now_ms,
                              int64_t* results) const {
  HookContext hooks{program_, &tables};
  codegen::EvalArgs args{record.fields,
                         record.events,
                         record.event_count,
                         now_ms,
                         tables.string_op_tables(),
                         tables.string_count(),
                         tables.constant_ids(),
                         &hooks,
                         &WindowHook,
                         &InSetHook};
  function_(&args, results);
}

void CompiledPolicy::EvaluateBatch(const ir::Tables& tables, const ir::Record* records,
                                   size_t count, int64_t now_ms, int64_t* results) const {
  size_t stride = program_->results.size();
  for (size_t i = 0; i < count; ++i) {
    Evaluate(tables, records[i], now_ms, results + i * stride);
  }
}

}  // namespace slac::jit
