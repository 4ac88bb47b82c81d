#include "diagnostics/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "diagnostics/check.h"

namespace slac {

const std::vector<DiagInfo>& AllDiagnostics() {
  static const std::vector<DiagInfo> registry = {
#define SLAC_DIAGNOSTIC(code, enumerator, name, severity, format) \
  {DiagCode::enumerator, #code, name, Severity::severity, format},
#include "diagnostics/diagnostic_codes.def"
#undef SLAC_DIAGNOSTIC
  };
  return registry;
}

const DiagInfo& InfoFor(DiagCode code) {
  const auto& registry = AllDiagnostics();
  auto index = static_cast<size_t>(code);
  SLAC_CHECK(index < registry.size(), "diagnostic code outside the registry");
  return registry[index];
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

Diagnostic& DiagnosticSink::Add(Diagnostic diagnostic) {
  if (warnings_as_errors_ && diagnostic.severity == Severity::kWarning) {
    diagnostic.severity = Severity::kError;
  }
  diagnostics_.push_back(std::move(diagnostic));
  return diagnostics_.back();
}

size_t DiagnosticSink::ErrorCount() const {
  return std::count_if(diagnostics_.begin(), diagnostics_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t DiagnosticSink::WarningCount() const {
  return std::count_if(diagnostics_.begin(), diagnostics_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kWarning; });
}

std::vector<Diagnostic> DiagnosticSink::Sorted() const {
  // Diagnostics without a location (a file that cannot be read) come first.
  auto key = [](const Diagnostic& d) {
    SourceRange range = d.range.value_or(SourceRange{});
    return std::make_tuple(d.range.has_value(), range.file, range.begin, range.end,
                           static_cast<int>(d.code), std::cref(d.message));
  };
  std::vector<Diagnostic> sorted = diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto same = [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); };
  sorted.erase(std::unique(sorted.begin(), sorted.end(), same), sorted.end());
  return sorted;
}

}  // namespace slac
