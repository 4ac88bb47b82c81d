// `slac check`: reads policies, reports every problem found, and exits 0 only when clean.
#include <unistd.h>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "ast/dump.h"
#include "commands.h"
#include "diagnostics/render.h"
#include "diagnostics/source_loader.h"
#include "exit_codes.h"
#include "parse/parser.h"
#include "sema/sema.h"

namespace slac::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string color = "auto";
  std::string dump;
  bool werror = false;
};

// Failures to get at a file at all, as opposed to a file whose content is wrong.
bool IsIoFailure(DiagCode code) {
  return code == DiagCode::kCannotReadFile || code == DiagCode::kNotARegularFile;
}

std::string Plural(size_t count, const char* noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

int RunCheck(const CheckOptions& options) {
  SourceManager sources;
  DiagnosticSink sink;
  sink.SetWarningsAsErrors(options.werror);

  for (const std::string& path : options.files) {
    std::optional<FileId> file = LoadSourceFile(path, sources, sink);
    if (!file) {
      continue;
    }
    // Semantic checks assume a well-formed tree, so they only run on files that parsed.
    size_t errors_before = sink.ErrorCount();
    ast::PolicyFile policy = ParseFile(sources, *file, sink);
    if (sink.ErrorCount() == errors_before) {
      CheckPolicy(policy, sink);
    }
    if (options.dump == "ast") {
      std::cout << ast::DumpAst(policy);
    }
  }

  std::vector<Diagnostic> diagnostics = sink.Sorted();
  if (options.format == "json") {
    RenderJson(sources, diagnostics, std::cout);
  } else {
    bool color = options.color == "always" || (options.color == "auto" && isatty(2));
    RenderText(sources, diagnostics, TextRenderOptions{color}, std::cerr);
    if (!diagnostics.empty()) {
      std::cerr << fmt::format("slac: {} and {} in {}\n", Plural(sink.ErrorCount(), "error"),
                               Plural(sink.WarningCount(), "warning"),
                               Plural(options.files.size(), "file"));
    }
  }

  for (const Diagnostic& diagnostic : diagnostics) {
    if (IsIoFailure(diagnostic.code)) {
      return kExitUsage;
    }
  }
  return sink.HasErrors() ? kExitErrors : kExitOk;
}

}  // namespace

CommandRunner RegisterCheck(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "Parse, type-check and lint policy files");
  command->add_option("files", options->files, "Policy files (.sla)")->required();
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_option("--color", options->color, "Colour text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_flag("--werror", options->werror, "Treat warnings as errors");
  command->add_option("--dump", options->dump, "Print a phase's output to stdout")
      ->check(CLI::IsMember({"ast"}));
  return [options] { return RunCheck(*options); };
}

}  // namespace slac::cli
