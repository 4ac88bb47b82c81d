// `slac eval`: leads in, decisions out. Reads JSON Lines or CSV in chunks, parses and
// evaluates each chunk on the worker threads, and writes decisions in input order; memory
// stays flat in the number of leads.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "progress.h"
#include "slac/csv_input.h"
#include "slac/decision_writer.h"
#include "slac/lead_input.h"
#include "slac/runtime.h"

namespace slac::cli {
namespace {

struct EvalOptions {
  std::string policy;
  std::string leads;
  std::string mapping;
  std::string at;
  std::string input = "auto";
  std::string format = "jsonl";
  std::string engine = "jit";
  std::string color = "auto";
  std::string stdlib_dir;
  std::string cache_dir;
  bool no_cache = false;
  bool explain = false;
  int threads = 1;
  int64_t max_errors = 100;
};

// Records per chunk: large enough to keep the workers busy, small enough that memory
// does not depend on the input.
constexpr size_t kChunk = 4096;

// Runs `work(begin, end)` over [0, count) split in contiguous parts, one per thread.
template <typename Work>
void ParallelFor(size_t count, int threads, Work work) {
  size_t workers = static_cast<size_t>(std::max(1, threads));
  if (workers == 1 || count < 2 * workers) {
    work(size_t{0}, count, size_t{0});
    return;
  }
  size_t share = (count + workers - 1) / workers;
  std::vector<std::jthread> helpers;
  for (size_t w = 1; w < workers; ++w) {
    size_t begin = std::min(count, w * share);
    helpers.emplace_back(work, begin, std::min(count, begin + share), w);
  }
  work(size_t{0}, std::min(count, share), size_t{0});
}

// What one run counts, for the summary.
struct Tally {
  int64_t read = 0;
  int64_t decided = 0;
  int64_t rejected = 0;
  std::vector<int64_t> per_stage;
};

class Evaluation {
 public:
  Evaluation(const EvalOptions& options, const runtime::Policy& policy, int64_t now_ms)
      : options_(options),
        policy_(policy),
        now_ms_(now_ms),
        strings_(policy),
        schema_(policy.program()),
        writer_(policy, strings_.pool(),
                options.format == "csv" ? runtime::OutputFormat::kCsv
                                        : runtime::OutputFormat::kJsonLines,
                options.explain),
        outputs_(static_cast<size_t>(std::max(1, options.threads))) {
    tally_.per_stage.assign(policy.program().stages.size(), 0);
  }

  const runtime::LeadSchema& schema() const { return schema_; }
  const Tally& tally() const { return tally_; }

  void WriteHeader() {
    std::string header = writer_.Header();
    std::fwrite(header.data(), 1, header.size(), stdout);
  }

  // Evaluates the first `count` records (already parsed) and writes their decisions, and
  // their errors, in order.
  void Finish(std::vector<runtime::LeadRecord>& records, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      if (records[i].error.empty()) {
        runtime::ResolveStrings(records[i], strings_.pool());
      }
    }
    strings_.Update();

    size_t slots = policy_.result_count();
    results_.resize(count * slots);
    int stage_slot = policy_.layout().stage_slot;
    ParallelFor(count, options_.threads, [&](size_t begin, size_t end, size_t worker) {
      std::string& out = outputs_[worker];
      out.clear();
      for (size_t i = begin; i < end; ++i) {
        const runtime::LeadRecord& record = records[i];
        if (!record.error.empty()) {
          continue;
        }
        int64_t* results = results_.data() + i * slots;
        policy_.Evaluate(strings_, record.View(), now_ms_, results);
        runtime::RecordInfo info{first_record_ + static_cast<int64_t>(i), record.line, record.id};
        writer_.Write(info, results, out);
      }
    });
    for (size_t w = 0; w < outputs_.size(); ++w) {
      std::fwrite(outputs_[w].data(), 1, outputs_[w].size(), stdout);
      outputs_[w].clear();
    }

    for (size_t i = 0; i < count; ++i) {
      const runtime::LeadRecord& record = records[i];
      ++tally_.read;
      if (!record.error.empty()) {
        ++tally_.rejected;
        if (options_.max_errors == 0 || tally_.rejected <= options_.max_errors) {
          progress_.Clear();
          std::fprintf(stderr, "%s:%lld: error: %s\n", options_.leads.c_str(),
                       static_cast<long long>(record.line), record.error.c_str());
        }
        continue;
      }
      ++tally_.decided;
      if (stage_slot >= 0) {
        ++tally_.per_stage[static_cast<size_t>(
            results_[i * slots + static_cast<size_t>(stage_slot)])];
      }
    }
    first_record_ += static_cast<int64_t>(count);
    progress_.Update(tally_.read);
  }

  void ClearProgress() { progress_.Clear(); }

 private:
  const EvalOptions& options_;
  const runtime::Policy& policy_;
  int64_t now_ms_;
  runtime::StringTable strings_;
  runtime::LeadSchema schema_;
  runtime::DecisionWriter writer_;
  std::vector<std::string> outputs_;
  std::vector<int64_t> results_;
  Tally tally_;
  int64_t first_record_ = 1;
  Progress progress_{"slac eval", "records"};
};

bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

void EvaluateJsonLines(std::istream& in, Evaluation& evaluation, int threads) {
  std::vector<std::string> lines(kChunk);
  std::vector<int64_t> line_numbers(kChunk);
  std::vector<runtime::LeadRecord> records(kChunk);
  std::vector<std::unique_ptr<runtime::JsonLeadReader>> readers;
  for (int t = 0; t < std::max(1, threads); ++t) {
    readers.push_back(std::make_unique<runtime::JsonLeadReader>(evaluation.schema()));
  }
  size_t padding = runtime::JsonLeadReader::Padding();
  int64_t line_number = 0;
  while (true) {
    size_t count = 0;
    while (count < kChunk && std::getline(in, lines[count])) {
      ++line_number;
      // A byte order mark that an editor saved before the first record is not part of it.
      if (line_number == 1 && lines[count].rfind("\xEF\xBB\xBF", 0) == 0) {
        lines[count].erase(0, 3);
      }
      if (IsBlank(lines[count])) {
        continue;
      }
      std::string& line = lines[count];
      if (line.capacity() < line.size() + padding) {
        line.reserve(line.size() + padding);
      }
      line_numbers[count++] = line_number;
    }
    if (count == 0) {
      return;
    }
    ParallelFor(count, threads, [&](size_t begin, size_t end, size_t worker) {
      for (size_t i = begin; i < end; ++i) {
        evaluation.schema().Start(records[i]);
        readers[worker]->Read(lines[i], lines[i].capacity(), records[i]);
        records[i].line = line_numbers[i];
      }
    });
    evaluation.Finish(records, count);
  }
}

int EvaluateCsv(std::istream& in, Evaluation& evaluation, runtime::Mapping& mapping,
                const EvalOptions& options) {
  runtime::CsvReader reader(in);
  std::vector<runtime::CsvRow> rows;
  if (!reader.Read(1, rows)) {
    std::fprintf(stderr, "%s: error: the file is empty; a CSV file starts with a header row\n",
                 options.leads.c_str());
    return kExitUsage;
  }
  if (!rows[0].error.empty()) {
    std::fprintf(stderr, "%s:%lld: error: the header row cannot be read: %s\n",
                 options.leads.c_str(), static_cast<long long>(rows[0].line),
                 rows[0].error.c_str());
    return kExitUsage;
  }
  std::vector<std::string> unread;
  std::string error;
  if (!mapping.BindHeader(rows[0].cells, unread, error)) {
    std::fprintf(stderr, "%s:1: error: %s\n", options.leads.c_str(), error.c_str());
    return kExitUsage;
  }
  if (mapping.implicit() && !unread.empty()) {
    // Without a mapping file a column named unlike any field is most likely a typo.
    std::string names;
    for (const std::string& name : unread) {
      names += fmt::format("{}`{}`", names.empty() ? "" : ", ", name);
    }
    std::fprintf(stderr, "%s:1: note: columns no field of the policy reads: %s\n",
                 options.leads.c_str(), names.c_str());
  }

  std::vector<runtime::LeadRecord> records(kChunk);
  while (true) {
    rows.clear();
    if (!reader.Read(kChunk, rows)) {
      break;
    }
    ParallelFor(rows.size(), options.threads, [&](size_t begin, size_t end, size_t) {
      for (size_t i = begin; i < end; ++i) {
        mapping.Apply(rows[i], records[i]);
      }
    });
    evaluation.Finish(records, rows.size());
  }
  if (reader.stream_failed()) {
    std::fprintf(stderr, "%s: error: reading the file failed\n", options.leads.c_str());
    return kExitUsage;
  }
  return kExitOk;
}

// The folder of compiled evaluators: `--cache-dir`, else `$XDG_CACHE_HOME/slac`, else
// `$HOME/.cache/slac`; empty (no cache) with `--no-cache`, for the interpreter, or when
// neither variable names a folder. The XDG specification says to ignore a relative
// `XDG_CACHE_HOME`.
std::string CacheDir(const EvalOptions& options) {
  if (options.no_cache || options.engine == "interp") {
    return "";
  }
  if (!options.cache_dir.empty()) {
    return options.cache_dir;
  }
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/slac";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.cache/slac";
  }
  return "";
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunEval(EvalOptions options) {
  // Leads from stdin come through std::cin; output goes through C stdio, never std::cout,
  // so the two need no synchronisation, which would slow reading by line.
  std::ios::sync_with_stdio(false);

  // The instant every lead is decided at: given, or the clock once for the whole run.
  int64_t now_ms = 0;
  if (!options.at.empty()) {
    std::string error;
    std::optional<int64_t> at = runtime::ParseInstant(options.at, error);
    if (!at) {
      std::fprintf(stderr, "slac eval: error: --at: %s\n", error.c_str());
      return kExitUsage;
    }
    now_ms = *at;
  } else {
    now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  }
  if (options.threads < 1) {
    std::fprintf(stderr, "slac eval: error: --threads must be at least 1\n");
    return kExitUsage;
  }

  // `auto` goes by the extension, in any case: exports are often named `Leads.CSV`.
  std::string extension = std::filesystem::path(options.leads).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool csv = options.input == "csv" || (options.input == "auto" && extension == ".csv");
  std::optional<std::string> mapping_text;
  if (!options.mapping.empty()) {
    if (!csv) {
      std::fprintf(stderr, "slac eval: error: --mapping applies to CSV input only\n");
      return kExitUsage;
    }
    mapping_text = ReadFile(options.mapping);
    if (!mapping_text) {
      std::fprintf(stderr, "slac eval: error: cannot read mapping `%s`\n", options.mapping.c_str());
      return kExitUsage;
    }
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  if (options.leads != "-") {
    file.open(options.leads, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "slac eval: error: cannot read leads `%s`\n", options.leads.c_str());
      return kExitUsage;
    }
    in = &file;
  }

  // Arguments and files are checked before the policy is compiled, which takes longer.
  runtime::LoadOptions load{
      StdlibDir(options.stdlib_dir),
      options.engine == "interp" ? runtime::Engine::kInterpreter : runtime::Engine::kJit,
      CacheDir(options)};
  runtime::LoadResult loaded = runtime::LoadPolicy(options.policy, load);
  // A cache that cannot be used costs this run a compile, and the next one too: worth one
  // line, not a failure.
  if (!loaded.cache.problem.empty()) {
    std::fprintf(stderr, "slac eval: warning: %s; %s\n", loaded.cache.problem.c_str(),
                 loaded.cache.use == runtime::CacheUse::kRebuilt
                     ? "compiled the policy again"
                     : "compiled the policy without caching it");
  }
  if (!loaded.policy) {
    if (!loaded.failure.empty()) {
      std::fprintf(stderr, "slac eval: internal error: compiling the policy failed: %s\n",
                   loaded.failure.c_str());
      return kExitInternal;
    }
    OutputOptions output{"text", options.color, 1};
    return ReportDiagnostics(*loaded.sources, *loaded.diagnostics, output);
  }
  runtime::Policy& policy = *loaded.policy;

  runtime::LeadSchema schema(policy.program());
  std::optional<runtime::Mapping> mapping;
  if (mapping_text) {
    std::string error;
    mapping = runtime::Mapping::FromJson(*mapping_text, schema, error);
    if (!mapping) {
      std::fprintf(stderr, "%s: error: %s\n", options.mapping.c_str(), error.c_str());
      return kExitUsage;
    }
  } else if (csv) {
    mapping = runtime::Mapping::Implicit(schema);
  }

  Evaluation evaluation(options, policy, now_ms);
  // The mapping was checked against `schema`; the evaluation's own schema is the same
  // layout, so rows map identically.
  int code = kExitOk;
  if (csv) {
    // Decisions follow the header only once the input proved readable.
    evaluation.WriteHeader();
    code = EvaluateCsv(*in, evaluation, *mapping, options);
  } else {
    evaluation.WriteHeader();
    EvaluateJsonLines(*in, evaluation, options.threads);
    if (in->bad()) {
      std::fprintf(stderr, "%s: error: reading the file failed\n", options.leads.c_str());
      code = kExitUsage;
    }
  }
  std::fflush(stdout);
  evaluation.ClearProgress();
  if (code != kExitOk) {
    return code;
  }

  const Tally& tally = evaluation.tally();
  if (options.max_errors != 0 && tally.rejected > options.max_errors) {
    std::fprintf(stderr, "slac eval: %lld more rejected records not shown (--max-errors)\n",
                 static_cast<long long>(tally.rejected - options.max_errors));
  }
  // The optimised code and its cache entry come from a background thread; a cache that
  // could not take it costs the next run a compile.
  if (std::string problem = policy.WaitForOptimizedCode(); !problem.empty()) {
    std::fprintf(stderr, "slac eval: warning: %s; compiled the policy without caching it\n",
                 problem.c_str());
  }
  std::string stages;
  const auto& names = policy.program().stages;
  for (size_t i = 0; i < names.size(); ++i) {
    stages += fmt::format("{}{} {}", i == 0 ? "" : ", ", names[i], tally.per_stage[i]);
  }
  std::fprintf(stderr, "slac eval: %lld records read, %lld decided, %lld rejected%s%s\n",
               static_cast<long long>(tally.read), static_cast<long long>(tally.decided),
               static_cast<long long>(tally.rejected),
               stages.empty() ? "" : "; stages: ", stages.c_str());
  // Decisions that did not reach stdout (a full disk, a closed pipe) are lost: that is a
  // failure of the run, not a success with a summary.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "slac eval: cannot write the decisions: %s\n", std::strerror(errno));
    return kExitUsage;
  }
  return tally.rejected == 0 ? kExitOk : kExitErrors;
}

}  // namespace

CommandRunner RegisterEval(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand("eval", "Decide leads with a policy");
  command->add_option("--policy", options->policy, "Policy file (.sla)")->required();
  command->add_option("--leads", options->leads, "Leads: JSON Lines or CSV; `-` reads stdin")
      ->required();
  command->add_option("--mapping", options->mapping, "Column mapping of a CSV file (JSON)");
  command
      ->add_option("--at", options->at,
                   "Instant to decide at (RFC 3339); the current time by default")
      ->check(CLI::Validator(
          [](std::string& text) { return text.empty() ? "an instant is needed" : ""; }, "TIME"));
  command->add_flag("--explain", options->explain, "Show each rule's contribution");
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  command->add_option("--input", options->input, "Input format; auto reads *.csv as CSV")
      ->check(CLI::IsMember({"auto", "jsonl", "csv"}))
      ->capture_default_str();
  command->add_option("--threads", options->threads, "Worker threads")->capture_default_str();
  command->add_option("--engine", options->engine, "Evaluator")
      ->check(CLI::IsMember({"jit", "interp"}))
      ->capture_default_str();
  command
      ->add_option("--max-errors", options->max_errors,
                   "Rejected records shown on stderr; 0 shows all")
      ->capture_default_str();
  AddColorOption(*command, options->color);
  AddStdlibOption(*command, options->stdlib_dir);
  CLI::Option* cache_dir = command->add_option(
      "--cache-dir", options->cache_dir,
      "Folder of compiled policies; $XDG_CACHE_HOME/slac or $HOME/.cache/slac by default");
  command->add_flag("--no-cache", options->no_cache, "Compile the policy without the cache")
      ->excludes(cache_dir);
  return [options] { return RunEval(*options); };
}

}  // namespace slac::cli
