// `slac test`: runs the test blocks of policies and of `*.test.sla` files, reports them as
// text, JSON or JUnit XML, and measures rule coverage.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "sema/workspace.h"
#include "testing/report.h"
#include "testing/test_run.h"

namespace slac::cli {
namespace {

struct TestOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string run;
  bool coverage = false;
  double min_coverage = -1;
  std::string color = "auto";
  std::string stdlib_dir;
};

// The policy files a path names: the file itself, or every `.sla` file below a directory,
// in a stable order. Nothing, with an error printed, when the path does not exist.
bool CollectFiles(const std::string& path, std::vector<std::string>& files) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::exists(path, error)) {
    std::cerr << "slac: cannot read `" << path << "`: no such file or directory\n";
    return false;
  }
  if (!fs::is_directory(path, error)) {
    files.push_back(path);
    return true;
  }
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(path, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".sla") {
      found.push_back(it->path().lexically_normal().string());
    }
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
  return true;
}

int RunTestCommand(const TestOptions& options) {
  // The filter is checked before any file is read: a bad pattern is a usage error.
  std::unique_ptr<RE2> filter;
  if (!options.run.empty()) {
    filter = std::make_unique<RE2>(options.run, RE2::Quiet);
    if (!filter->ok()) {
      std::cerr << "slac: --run `" << options.run
                << "` is not a valid regular expression: " << filter->error() << "\n";
      return kExitUsage;
    }
  }

  std::vector<std::string> paths;
  for (const std::string& path :
       options.paths.empty() ? std::vector<std::string>{"."} : options.paths) {
    if (!CollectFiles(path, paths)) {
      return kExitUsage;
    }
  }

  SourceManager sources;
  DiagnosticSink sink;
  Workspace workspace(sources, sink, SemaOptions{StdlibDir(options.stdlib_dir)});
  std::vector<LoadedFile*> files;
  bool unreadable = false;
  for (const std::string& path : paths) {
    LoadedFile* file = workspace.Load(path);
    unreadable = unreadable || file == nullptr;
    if (file != nullptr) {
      files.push_back(file);
    }
  }
  workspace.CheckAll();
  OutputOptions output{"text", options.color, paths.size()};
  if (unreadable || sink.HasErrors()) {
    // Tests run only on policies that check clean; a machine-readable report still says
    // why none ran.
    if (options.format == "json") {
      testing::RenderJsonNotRun(sources, sink.diagnostics(), std::cout);
    } else if (options.format == "junit") {
      testing::RenderJunitNotRun(sources, sink.diagnostics(), std::cout);
    }
    return ReportDiagnostics(sources, sink, output);
  }

  testing::RunOptions run_options;
  if (filter) {
    run_options.select = [&](const std::string& name) { return RE2::PartialMatch(name, *filter); };
  }
  testing::RunResult result = testing::RunTests(workspace, files, run_options, sink);
  if (sink.HasErrors()) {
    ReportDiagnostics(sources, sink, output);
  }

  testing::ReportOptions report{options.coverage};
  if (options.format == "json") {
    testing::RenderJson(result, sources, report, std::cout);
  } else if (options.format == "junit") {
    testing::RenderJunit(result, sources, std::cout);
  } else {
    testing::RenderText(result, sources, report, std::cout);
  }

  int code = kExitOk;
  if (result.tests.empty()) {
    std::cerr << "slac: no tests" << (filter ? " match `" + options.run + "`" : " found") << "\n";
    code = kExitErrors;
  }
  if (result.Count(testing::Outcome::kPassed) != static_cast<int>(result.tests.size())) {
    code = kExitErrors;
  }
  for (const testing::PolicyCoverage& coverage : result.coverage) {
    if (options.min_coverage >= 0 && coverage.Percent() + 1e-9 < options.min_coverage) {
      std::cerr << fmt::format("slac: coverage of {} is {:.1f}%, below the required {}%\n",
                               coverage.policy, coverage.Percent(), options.min_coverage);
      code = kExitErrors;
    }
  }
  return code;
}

}  // namespace

CommandRunner RegisterTest(CLI::App& app) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* command = app.add_subcommand("test", "Run the test blocks of policies");
  command->add_option("paths", options->paths,
                      "Policy and test files, or directories to search (default: .)");
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  command->add_option("--run", options->run, "Run only tests whose name matches this RE2 regex");
  command->add_flag("--coverage", options->coverage,
                    "Report which rules, stages, tiers and guards the tests exercised");
  command
      ->add_option("--min-coverage", options->min_coverage,
                   "Fail when a policy's coverage is below this percent")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // A percent is a finite number from 0 to 100; `nan` would hold every policy.
            char* end = nullptr;
            double value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !std::isfinite(value)) {
              return "`" + text + "` is not a number";
            }
            return value < 0 || value > 100 ? "`" + text + "` is not a percent from 0 to 100"
                                            : std::string();
          },
          "PCT in 0..100"));
  AddColorOption(*command, options->color);
  AddStdlibOption(*command, options->stdlib_dir);
  return [options] { return RunTestCommand(*options); };
}

}  // namespace slac::cli
