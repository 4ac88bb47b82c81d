// `slac replay --policy P --events FILE [--until T] [--lateness D]`: runs a CRM event
// stream through the policy's SLA clocks and writes the actions, outcomes and violations
// as JSON Lines on stdout; problems with input lines and the summary go to stderr.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <string>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "ir/lower.h"
#include "parse/literals.h"
#include "replay/replayer.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace slac::cli {
namespace {

struct ReplayCommandOptions {
  std::string policy;
  std::string events;
  std::string until;
  std::string lateness = "0s";
  std::string stdlib_dir;
  std::string color = "auto";
};

int Run(const ReplayCommandOptions& options) {
  replay::ReplayOptions replay_options;
  std::optional<int64_t> lateness = literals::ParseDurationMs(options.lateness);
  if (!lateness) {
    std::cerr << fmt::format("slac replay: `--lateness {}` is not a duration such as 15m\n",
                             options.lateness);
    return kExitUsage;
  }
  replay_options.lateness_ms = *lateness;
  if (!options.until.empty()) {
    std::optional<int64_t> until = replay::ParseInstant(options.until);
    if (!until) {
      std::cerr << fmt::format(
          "slac replay: `--until {}` is not an RFC 3339 instant such as "
          "2026-03-09T18:00:00Z\n",
          options.until);
      return kExitUsage;
    }
    replay_options.until_ms = *until;
  }

  // The policy, checked and lowered.
  SourceManager sources;
  DiagnosticSink sink;
  Workspace workspace(sources, sink, SemaOptions{StdlibDir(options.stdlib_dir)});
  LoadedFile* file = workspace.Load(options.policy);
  workspace.CheckAll();
  ir::Program program;
  if (file != nullptr && !sink.HasErrors()) {
    program = ir::Lower(workspace.AnalysisOf(*file), sink);
  }
  if (file == nullptr || sink.HasErrors()) {
    OutputOptions output;
    output.color = options.color;
    output.file_count = 1;
    return ReportDiagnostics(sources, sink, output);
  }

  std::ifstream in(options.events, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("slac replay: cannot read `{}`\n", options.events);
    return kExitUsage;
  }

  std::string error;
  auto replayer = replay::Replayer::Create(
      program, replay_options, [](const std::string& line) { std::cout << line << '\n'; },
      [&](const replay::Problem& problem) {
        std::cerr << fmt::format("{}:{}: {}\n", options.events, problem.line, problem.message);
      },
      error);
  if (!replayer) {
    std::cerr << "slac replay: " << error << '\n';
    return kExitUsage;
  }
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    replayer->FeedLine(line, number);
  }
  replayer->Finish();
  std::cout.flush();

  const replay::ReplayCounts& counts = replayer->counts();
  int64_t problems = counts.malformed + counts.duplicates + counts.too_late + counts.unknown_leads +
                     counts.rejected;
  std::cerr << fmt::format(
      "replayed {} lines: {} applied, {} malformed, {} duplicates, {} too late, {} for "
      "unknown leads, {} rejected, {} after --until; {} actions, {} outcomes, {} "
      "violations\n",
      counts.lines, counts.applied, counts.malformed, counts.duplicates, counts.too_late,
      counts.unknown_leads, counts.rejected, counts.after_until, counts.actions, counts.outcomes,
      counts.violations);
  return problems > 0 ? kExitErrors : kExitOk;
}

}  // namespace

CommandRunner RegisterReplay(CLI::App& app) {
  auto options = std::make_shared<ReplayCommandOptions>();
  CLI::App* command =
      app.add_subcommand("replay", "Run a CRM event stream through the policy's SLA clocks");
  command->add_option("--policy", options->policy, "The policy file")->required();
  command->add_option("--events", options->events, "The event stream, JSON Lines")->required();
  command->add_option("--until", options->until,
                      "Stop the clocks at this RFC 3339 instant (default: the last event)");
  command
      ->add_option("--lateness", options->lateness,
                   "How late an event may arrive after later ones and still count")
      ->capture_default_str();
  command->add_option("--stdlib", options->stdlib_dir, "The standard library's directory");
  command->add_option("--color", options->color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return [options] { return Run(*options); };
}

}  // namespace slac::cli
