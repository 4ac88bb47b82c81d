// `slac check`: reads policies, reports every problem found, and exits 0 only when clean.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "ast/dump.h"
#include "commands.h"
#include "diagnostics_output.h"
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

int RunCheck(const CheckOptions& options) {
  SourceManager sources;
  DiagnosticSink sink;
  sink.SetWarningsAsErrors(options.werror);

  Workspace workspace(sources, sink, SemaOptions{StdlibDir(options.stdlib_dir)});
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

  return ReportDiagnostics(sources, sink,
                           OutputOptions{options.format, options.color, options.files.size()});
}

}  // namespace

CommandRunner RegisterCheck(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "Parse, type-check and lint policy files");
  command->add_option("files", options->files, "Policy files (.sla)")->required();
  CLI::Option* format = command->add_option("--format", options->format, "Output format")
                            ->check(CLI::IsMember({"text", "json", "sarif"}))
                            ->capture_default_str();
  AddColorOption(*command, options->color);
  command->add_flag("--werror", options->werror, "Treat warnings as errors");
  AddStdlibOption(*command, options->stdlib_dir);
  command
      ->add_option("--dump", options->dump,
                   "Print the syntax tree to stdout and stop after parsing")
      ->check(CLI::IsMember({"ast"}))
      ->excludes(format);
  return [options] { return RunCheck(*options); };
}

}  // namespace slac::cli
