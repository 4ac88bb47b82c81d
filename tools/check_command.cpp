// `slac check`: reads policies, reports every problem found, and exits 0 only when clean.
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "ast/dump.h"
#include "commands.h"
#include "diagnostics/render.h"
#include "diagnostics/source_loader.h"
#include "exit_codes.h"
#include "sema/workspace.h"

namespace slac::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string color = "auto";
  std::string dump;
  std::string stdlib_dir;
  bool werror = false;
};

// The standard library: `--stdlib`, else $SLAC_STDLIB, else the one next to the sources.
std::string StdlibDir(const CheckOptions& options) {
  if (!options.stdlib_dir.empty()) {
    return options.stdlib_dir;
  }
  if (const char* from_environment = std::getenv("SLAC_STDLIB")) {
    return from_environment;
  }
  return SLAC_STDLIB_DIR;
}

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

  Workspace workspace(sources, sink, SemaOptions{StdlibDir(options)});
  for (const std::string& path : options.files) {
    LoadedFile* file = workspace.Load(path);
    if (file != nullptr && options.dump == "ast") {
      std::cout << ast::DumpAst(file->ast);
    }
  }
  // `--dump ast` shows what the parser built and stops there. Semantic checks only run
  // on files that parsed without errors: they assume a well-formed tree.
  if (options.dump.empty()) {
    workspace.CheckAll();
  }

  std::vector<Diagnostic> diagnostics = sink.Sorted();
  if (options.format == "json") {
    RenderJson(sources, diagnostics, std::cout);
  } else if (options.format == "sarif") {
    RenderSarif(sources, diagnostics, SLAC_VERSION, std::cout);
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
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  command->add_option("--color", options->color, "Colour text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_flag("--werror", options->werror, "Treat warnings as errors");
  command->add_option("--stdlib", options->stdlib_dir,
                      "Folder of the standard library (default: $SLAC_STDLIB, then the "
                      "bundled one)");
  command
      ->add_option("--dump", options->dump,
                   "Print the syntax tree to stdout and stop after parsing")
      ->check(CLI::IsMember({"ast"}));
  return [options] { return RunCheck(*options); };
}

}  // namespace slac::cli
