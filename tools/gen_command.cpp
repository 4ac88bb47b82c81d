// `slac gen`: writes deterministic synthetic leads for the quick start, tests and
// benchmarks.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "exit_codes.h"
#include "slac/lead_generator.h"
#include "slac/lead_input.h"

namespace slac::cli {
namespace {

struct GenOptions {
  int64_t count = 1000;
  uint64_t seed = 1;
  std::string until = "2026-03-10T00:00:00Z";
  std::string format = "jsonl";
  std::string output = "-";
};

int RunGen(const GenOptions& options) {
  std::string error;
  std::optional<int64_t> until = runtime::ParseInstant(options.until, error);
  if (!until) {
    std::fprintf(stderr, "slac gen: error: --until: %s\n", error.c_str());
    return kExitUsage;
  }
  if (options.count < 0) {
    std::fprintf(stderr, "slac gen: error: --count must not be negative\n");
    return kExitUsage;
  }
  runtime::GeneratorOptions generator;
  generator.count = options.count;
  generator.seed = options.seed;
  generator.until_ms = *until;
  generator.format = options.format == "csv" ? runtime::GeneratorOptions::Format::kCsv
                                             : runtime::GeneratorOptions::Format::kJsonLines;
  if (options.output == "-") {
    std::ios::sync_with_stdio(false);
    runtime::GenerateLeads(generator, std::cout);
    std::cout.flush();
    return std::cout ? kExitOk : kExitUsage;
  }
  std::ofstream out(options.output, std::ios::binary);
  if (!out) {
    std::fprintf(stderr, "slac gen: error: cannot write `%s`\n", options.output.c_str());
    return kExitUsage;
  }
  runtime::GenerateLeads(generator, out);
  out.flush();
  if (!out) {
    std::fprintf(stderr, "slac gen: error: writing `%s` failed\n", options.output.c_str());
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

CommandRunner RegisterGen(CLI::App& app) {
  auto options = std::make_shared<GenOptions>();
  CLI::App* command = app.add_subcommand("gen", "Write synthetic leads (deterministic)");
  command->add_option("--count", options->count, "Number of leads")->capture_default_str();
  command->add_option("--seed", options->seed, "Seed; the same seed gives the same leads")
      ->capture_default_str();
  command
      ->add_option("--until", options->until,
                   "Leads are created in the 120 days before this instant")
      ->capture_default_str();
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  command->add_option("-o,--output", options->output, "File to write; `-` for stdout")
      ->capture_default_str();
  return [options] { return RunGen(*options); };
}

}  // namespace slac::cli
