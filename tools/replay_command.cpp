// `slac replay --policy P --events FILE [--state DB] [--output FILE] [--until T]
// [--lateness D]`: runs a CRM event stream through the policy's SLA clocks and writes the
// actions, outcomes and violations as JSON Lines; problems with input lines and the
// summary go to stderr. With --state (and --output, which a resumed run cuts back to its
// last commit) the run can be killed and run again to resume.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "ir/lower.h"
#include "parse/literals.h"
#include "progress.h"
#include "replay/replayer.h"
#include "replay/state_store.h"
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
  std::string state;
  std::string output;
  int64_t commit_every = 1000;
  int64_t max_errors = 100;
};

// What a state file belongs to: the policy, by a hash of its IR (so a policy edited between
// runs is a different replay), and the events file by its path. The file may grow between
// runs: resuming on an appended log is what the state is for.
std::string RunName(const ReplayCommandOptions& options, const ir::Program& program) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (unsigned char c : ir::Print(program)) {
    hash = (hash ^ c) * 1099511628211ull;
  }
  std::error_code ignored;
  std::string events = std::filesystem::absolute(options.events, ignored).lexically_normal();
  return fmt::format("policy `{}` {} (IR {:016x}), events `{}`", program.policy, program.version,
                     hash, events);
}

int Run(const ReplayCommandOptions& options) {
  // Records on stdout cannot be cut back to the last commit, so a resumed run would write
  // again those of the lines taken after it.
  if (!options.state.empty() && options.output.empty()) {
    std::cerr << fmt::format(
        "slac replay: `--state {}` needs `--output FILE`: a resumed run cuts the records back "
        "to its last commit, which it cannot do on stdout, so records would be repeated; pass "
        "`--output FILE` with `--state`, or leave out `--state`\n",
        options.state);
    return kExitUsage;
  }

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

  // `-` reads the stream from stdin, as `slac eval --leads -` does.
  std::ifstream events_file;
  if (options.events != "-") {
    events_file.open(options.events, std::ios::binary);
    if (!events_file) {
      std::cerr << fmt::format("slac replay: cannot read `{}`: {}\n", options.events,
                               std::strerror(errno));
      return kExitUsage;
    }
  }
  std::istream& in = options.events == "-" ? std::cin : events_file;

  // The state of an earlier, interrupted run of the same replay.
  std::string error;
  std::unique_ptr<replay::StateStore> store;
  if (!options.state.empty()) {
    store = replay::StateStore::Open(options.state, RunName(options, program), error);
    if (!store) {
      std::cerr << "slac replay: " << error << '\n';
      return kExitUsage;
    }
    if (store->finished()) {
      std::cerr << fmt::format("slac replay: the replay recorded in `{}` already ran to its end\n",
                               options.state);
      return kExitOk;
    }
  }

  // Records go to --output or stdout. On resume, output past the last commit belongs to
  // lines that are taken again, so it is cut off.
  std::FILE* out = stdout;
  int64_t offset = store ? store->output_offset() : 0;
  if (!options.output.empty()) {
    std::error_code ignored;
    if (store && offset > 0) {
      std::filesystem::resize_file(options.output, static_cast<uintmax_t>(offset), ignored);
    }
    out = std::fopen(options.output.c_str(), store && offset > 0 ? "ab" : "wb");
    if (out == nullptr) {
      std::cerr << fmt::format("slac replay: cannot write `{}`\n", options.output);
      return kExitUsage;
    }
  }

  bool muted = false;
  int64_t problems_shown = 0;
  Progress progress("slac replay", "lines");
  auto replayer = replay::Replayer::Create(
      program, replay_options,
      [&](const std::string& line) {
        if (!muted) {
          std::fwrite(line.data(), 1, line.size(), out);
          std::fputc('\n', out);
          offset += static_cast<int64_t>(line.size()) + 1;
        }
      },
      [&](const replay::Problem& problem) {
        if (muted) {
          return;
        }
        // Every problem is counted in the summary; a log out of order by hours would
        // otherwise print one line per event.
        if (options.max_errors == 0 || ++problems_shown <= options.max_errors) {
          progress.Clear();
          std::cerr << fmt::format("{}:{}: {}\n", options.events, problem.line, problem.message);
        }
      },
      error);
  if (!replayer) {
    std::cerr << "slac replay: " << error << '\n';
    return kExitUsage;
  }

  // Rebuild the clocks from the committed lines; what they produced is already written.
  int64_t resumed = 0;
  if (store) {
    muted = true;
    for (const std::string& line : store->Lines()) {
      replayer->FeedLine(line, 0);
      ++resumed;
    }
    muted = false;
  }

  auto commit = [&](bool finished) {
    // Records that did not reach the output are never committed as written: a resumed run
    // writes them again.
    if (std::fflush(out) != 0 || std::ferror(out)) {
      std::cerr << fmt::format("slac replay: cannot write the records to `{}`: {}\n",
                               options.output.empty() ? "stdout" : options.output,
                               std::strerror(errno));
      return false;
    }
    if (store && !store->Commit(offset, finished, error)) {
      std::cerr << "slac replay: " << error << '\n';
      return false;
    }
    return true;
  };
  std::string line;
  int64_t since_commit = 0;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    // A byte order mark that an editor saved before the first event is not part of it.
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) {
      line.erase(0, 3);
    }
    if (store) {
      replay::ParsedLine parsed = replay::ParseEventLine(line, number);
      if (parsed.event && store->Has(parsed.event->id)) {
        continue;  // Taken before the interruption.
      }
      if (parsed.event && !store->Add(parsed.event->id, line, error)) {
        std::cerr << "slac replay: " << error << '\n';
        return kExitUsage;
      }
    }
    replayer->FeedLine(line, number);
    progress.Update(number);
    if (++since_commit >= options.commit_every) {
      since_commit = 0;
      if (!commit(false)) {
        return kExitUsage;
      }
    }
  }
  replayer->Finish();
  progress.Clear();
  if (!commit(true)) {
    return kExitUsage;
  }
  if (out != stdout) {
    std::fclose(out);
  }
  if (resumed > 0) {
    std::cerr << fmt::format("resumed from `{}` after {} lines\n", options.state, resumed);
  }

  if (options.max_errors != 0 && problems_shown > options.max_errors) {
    std::cerr << fmt::format("slac replay: {} more problems not shown (--max-errors)\n",
                             problems_shown - options.max_errors);
  }
  const replay::ReplayCounts& counts = replayer->counts();
  int64_t problems = counts.malformed + counts.duplicates + counts.too_late + counts.unknown_leads +
                     counts.rejected + counts.ignored_attributes + counts.ignored_values;
  std::cerr << fmt::format(
      "slac replay: {} lines: {} applied, {} malformed, {} duplicates, {} too late, {} for "
      "unknown leads, {} rejected, {} after --until, {} undeclared attributes ignored, {} "
      "upsert values ignored; {} actions, {} outcomes, {} violations\n",
      counts.lines, counts.applied, counts.malformed, counts.duplicates, counts.too_late,
      counts.unknown_leads, counts.rejected, counts.after_until, counts.ignored_attributes,
      counts.ignored_values, counts.actions, counts.outcomes, counts.violations);
  return problems > 0 ? kExitErrors : kExitOk;
}

}  // namespace

CommandRunner RegisterReplay(CLI::App& app) {
  auto options = std::make_shared<ReplayCommandOptions>();
  CLI::App* command =
      app.add_subcommand("replay", "Run a CRM event stream through the policy's SLA clocks");
  command->add_option("--policy", options->policy, "The policy file")->required();
  command->add_option("--events", options->events, "The event stream, JSON Lines; `-` reads stdin")
      ->required();
  command
      ->add_option("--until", options->until,
                   "Stop the clocks at this RFC 3339 instant (default: the last event)")
      ->check(CLI::Validator(
          [](std::string& text) { return text.empty() ? "an instant is needed" : ""; }, "TIME"));
  command
      ->add_option("--lateness", options->lateness,
                   "How far an event may be behind the latest one seen and still count")
      ->capture_default_str();
  command->add_option("--state", options->state,
                      "SQLite file that makes the replay resumable after an interruption "
                      "(needs --output)");
  command->add_option("--output", options->output,
                      "Write the records to this file instead of stdout (with --state, a "
                      "resumed run continues it with no record lost or repeated)");
  command
      ->add_option("--max-errors", options->max_errors,
                   "Problems with input lines shown on stderr; 0 shows all")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--commit-every", options->commit_every,
                   "Lines between two commits of the state")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  AddStdlibOption(*command, options->stdlib_dir);
  AddColorOption(*command, options->color);
  return [options] { return Run(*options); };
}

}  // namespace slac::cli
