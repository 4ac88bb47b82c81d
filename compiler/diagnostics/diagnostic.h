// Diagnostics as values: what went wrong, where, and what to do about it.
//
// Library code reports into a DiagnosticSink and never prints; the command line decides
// how to render the collected diagnostics and which exit code they mean.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diagnostics/source.h"

namespace slac {

enum class Severity { kNote, kWarning, kError };

/// Every diagnostic slac can emit; see diagnostic_codes.def.
enum class DiagCode {
#define SLAC_DIAGNOSTIC(code, enumerator, name, severity, format) enumerator,
#include "diagnostics/diagnostic_codes.def"
#undef SLAC_DIAGNOSTIC
};

/// The registry entry of a code.
struct DiagInfo {
  DiagCode code;
  std::string_view id;    // "E0201"
  std::string_view name;  // "unexpected-token"
  Severity severity;
  std::string_view format;
};

const DiagInfo& InfoFor(DiagCode code);
const std::vector<DiagInfo>& AllDiagnostics();
std::string_view SeverityName(Severity severity);

/// A secondary message, with a location of its own when it has one.
struct DiagNote {
  std::optional<SourceRange> range;
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  std::optional<SourceRange> range;
  std::string message;
  std::vector<DiagNote> notes;
  /// Suggested fixes, as sentences ("write the window as `in last 14d`").
  std::vector<std::string> help;

  Diagnostic& AddNote(std::string message, std::optional<SourceRange> range = std::nullopt) {
    notes.push_back({range, std::move(message)});
    return *this;
  }
  Diagnostic& AddHelp(std::string text) {
    help.push_back(std::move(text));
    return *this;
  }
};

/// Collects the diagnostics of one run.
class DiagnosticSink {
 public:
  /// Reports `code` at `range`, formatting its registered message with `args`.
  template <typename... Args>
  Diagnostic& Report(DiagCode code, std::optional<SourceRange> range, Args&&... args) {
    const DiagInfo& info = InfoFor(code);
    std::string message =
        fmt::vformat(info.format, fmt::make_format_args(std::forward<Args>(args)...));
    return Add(Diagnostic{code, info.severity, range, std::move(message), {}, {}});
  }

  Diagnostic& Add(Diagnostic diagnostic);

  /// Warnings count as errors from now on (`--werror`).
  void SetWarningsAsErrors(bool value) { warnings_as_errors_ = value; }

  size_t ErrorCount() const;
  size_t WarningCount() const;
  bool HasErrors() const { return ErrorCount() > 0; }

  /// Sorted by file, position and code, without exact duplicates.
  std::vector<Diagnostic> Sorted() const;

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  /// The diagnostic reported `index`-th, to attach a note found later.
  Diagnostic& At(size_t index) { return diagnostics_.at(index); }

 private:
  std::vector<Diagnostic> diagnostics_;
  bool warnings_as_errors_ = false;
};

}  // namespace slac
