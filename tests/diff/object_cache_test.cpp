// The on-disk object cache: a second compile of the same IR loads the stored object, a
// corrupt or truncated entry is reported and rebuilt, and a different IR or target gets a
// different key; a tiered compile stores the optimised object its background thread made. Every
// load is checked by evaluating a lead with a hand-computed result.
#include "jit/object_cache.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "generator.h"
#include "interp/interp.h"
#include "ir/record_builder.h"
#include "jit/jit.h"

namespace slac::testing {
namespace {

const char* const kPolicy = R"(policy cache.probe version 1.0.0
lead {
  id: string
  employees: int
}
score fit "Fit" in 0..100 {
  "large": employees >= 200 => +40
  "huge":  employees >= 1000 => +30
}
)";

// A fresh folder under the system's temporary folder, removed at the end of the test.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    llvm::SmallString<128> path;
    REQUIRE_FALSE(llvm::sys::fs::createUniqueDirectory("slac-cache-test", path));
    path_ = std::string(path);
  }
  ~TemporaryFolder() { llvm::sys::fs::remove_directories(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The fit score of a lead with `employees` under `native`.
double Fit(CompiledText& compiled, const jit::CompiledPolicy& native, int64_t employees) {
  ir::RecordBuilder lead(compiled.program, compiled.pool);
  lead.SetString("id", "lead-1");
  lead.SetInt("employees", employees);
  ir::Record record = lead.Build();
  compiled.tables->Update();
  std::vector<int64_t> results(compiled.program.results.size());
  native.Evaluate(*compiled.tables, record, 0, results.data());
  for (size_t i = 0; i < results.size(); ++i) {
    if (compiled.program.results[i].kind == ir::ResultSlot::Kind::kScore) {
      return interp::AsNumber(results[i]);
    }
  }
  FAIL("no score slot");
  return 0;
}

std::unique_ptr<jit::CompiledPolicy> CompileWith(const CompiledText& compiled,
                                                 const std::string& folder, bool tiered = false) {
  jit::JitOptions options;
  options.cache_directory = folder;
  options.tiered = tiered;
  auto native = jit::CompiledPolicy::Compile(compiled.program, options);
  if (!native) {
    FAIL(llvm::toString(native.takeError()));
  }
  return std::move(*native);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST_CASE("a second compile of the same policy loads the cached object", "[cache]") {
  TemporaryFolder folder;
  auto compiled = CompileText(kPolicy, SLAC_SOURCE_DIR "/stdlib");
  REQUIRE_FALSE(compiled->sink.HasErrors());

  auto first = CompileWith(*compiled, folder.path());
  CHECK(first->cache_report().outcome == jit::CacheOutcome::kMiss);
  CHECK(first->cache_report().problem.empty());
  CHECK(first->cache_report().key.size() == 64);
  CHECK(llvm::sys::fs::exists(folder.path() + "/" + first->cache_report().key + ".o"));

  auto second = CompileWith(*compiled, folder.path());
  CHECK(second->cache_report().outcome == jit::CacheOutcome::kHit);
  CHECK(second->cache_report().key == first->cache_report().key);
  CHECK(Fit(*compiled, *second, 250) == 40.0);
  CHECK(Fit(*compiled, *second, 5000) == 70.0);
  CHECK(Fit(*compiled, *second, 10) == 0.0);
}

TEST_CASE("a corrupt or truncated cache entry is reported and rebuilt", "[cache]") {
  TemporaryFolder folder;
  auto compiled = CompileText(kPolicy, SLAC_SOURCE_DIR "/stdlib");
  REQUIRE_FALSE(compiled->sink.HasErrors());
  auto first = CompileWith(*compiled, folder.path());
  std::string path = folder.path() + "/" + first->cache_report().key + ".o";
  std::string intact = ReadFile(path);
  REQUIRE(intact.size() > 100);

  SECTION("one flipped byte in the object fails the checksum") {
    std::string corrupt = intact;
    corrupt[corrupt.size() - 10] = static_cast<char>(corrupt[corrupt.size() - 10] ^ 0x5a);
    WriteFile(path, corrupt);
    auto rebuilt = CompileWith(*compiled, folder.path());
    CHECK(rebuilt->cache_report().outcome == jit::CacheOutcome::kRebuilt);
    CHECK_THAT(rebuilt->cache_report().problem, Catch::Contains("fails its checksum"));
    CHECK(Fit(*compiled, *rebuilt, 250) == 40.0);
  }
  SECTION("a truncated entry is detected by its size") {
    WriteFile(path, intact.substr(0, intact.size() / 2));
    auto rebuilt = CompileWith(*compiled, folder.path());
    CHECK(rebuilt->cache_report().outcome == jit::CacheOutcome::kRebuilt);
    CHECK_THAT(rebuilt->cache_report().problem, Catch::Contains("truncated"));
    CHECK(Fit(*compiled, *rebuilt, 5000) == 70.0);
  }
  SECTION("a file that is not an entry at all has no valid header") {
    WriteFile(path, "garbage");
    auto rebuilt = CompileWith(*compiled, folder.path());
    CHECK(rebuilt->cache_report().outcome == jit::CacheOutcome::kRebuilt);
    CHECK_THAT(rebuilt->cache_report().problem, Catch::Contains("no valid header"));
  }

  // The rebuilt entry was written back intact, so the next compile hits.
  CHECK(ReadFile(path) == intact);
  auto again = CompileWith(*compiled, folder.path());
  CHECK(again->cache_report().outcome == jit::CacheOutcome::kHit);
  CHECK(again->cache_report().problem.empty());
}

TEST_CASE("the cache key changes with the IR, the target and the optimisation", "[cache]") {
  std::string text = kPolicy;
  auto compiled = CompileText(text, SLAC_SOURCE_DIR "/stdlib");
  std::string changed_text = text;
  changed_text.replace(changed_text.find("+40"), 3, "+45");
  auto changed = CompileText(changed_text, SLAC_SOURCE_DIR "/stdlib");
  REQUIRE_FALSE(compiled->sink.HasErrors());
  REQUIRE_FALSE(changed->sink.HasErrors());

  jit::CodeTarget target{"x86_64-pc-linux-gnu", "znver3", "+avx2", 2, ""};
  std::string key = jit::CacheKey(ir::Print(compiled->program), target);
  CHECK(key == jit::CacheKey(ir::Print(compiled->program), target));
  CHECK(key != jit::CacheKey(ir::Print(changed->program), target));

  jit::CodeTarget other_cpu = target;
  other_cpu.cpu = "skylake";
  CHECK(key != jit::CacheKey(ir::Print(compiled->program), other_cpu));
  jit::CodeTarget other_level = target;
  other_level.optimization_level = 0;
  CHECK(key != jit::CacheKey(ir::Print(compiled->program), other_level));

  // Different policies in one folder get their own entries and their own answers.
  TemporaryFolder folder;
  auto a = CompileWith(*compiled, folder.path());
  auto b = CompileWith(*changed, folder.path());
  CHECK(b->cache_report().outcome == jit::CacheOutcome::kMiss);
  CHECK(a->cache_report().key != b->cache_report().key);
  CHECK(Fit(*compiled, *a, 250) == 40.0);
  CHECK(Fit(*changed, *b, 250) == 45.0);
}

TEST_CASE("an unwritable cache folder is reported and the policy still compiles", "[cache]") {
  TemporaryFolder folder;
  std::string blocker = folder.path() + "/not-a-folder";
  WriteFile(blocker, "a file where the cache folder should be");
  auto compiled = CompileText(kPolicy, SLAC_SOURCE_DIR "/stdlib");
  REQUIRE_FALSE(compiled->sink.HasErrors());
  auto native = CompileWith(*compiled, blocker + "/cache");
  CHECK(native->cache_report().outcome == jit::CacheOutcome::kMiss);
  CHECK_THAT(native->cache_report().problem, Catch::Contains("cannot create cache folder"));
  CHECK(Fit(*compiled, *native, 5000) == 70.0);
}

TEST_CASE("a tiered compile evaluates at once and swaps in the optimised code", "[cache]") {
  TemporaryFolder folder;
  auto compiled = CompileText(kPolicy, SLAC_SOURCE_DIR "/stdlib");
  REQUIRE_FALSE(compiled->sink.HasErrors());

  // The quick tier answers right away, whether or not the optimised one is ready yet.
  auto first = CompileWith(*compiled, folder.path(), true);
  CHECK(first->cache_report().outcome == jit::CacheOutcome::kMiss);
  CHECK(Fit(*compiled, *first, 250) == 40.0);
  CHECK(first->WaitForOptimized().empty());
  CHECK(first->optimized());
  CHECK(Fit(*compiled, *first, 5000) == 70.0);

  // The background thread stored the optimised object: the next compile is a cache hit,
  // optimised from the start.
  CHECK(llvm::sys::fs::exists(folder.path() + "/" + first->cache_report().key + ".o"));
  auto second = CompileWith(*compiled, folder.path(), true);
  CHECK(second->cache_report().outcome == jit::CacheOutcome::kHit);
  CHECK(second->optimized());
  CHECK(Fit(*compiled, *second, 10) == 0.0);
}

}  // namespace
}  // namespace slac::testing
