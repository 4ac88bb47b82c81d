#include "diagnostics_output.h"

#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "diagnostics/render.h"
#include "exit_codes.h"

namespace slac::cli {
namespace {

// Failures to get at a file at all, as opposed to a file whose content is wrong.
bool IsIoFailure(DiagCode code) {
  return code == DiagCode::kCannotReadFile || code == DiagCode::kNotARegularFile;
}

std::string Plural(size_t count, const char* noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

}  // namespace

int ReportDiagnostics(const SourceManager& sources, const DiagnosticSink& sink,
                      const OutputOptions& options) {
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
                               Plural(options.file_count, "file"));
    }
  }

  for (const Diagnostic& diagnostic : diagnostics) {
    if (IsIoFailure(diagnostic.code)) {
      return kExitUsage;
    }
  }
  return sink.HasErrors() ? kExitErrors : kExitOk;
}

std::string StdlibDir(const std::string& option) {
  if (!option.empty()) {
    return option;
  }
  if (const char* from_environment = std::getenv("SLAC_STDLIB")) {
    return from_environment;
  }
  return SLAC_STDLIB_DIR;
}

void AddStdlibOption(CLI::App& command, std::string& dir) {
  command
      .add_option("--stdlib", dir,
                  "Folder of the standard library (default: $SLAC_STDLIB, then the bundled one)")
      ->check(CLI::ExistingDirectory);
}

void AddColorOption(CLI::App& command, std::string& color) {
  command.add_option("--color", color, "Colour diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

}  // namespace slac::cli
