#include "jit/jit.h"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <functional>
#include <mutex>

#include "codegen/codegen.h"
#include "interp/interp.h"
#include "jit/object_cache.h"

namespace slac::jit {
namespace {

static_assert(sizeof(codegen::EvalArgs) == 10 * sizeof(int64_t),
              "generated code reads EvalArgs as ten 8-byte slots");

// What the callbacks from generated code need to find the program and its tables.
struct HookContext {
  const ir::Tables* tables;
};

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

llvm::CodeGenOptLevel BackendLevel(int level) {
  switch (level) {
    case 0:
      return llvm::CodeGenOptLevel::None;
    case 1:
      return llvm::CodeGenOptLevel::Less;
    default:
      return llvm::CodeGenOptLevel::Default;
  }
}

// The host's target machine. Objects are position independent with the small code model,
// which is what JITLink links anywhere in the address space.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> HostMachine(const JitOptions& options) {
  InitializeLlvm();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    return builder.takeError();
  }
  builder->setRelocationModel(llvm::Reloc::PIC_);
  builder->setCodeModel(llvm::CodeModel::Small);
  builder->setCodeGenOptLevel(BackendLevel(options.optimization_level));
  return builder->createTargetMachine();
}

CodeTarget TargetOf(const llvm::TargetMachine& machine, const JitOptions& options) {
  return CodeTarget{machine.getTargetTriple().str(), machine.getTargetCPU().str(),
                    machine.getTargetFeatureString().str(), options.optimization_level,
                    options.pipeline};
}

// Generates and optimises the module of `program` for `machine`.
llvm::Expected<std::unique_ptr<llvm::Module>> Optimized(const ir::Program& program,
                                                        llvm::LLVMContext& context,
                                                        llvm::TargetMachine& machine,
                                                        const JitOptions& options) {
  std::unique_ptr<llvm::Module> module = codegen::GenerateModule(program, context);
  module->setDataLayout(machine.createDataLayout());
  module->setTargetTriple(machine.getTargetTriple().str());
  if (options.optimization_level == 0 && options.pipeline.empty()) {
    return module;
  }

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder passes(&machine);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::ModulePassManager pipeline;
  if (options.pipeline.empty()) {
    pipeline = passes.buildPerModuleDefaultPipeline(options.optimization_level >= 2
                                                        ? llvm::OptimizationLevel::O2
                                                        : llvm::OptimizationLevel::O1);
  } else if (llvm::Error error = passes.parsePassPipeline(pipeline, options.pipeline)) {
    return error;
  }
  pipeline.run(*module, modules);
  return module;
}

// Compiles `module` to an object file or assembly text with `machine`'s backend.
llvm::Expected<std::string> EmitNative(llvm::Module& module, llvm::TargetMachine& machine,
                                       llvm::CodeGenFileType type) {
  llvm::SmallVector<char, 0> bytes;
  llvm::raw_svector_ostream out(bytes);
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, out, nullptr, type)) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the host target cannot emit this kind of file");
  }
  codegen.run(module);
  return std::string(bytes.data(), bytes.size());
}

// Generates, optimises and compiles `program` to an object for `machine`.
llvm::Expected<std::string> CompileObject(const ir::Program& program, llvm::TargetMachine& machine,
                                          const JitOptions& options) {
  llvm::LLVMContext context;
  auto module = Optimized(program, context, machine, options);
  if (!module) {
    return module.takeError();
  }
  return EmitNative(**module, machine, llvm::CodeGenFileType::ObjectFile);
}

// Links `object` into a new LLJIT session and finds the evaluator in it.
llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> Load(std::unique_ptr<llvm::MemoryBuffer> object,
                                                       codegen::EvaluateFunction& function) {
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    return jit.takeError();
  }
  if (llvm::Error error = (*jit)->addObjectFile(std::move(object))) {
    return error;
  }
  auto symbol = (*jit)->lookup(codegen::kEvaluateSymbol);
  if (!symbol) {
    return symbol.takeError();
  }
  function = symbol->toPtr<codegen::EvaluateFunction>();
  return std::move(*jit);
}

}  // namespace

CompiledPolicy::~CompiledPolicy() { WaitForOptimized(); }

std::string CompiledPolicy::WaitForOptimized() {
  if (optimizer_.joinable()) {
    optimizer_.join();
  }
  return optimizer_problem_;
}

// The second tier: the optimised object, compiled with its own target machine and LLVM
// context, stored in the cache when there is one, then published to evaluators.
void CompiledPolicy::OptimizeInBackground(JitOptions options, std::string cache_key) {
  optimizer_ = std::thread([this, options = std::move(options), key = std::move(cache_key)] {
    auto fail = [this](llvm::Error error) {
      optimizer_problem_ = llvm::toString(std::move(error));
    };
    auto machine = HostMachine(options);
    if (!machine) {
      return fail(machine.takeError());
    }
    auto bytes = CompileObject(*program_, **machine, options);
    if (!bytes) {
      return fail(bytes.takeError());
    }
    if (!options.cache_directory.empty()) {
      if (llvm::Error error = ObjectCache(options.cache_directory).Store(key, *bytes)) {
        fail(std::move(error));
      }
    }
    codegen::EvaluateFunction function = nullptr;
    auto jit = Load(llvm::MemoryBuffer::getMemBufferCopy(*bytes, "slac-policy"), function);
    if (!jit) {
      return fail(jit.takeError());
    }
    optimized_jit_ = std::move(*jit);
    function_.store(function, std::memory_order_release);
    optimized_.store(true, std::memory_order_release);
  });
}

namespace {

// The optimised module of `program` for the host, handed to `use` with the host's machine.
llvm::Expected<std::string> WithHostModule(
    const ir::Program& program, const JitOptions& options,
    const std::function<llvm::Expected<std::string>(llvm::Module&, llvm::TargetMachine&)>& use) {
  auto machine = HostMachine(options);
  if (!machine) {
    return machine.takeError();
  }
  llvm::LLVMContext context;
  auto module = Optimized(program, context, **machine, options);
  if (!module) {
    return module.takeError();
  }
  return use(**module, **machine);
}

}  // namespace

llvm::Expected<std::string> CompiledPolicy::EmitLlvm(const ir::Program& program,
                                                     const JitOptions& options) {
  return WithHostModule(
      program, options,
      [](llvm::Module& module, llvm::TargetMachine&) -> llvm::Expected<std::string> {
        std::string text;
        llvm::raw_string_ostream out(text);
        module.print(out, nullptr);
        return text;
      });
}

llvm::Expected<std::string> CompiledPolicy::EmitAssembly(const ir::Program& program,
                                                         const JitOptions& options) {
  return WithHostModule(program, options, [](llvm::Module& module, llvm::TargetMachine& machine) {
    return EmitNative(module, machine, llvm::CodeGenFileType::AssemblyFile);
  });
}

llvm::Expected<std::unique_ptr<CompiledPolicy>> CompiledPolicy::Compile(const ir::Program& program,
                                                                        const JitOptions& options) {
  auto machine = HostMachine(options);
  if (!machine) {
    return machine.takeError();
  }
  std::unique_ptr<CompiledPolicy> compiled(new CompiledPolicy());
  compiled->program_ = &program;
  CacheReport& report = compiled->cache_report_;

  // The cache is consulted first; an entry that fails its checks is reported and rebuilt.
  std::unique_ptr<llvm::MemoryBuffer> object;
  std::optional<ObjectCache> cache;
  if (!options.cache_directory.empty()) {
    cache.emplace(options.cache_directory);
    report.key = CacheKey(ir::Print(program), TargetOf(**machine, options));
    CacheLookup lookup = cache->Load(report.key);
    object = std::move(lookup.object);
    report.problem = std::move(lookup.problem);
    report.outcome = object                   ? CacheOutcome::kHit
                     : report.problem.empty() ? CacheOutcome::kMiss
                                              : CacheOutcome::kRebuilt;
  }
  // Tiered: unoptimised code now, the optimised object from a background thread.
  bool quick_first =
      !object && options.tiered && (options.optimization_level > 0 || !options.pipeline.empty());
  if (quick_first) {
    JitOptions quick = options;
    quick.optimization_level = 0;
    quick.pipeline.clear();
    auto quick_machine = HostMachine(quick);
    if (!quick_machine) {
      return quick_machine.takeError();
    }
    auto bytes = CompileObject(program, **quick_machine, quick);
    if (!bytes) {
      return bytes.takeError();
    }
    codegen::EvaluateFunction function = nullptr;
    auto jit = Load(llvm::MemoryBuffer::getMemBufferCopy(*bytes, "slac-policy"), function);
    if (!jit) {
      return jit.takeError();
    }
    compiled->jit_ = std::move(*jit);
    compiled->function_.store(function, std::memory_order_release);
    compiled->OptimizeInBackground(options, report.key);
    return compiled;
  }

  if (!object) {
    auto bytes = CompileObject(program, **machine, options);
    if (!bytes) {
      return bytes.takeError();
    }
    if (cache) {
      // A cache that cannot be written costs the next start a compile, nothing more.
      if (llvm::Error error = cache->Store(report.key, *bytes)) {
        report.problem += (report.problem.empty() ? "" : "; ") + llvm::toString(std::move(error));
      }
    }
    object = llvm::MemoryBuffer::getMemBufferCopy(*bytes, "slac-policy");
  }

  codegen::EvaluateFunction function = nullptr;
  auto jit = Load(std::move(object), function);
  if (!jit) {
    return jit.takeError();
  }
  compiled->jit_ = std::move(*jit);
  compiled->function_.store(function, std::memory_order_release);
  compiled->optimized_.store(true, std::memory_order_release);
  return compiled;
}

void CompiledPolicy::Evaluate(const ir::Tables& tables, const ir::Record& record, int64_t now_ms,
                              int64_t* results) const {
  HookContext hooks{&tables};
  codegen::EvalArgs args{record.fields,
                         record.events,
                         record.event_count,
                         now_ms,
                         tables.string_op_tables(),
                         tables.string_count(),
                         tables.constant_ids(),
                         &hooks,
                         &InSetHook,
                         &interp::DecayWeight};
  function_.load(std::memory_order_acquire)(&args, results);
}

void CompiledPolicy::EvaluateBatch(const ir::Tables& tables, const ir::Record* records,
                                   size_t count, int64_t now_ms, int64_t* results) const {
  // The arguments that do not depend on the lead are set up once for the whole batch.
  HookContext hooks{&tables};
  codegen::EvalArgs args{nullptr,
                         nullptr,
                         0,
                         now_ms,
                         tables.string_op_tables(),
                         tables.string_count(),
                         tables.constant_ids(),
                         &hooks,
                         &InSetHook,
                         &interp::DecayWeight};
  size_t stride = program_->results.size();
  codegen::EvaluateFunction function = function_.load(std::memory_order_acquire);
  for (size_t i = 0; i < count; ++i) {
    args.fields = records[i].fields;
    args.events = records[i].events;
    args.event_count = records[i].event_count;
    function(&args, results + i * stride);
  }
}

}  // namespace slac::jit
