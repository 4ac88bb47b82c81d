// `slac replay` in process: 1,000,000 generated CRM events (200,000 leads, each upserted,
// qualified by a demo request, touched and often accepted, out of order by up to an hour)
// through the replay test policy, which runs every kind of SLA clock. Reports events per
// second and the peak resident memory of the process.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <random>
#include <string>

#include "ir/lower.h"
#include "replay/event_stream.h"
#include "replay/replayer.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace {

constexpr int64_t kLeads = 200'000;
constexpr int64_t kMinute = 60'000;

// Feeds one lead's five events at `start`, spread over a working day.
void FeedLead(slac::replay::Replayer& replayer, int64_t lead, int64_t start,
              std::mt19937_64& random, int64_t& line) {
  std::string id = fmt::format("L{}", lead);
  auto at = [](int64_t ms) { return slac::replay::FormatInstant(ms); };
  std::uniform_int_distribution<int64_t> minutes(1, 600);
  replayer.FeedLine(
      fmt::format(
          R"({{"id":"u{}","at":"{}","lead":"{}","type":"upsert","fields":{{"employees":{}}}}})",
          lead, at(start), id, lead % 3000),
      ++line);
  replayer.FeedLine(
      fmt::format(R"({{"id":"d{}","at":"{}","lead":"{}","type":"activity","kind":"demo_request"}})",
                  lead, at(start + 1000), id),
      ++line);
  replayer.FeedLine(
      fmt::format(
          R"({{"id":"t{}","at":"{}","lead":"{}","type":"activity","kind":"touch","attributes":{{"channel":"phone"}}}})",
          lead, at(start + minutes(random) * kMinute), id),
      ++line);
  replayer.FeedLine(
      fmt::format(R"({{"id":"w{}","at":"{}","lead":"{}","type":"activity","kind":"ticket"}})", lead,
                  at(start + minutes(random) * kMinute), id),
      ++line);
  replayer.FeedLine(
      fmt::format(R"({{"id":"s{}","at":"{}","lead":"{}","type":"transition","to":"{}"}})", lead,
                  at(start + minutes(random) * kMinute), id, lead % 4 == 0 ? "recycled" : "sal"),
      ++line);
}

void BM_Replay(benchmark::State& state) {
  slac::SourceManager sources;
  slac::DiagnosticSink sink;
  slac::Workspace workspace(sources, sink,
                            slac::SemaOptions{std::string(SLAC_SOURCE_DIR) + "/stdlib"});
  slac::LoadedFile* file =
      workspace.Load(std::string(SLAC_SOURCE_DIR) + "/tests/replay/policies/clocks.sla");
  workspace.CheckAll();
  if (file == nullptr || sink.HasErrors()) {
    state.SkipWithError("the replay policy does not check");
    return;
  }
  slac::ir::Program program = slac::ir::Lower(workspace.AnalysisOf(*file), sink);

  int64_t records = 0;
  int64_t events = 0;
  for (auto _ : state) {
    std::string error;
    slac::replay::ReplayOptions options;
    options.lateness_ms = 11 * 60 * kMinute;
    auto replayer = slac::replay::Replayer::Create(
        program, options, [&](const std::string&) { ++records; },
        [](const slac::replay::Problem&) {}, error);
    std::mt19937_64 random(42);
    int64_t line = 0;
    // A new lead every 20 seconds from Monday March 2, 2026, 08:00 New York time.
    int64_t start = 1'772'456'400'000;
    for (int64_t lead = 0; lead < kLeads; ++lead) {
      FeedLead(*replayer, lead, start + lead * 20'000, random, line);
    }
    replayer->Finish();
    events += replayer->counts().applied;
    benchmark::DoNotOptimize(records);
  }

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["records"] =
      static_cast<double>(records) / static_cast<double>(state.iterations());
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_Replay)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
