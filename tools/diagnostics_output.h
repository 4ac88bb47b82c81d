// What every subcommand does with the diagnostics of a run: render them in the format
// asked for and turn them into an exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"

namespace slac::cli {

struct OutputOptions {
  std::string format = "text";  // text, json or sarif
  std::string color = "auto";   // auto, always or never
  size_t file_count = 0;        // for the summary line
};

/// Renders the sorted diagnostics (text to stderr, JSON and SARIF to stdout) and returns
/// the exit code they mean: 2 when a file could not be read, 1 on errors, else 0.
int ReportDiagnostics(const SourceManager& sources, const DiagnosticSink& sink,
                      const OutputOptions& options);

/// The standard library: `option` if given, else $SLAC_STDLIB, else the bundled one.
std::string StdlibDir(const std::string& option);

/// `--stdlib DIR`, which every command that reads policies takes; DIR must exist.
void AddStdlibOption(CLI::App& command, std::string& dir);

/// `--color auto|always|never` for the diagnostics a command prints.
void AddColorOption(CLI::App& command, std::string& color);

}  // namespace slac::cli
