// Differential tests: random well-typed policies and random leads, each lead evaluated by
// the reference interpreter and by the JIT-compiled evaluator, which must give identical
// result slots, bit for bit (a missing number is any NaN). A mismatch prints the seed, the policy
// text and the lead, shrunk to the fewest events and present fields that still disagree.
//
// SLAC_DIFF_SEED=N starts from another seed, SLAC_DIFF_POLICIES=N runs more policies; the
// default run is fixed so that CI is reproducible.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "generator.h"
#include "interp/interp.h"
#include "jit/jit.h"

namespace slac::testing {
namespace {

constexpr int64_t kNow = 1'773'154'800'000;  // 2026-03-10T15:00:00Z
constexpr size_t kLeadsPerPolicy = 100;

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

// The index of the first result slot on which the engines disagree, or -1.
int FirstMismatch(const CompiledText& compiled, const jit::CompiledPolicy& native,
                  const ir::Record& record, int64_t now, std::vector<int64_t>& expected,
                  std::vector<int64_t>& actual) {
  std::vector<int64_t> registers;
  size_t slots = compiled.program.results.size();
  expected.assign(slots, 0);
  actual.assign(slots, 0);
  interp::Evaluate(compiled.program, *compiled.tables, record, now, registers, expected.data());
  native.Evaluate(*compiled.tables, record, now, actual.data());
  for (size_t i = 0; i < slots; ++i) {
    // A missing number is any NaN: its sign and payload carry no meaning, and the hardware
    // and LLVM's constant folder make different ones. Every other slot must match exactly.
    bool both_missing = compiled.program.results[i].type == ir::ValueType::kNumber &&
                        std::isnan(interp::AsNumber(expected[i])) &&
                        std::isnan(interp::AsNumber(actual[i]));
    if (expected[i] != actual[i] && !both_missing) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Removes events and blanks fields while the engines still disagree, so the lead printed
// is as small as this greedy pass can make it.
std::vector<int64_t> Shrink(const CompiledText& compiled, const jit::CompiledPolicy& native,
                            const ir::Record& record, int64_t now, int64_t& event_count) {
  const ir::Program& program = compiled.program;
  size_t fields = program.layout.fields.size();
  size_t stride = static_cast<size_t>(program.layout.event_stride);
  std::vector<int64_t> slots(record.fields, record.fields + fields);
  slots.insert(slots.end(), record.events,
               record.events + static_cast<size_t>(record.event_count) * stride);
  event_count = record.event_count;
  std::vector<int64_t> expected;
  std::vector<int64_t> actual;
  auto fails = [&](const std::vector<int64_t>& candidate, int64_t events) {
    ir::Record shrunk{candidate.data(), candidate.data() + fields, events};
    return FirstMismatch(compiled, native, shrunk, now, expected, actual) >= 0;
  };
  for (int64_t e = event_count - 1; e >= 0; --e) {
    std::vector<int64_t> candidate = slots;
    auto first = candidate.begin() + static_cast<std::ptrdiff_t>(fields + e * stride);
    candidate.erase(first, first + static_cast<std::ptrdiff_t>(stride));
    if (fails(candidate, event_count - 1)) {
      slots = std::move(candidate);
      --event_count;
    }
  }
  for (size_t f = 0; f < fields; ++f) {
    std::vector<int64_t> candidate = slots;
    candidate[f] = program.layout.fields[f].type == ir::ValueType::kNumber
                       ? interp::FromNumber(std::nan(""))
                       : ir::kMissing;
    if (fails(candidate, event_count)) {
      slots = std::move(candidate);
    }
  }
  return slots;
}

std::string Report(uint64_t seed, const std::string& text, const CompiledText& compiled,
                   const jit::CompiledPolicy& native, const ir::Record& record, int64_t now) {
  int64_t event_count = 0;
  std::vector<int64_t> slots = Shrink(compiled, native, record, now, event_count);
  size_t fields = compiled.program.layout.fields.size();
  ir::Record shrunk{slots.data(), slots.data() + fields, event_count};
  std::vector<int64_t> expected;
  std::vector<int64_t> actual;
  int slot = FirstMismatch(compiled, native, shrunk, now, expected, actual);
  std::string lead = DescribeRecord(compiled.program, compiled.pool, shrunk);
  std::string detail =
      slot < 0 ? std::string("(the shrunk lead agrees; the original lead above disagreed)")
               : fmt::format("slot {} \"{}\": interpreter {} ({}), JIT {} ({})", slot,
                             compiled.program.results[static_cast<size_t>(slot)].name,
                             expected[static_cast<size_t>(slot)],
                             interp::AsNumber(expected[static_cast<size_t>(slot)]),
                             actual[static_cast<size_t>(slot)],
                             interp::AsNumber(actual[static_cast<size_t>(slot)]));
  return fmt::format("seed {} at now={}\n{}\npolicy:\n{}\nminimal lead:\n{}", seed, now, detail,
                     text, lead);
}

TEST_CASE("the JIT and the interpreter agree on generated policies and leads", "[diff]") {
  uint64_t first_seed = EnvOr("SLAC_DIFF_SEED", 20260310);
  uint64_t policies = EnvOr("SLAC_DIFF_POLICIES", 110);
  size_t pairs = 0;
  for (uint64_t seed = first_seed; seed < first_seed + policies; ++seed) {
    PolicyShape shape;
    shape.scores = 1 + static_cast<int>(seed % 3);
    shape.rules_per_score = 2 + static_cast<int>(seed % 5);
    std::string text = GeneratePolicy(seed, shape);
    auto compiled = CompileText(text, SLAC_SOURCE_DIR "/stdlib");
    INFO("seed " << seed << "\n" << compiled->Diagnostics() << "\n" << text);
    REQUIRE_FALSE(compiled->sink.HasErrors());

    // Every third policy is compiled unoptimised, so both code paths are held to the
    // interpreter.
    jit::JitOptions options;
    options.optimization_level = seed % 3 == 0 ? 0 : 2;
    auto native = jit::CompiledPolicy::Compile(compiled->program, options);
    if (!native) {
      FAIL(llvm::toString(native.takeError()));
    }

    LeadSet leads;
    leads.Generate(compiled->program, compiled->pool, seed, kLeadsPerPolicy, kNow);
    compiled->tables->Update();
    std::vector<int64_t> expected;
    std::vector<int64_t> actual;
    for (size_t i = 0; i < leads.size(); ++i) {
      // Now moves a little between leads, across event times and window edges.
      int64_t now = kNow + static_cast<int64_t>(i % 7) * 3'600'000 * 13;
      if (FirstMismatch(*compiled, **native, leads[i], now, expected, actual) >= 0) {
        FAIL(Report(seed, text, *compiled, **native, leads[i], now));
      }
      ++pairs;
    }
  }
  INFO("lead/policy pairs compared: " << pairs);
  CHECK(pairs >= 10'000);
}

}  // namespace
}  // namespace slac::testing
