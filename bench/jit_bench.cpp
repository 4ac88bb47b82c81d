// Benchmarks of the JIT against the interpreter and against the example policy's rules
// written by hand in C++ (jit_handwritten.cpp, compiled at -O2), all over the same record
// layout and the same generated leads; and the time from source to callable code, with and
// without the object cache. Results and ratios are recorded in docs/performance.md.
#include <benchmark/benchmark.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "generator.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "jit_handwritten.h"

namespace slac::bench {
namespace {

constexpr int64_t kNow = 1'773'154'800'000;  // 2026-03-10T15:00:00Z
constexpr size_t kLeads = 4096;
constexpr int kEventsPerLead = 10;

std::string SourceDir() {
  const char* dir = std::getenv("SLAC_SOURCE_DIR");
  return dir != nullptr ? dir : SLAC_SOURCE_DIR;
}

std::string ReadExample() {
  std::string path = SourceDir() + "/examples/acme-inbound/acme.sla";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  return (*buffer)->getBuffer().str();
}

std::unique_ptr<testing::CompiledText> Compile(const std::string& text) {
  auto compiled = testing::CompileText(text, SourceDir() + "/stdlib");
  if (compiled->sink.HasErrors()) {
    std::fprintf(stderr, "%s", compiled->Diagnostics().c_str());
    std::exit(1);
  }
  return compiled;
}

// The example policy, its leads and its evaluators, built once for every benchmark.
struct Example {
  std::string text = ReadExample();
  std::unique_ptr<testing::CompiledText> compiled = Compile(text);
  testing::LeadSet leads;
  std::unique_ptr<jit::CompiledPolicy> native;
  std::unique_ptr<HandWritten> hand;

  Example() {
    leads.Generate(compiled->program, compiled->pool, 42, kLeads, kNow, kEventsPerLead);
    compiled->tables->Update();
    auto result = jit::CompiledPolicy::Compile(compiled->program, jit::JitOptions{});
    if (!result) {
      std::fprintf(stderr, "%s\n", llvm::toString(result.takeError()).c_str());
      std::exit(1);
    }
    native = std::move(*result);
    hand = std::make_unique<HandWritten>(compiled->program, compiled->pool);
  }
};

Example& TheExample() {
  static Example example;
  return example;
}

void BM_Interpreter(benchmark::State& state) {
  Example& example = TheExample();
  const ir::Program& program = example.compiled->program;
  std::vector<int64_t> registers;
  std::vector<int64_t> results(program.results.size());
  size_t i = 0;
  for (auto _ : state) {
    interp::Evaluate(program, *example.compiled->tables, example.leads[i], kNow, registers,
                     results.data());
    benchmark::DoNotOptimize(results.data());
    i = (i + 1) % example.leads.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Interpreter);

void BM_JitSingle(benchmark::State& state) {
  Example& example = TheExample();
  std::vector<int64_t> results(example.compiled->program.results.size());
  size_t i = 0;
  for (auto _ : state) {
    example.native->Evaluate(*example.compiled->tables, example.leads[i], kNow, results.data());
    benchmark::DoNotOptimize(results.data());
    i = (i + 1) % example.leads.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JitSingle);

void BM_JitBatch(benchmark::State& state) {
  Example& example = TheExample();
  std::vector<int64_t> results(example.compiled->program.results.size() * kLeads);
  for (auto _ : state) {
    example.native->EvaluateBatch(*example.compiled->tables, example.leads.records(), kLeads, kNow,
                                  results.data());
    benchmark::DoNotOptimize(results.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kLeads));
}
BENCHMARK(BM_JitBatch);

void BM_HandWrittenBatch(benchmark::State& state) {
  Example& example = TheExample();
  std::vector<HandWritten::Result> results(kLeads);
  for (auto _ : state) {
    example.hand->EvaluateBatch(example.leads.records(), kLeads, kNow, results.data());
    benchmark::DoNotOptimize(results.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kLeads));
  // The hand-written rules must decide as the policy does, or the comparison means nothing.
  state.counters["disagreements"] = static_cast<double>(example.hand->CountDisagreements(
      *example.native, *example.compiled->tables, example.leads.records(), kLeads, kNow));
}
BENCHMARK(BM_HandWrittenBatch);

// ---- Compile time ------------------------------------------------------------------------

testing::PolicyShape TwoHundredRules() {
  testing::PolicyShape shape;
  shape.scores = 10;
  shape.rules_per_score = 20;
  shape.lets = 6;
  shape.segments = 3;
  shape.depth = 2;
  return shape;
}

jit::JitOptions OptionsFor(int64_t variant) {
  jit::JitOptions options;
  switch (variant) {
    case 0:
      options.optimization_level = 0;
      break;
    case 1:
      options.optimization_level = 1;
      break;
    case 2:
      options.optimization_level = 2;
      options.pipeline = "default<O2>";
      break;
    case 4:
      options.tiered = true;  // callable at once; the default level swapped in later
      break;
    default:
      break;  // the default options
  }
  return options;
}

const char* VariantName(int64_t variant) {
  static const char* const kNames[] = {"O0", "O1", "O2", "default", "tiered"};
  return kNames[variant];
}

void CompileFromSource(benchmark::State& state, const std::string& text) {
  jit::JitOptions options = OptionsFor(state.range(0));
  state.SetLabel(VariantName(state.range(0)));
  for (auto _ : state) {
    auto compiled = Compile(text);
    auto native = jit::CompiledPolicy::Compile(compiled->program, options);
    if (!native) {
      state.SkipWithError("compile failed");
      return;
    }
    benchmark::DoNotOptimize(native->get());
    // A tiered compile is callable when Compile returns; the background optimisation
    // that its destructor waits for is not part of the time to callable code.
    state.PauseTiming();
    native->reset();
    state.ResumeTiming();
  }
}

void BM_CompileExample(benchmark::State& state) { CompileFromSource(state, TheExample().text); }
BENCHMARK(BM_CompileExample)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

void BM_Compile200Rules(benchmark::State& state) {
  static const std::string text = testing::GeneratePolicy(7, TwoHundredRules());
  CompileFromSource(state, text);
}
BENCHMARK(BM_Compile200Rules)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// A restarted host: the source is checked and lowered again (the key is a hash of the IR),
// and the object comes from the cache instead of LLVM.
void BM_CachedLoad200Rules(benchmark::State& state) {
  static const std::string text = testing::GeneratePolicy(7, TwoHundredRules());
  llvm::SmallString<128> folder;
  if (llvm::sys::fs::createUniqueDirectory("slac-bench-cache", folder)) {
    state.SkipWithError("cannot create a cache folder");
    return;
  }
  jit::JitOptions options;
  options.cache_directory = std::string(folder);
  bool include_source = state.range(0) != 0;
  state.SetLabel(include_source ? "from source" : "from IR");
  auto warm = Compile(text);
  if (!jit::CompiledPolicy::Compile(warm->program, options)) {
    state.SkipWithError("compile failed");
    return;
  }
  for (auto _ : state) {
    std::unique_ptr<testing::CompiledText> compiled;
    if (include_source) {
      compiled = Compile(text);
    }
    auto native =
        jit::CompiledPolicy::Compile(include_source ? compiled->program : warm->program, options);
    if (!native || (*native)->cache_report().outcome != jit::CacheOutcome::kHit) {
      state.SkipWithError("the cache did not hit");
      break;
    }
    benchmark::DoNotOptimize(native->get());
  }
  llvm::sys::fs::remove_directories(folder);
}
BENCHMARK(BM_CachedLoad200Rules)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace slac::bench

BENCHMARK_MAIN();
