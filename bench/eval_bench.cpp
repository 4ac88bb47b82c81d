// `slac eval` end to end: generated leads (one million by default; SLAC_BENCH_LEADS
// changes it) written once as JSON Lines and as CSV, then decided by the real binary on 1
// and 2 threads with the quick-start policy. Reports MB/s of input, leads/s and the peak
// resident memory of the `slac` process, measured with wait4.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "slac/lead_generator.h"

extern char** environ;

namespace {

int64_t LeadCount() {
  const char* text = std::getenv("SLAC_BENCH_LEADS");
  return text != nullptr ? std::atoll(text) : 1'000'000;
}

// The generated input of one format, written on first use.
const std::string& Input(slac::runtime::GeneratorOptions::Format format) {
  static std::string paths[2];
  std::string& path = paths[static_cast<int>(format)];
  if (path.empty()) {
    bool csv = format == slac::runtime::GeneratorOptions::Format::kCsv;
    path = std::string(std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp") +
           "/slac_eval_bench_" + std::to_string(getpid()) + (csv ? ".csv" : ".jsonl");
    slac::runtime::GeneratorOptions options;
    options.count = LeadCount();
    options.seed = 42;
    options.format = format;
    std::ofstream out(path, std::ios::binary);
    slac::runtime::GenerateLeads(options, out);
  }
  return path;
}

struct RunResult {
  double seconds = 0;
  long peak_kb = 0;
  int status = -1;
};

// Runs `slac` with `args`, stdout to /dev/null, and measures it.
RunResult RunSlac(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string program = SLAC_BINARY;
  argv.push_back(program.data());
  std::vector<std::string> copies = args;
  for (std::string& arg : copies) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

  RunResult result;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ) == 0) {
    rusage usage{};
    int status = 0;
    wait4(pid, &status, 0, &usage);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.peak_kb = usage.ru_maxrss;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  return result;
}

void EvalEndToEnd(benchmark::State& state, slac::runtime::GeneratorOptions::Format format,
                  const char* engine) {
  const std::string& input = Input(format);
  struct stat info {};
  stat(input.c_str(), &info);
  std::string root = SLAC_SOURCE_DIR;
  std::vector<std::string> args = {"eval", "--policy", root + "/examples/quickstart/quickstart.sla",
                                   "--leads", input, "--at", "2026-03-10T00:00:00Z", "--engine",
                                   engine, "--threads", std::to_string(state.range(0)),
                                   // A cold start every run: the policy compiled, not loaded.
                                   "--no-cache"};
  if (format == slac::runtime::GeneratorOptions::Format::kCsv) {
    args.push_back("--mapping");
    args.push_back(root + "/examples/quickstart/leads.mapping.json");
  }
  long peak_kb = 0;
  for (auto _ : state) {
    RunResult run = RunSlac(args);
    if (run.status != 0) {
      state.SkipWithError("slac eval failed");
      return;
    }
    state.SetIterationTime(run.seconds);
    peak_kb = std::max(peak_kb, run.peak_kb);
  }
  double bytes = static_cast<double>(info.st_size);
  state.counters["MB/s"] =
      benchmark::Counter(bytes / 1e6, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["leads/s"] = benchmark::Counter(static_cast<double>(LeadCount()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_MB"] = static_cast<double>(peak_kb) / 1024;
  state.counters["input_MB"] = bytes / 1e6;
}

void JsonLinesJit(benchmark::State& state) {
  EvalEndToEnd(state, slac::runtime::GeneratorOptions::Format::kJsonLines, "jit");
}
void JsonLinesInterp(benchmark::State& state) {
  EvalEndToEnd(state, slac::runtime::GeneratorOptions::Format::kJsonLines, "interp");
}
void CsvJit(benchmark::State& state) {
  EvalEndToEnd(state, slac::runtime::GeneratorOptions::Format::kCsv, "jit");
}
void CsvInterp(benchmark::State& state) {
  EvalEndToEnd(state, slac::runtime::GeneratorOptions::Format::kCsv, "interp");
}

BENCHMARK(JsonLinesJit)->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(3);
BENCHMARK(JsonLinesInterp)
    ->Arg(1)
    ->Arg(2)
    ->UseManualTime()
    ->Unit(benchmark::kSecond)
    ->Iterations(3);
BENCHMARK(CsvJit)->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(3);
BENCHMARK(CsvInterp)->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto format : {slac::runtime::GeneratorOptions::Format::kJsonLines,
                      slac::runtime::GeneratorOptions::Format::kCsv}) {
    std::remove(Input(format).c_str());
  }
  return 0;
}
