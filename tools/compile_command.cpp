// `slac compile`: shows what the compiler makes of a policy: the policy IR, the optimised
// LLVM IR of its evaluator, or the evaluator's native assembly for this machine.
#include <llvm/Support/Error.h>

#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "ir/ir.h"
#include "ir/lower.h"
#include "jit/jit.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace slac::cli {
namespace {

struct CompileOptions {
  std::string file;
  std::string emit = "ir";
  std::string color = "auto";
  std::string stdlib_dir;
  int optimization_level = 2;
};

// The text to print for `--emit`, or the reason LLVM could not produce it.
llvm::Expected<std::string> Emit(const ir::Program& program, const CompileOptions& options) {
  if (options.emit == "ir") {
    return ir::Print(program);
  }
  jit::JitOptions jit_options;
  jit_options.optimization_level = options.optimization_level;
  if (options.emit == "llvm") {
    return jit::CompiledPolicy::EmitLlvm(program, jit_options);
  }
  return jit::CompiledPolicy::EmitAssembly(program, jit_options);
}

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
  llvm::Expected<std::string> text = Emit(program, options);
  if (!text) {
    std::cerr << "error: cannot generate code for " << options.file << ": "
              << llvm::toString(text.takeError()) << "\n";
    return kExitErrors;
  }
  std::cout << *text;
  return ReportDiagnostics(sources, sink, output);
}

}  // namespace

CommandRunner RegisterCompile(CLI::App& app) {
  auto options = std::make_shared<CompileOptions>();
  CLI::App* command = app.add_subcommand("compile", "Show what the compiler makes of a policy");
  command->add_option("file", options->file, "Policy file (.sla)")->required();
  command->add_option("--emit", options->emit, "What to show")
      ->check(CLI::IsMember({"ir", "llvm", "asm"}))
      ->capture_default_str();
  command
      ->add_option("-O,--opt-level", options->optimization_level,
                   "Optimisation level of llvm and asm output")
      ->check(CLI::Range(0, 2))
      ->capture_default_str();
  AddColorOption(*command, options->color);
  AddStdlibOption(*command, options->stdlib_dir);
  return [options] { return RunCompile(*options); };
}

}  // namespace slac::cli
