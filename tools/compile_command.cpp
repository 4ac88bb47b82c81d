// `slac compile`: shows what the compiler makes of a policy.
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "ir/ir.h"
#include "ir/lower.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace slac::cli {
namespace {

struct CompileOptions {
  std::string file;
  std::string emit = "ir";
  std::string color = "auto";
  std::string stdlib_dir;
};

int RunCompile(const CompileOptions& options) {
  SourceManager sources;
  DiagnosticSink sink;
  Workspace workspace(sources, sink, SemaOptions{StdlibDir(options.stdlib_dir)});
  LoadedFile* file = workspace.Load(options.file);
  workspace.CheckAll();

  // Only a policy that checks without errors is lowered.
  ir::Program program;
  if (file != nullptr && !sink.HasErrors()) {
    program = ir::Lower(workspace.AnalysisOf(*file), sink);
  }
  OutputOptions output{"text", options.color, 1};
  if (file == nullptr || sink.HasErrors()) {
    return ReportDiagnostics(sources, sink, output);
  }
  std::cout << ir::Print(program);
  return ReportDiagnostics(sources, sink, output);
}

}  // namespace

CommandRunner RegisterCompile(CLI::App& app) {
  auto options = std::make_shared<CompileOptions>();
  CLI::App* command = app.add_subcommand("compile", "Show what the compiler makes of a policy");
  command->add_option("file", options->file, "Policy file (.sla)")->required();
  command->add_option("--emit", options->emit, "What to show")
      ->check(CLI::IsMember({"ir"}))
      ->capture_default_str();
  command->add_option("--color", options->color, "Colour diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_option("--stdlib", options->stdlib_dir, "Folder of the standard library");
  return [options] { return RunCompile(*options); };
}

}  // namespace slac::cli
