// Rendering collected diagnostics for people (text), for scripts (JSON) and for code-scanning
// services in CI (SARIF).
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"

namespace slac {

struct TextRenderOptions {
  /// ANSI colours for severities and carets.
  bool color = false;
};

/// Writes `path:line:col: error[E0201]: message`, the source line, a caret range under it,
/// then help and notes, for each diagnostic in order.
void RenderText(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                const TextRenderOptions& options, std::ostream& out);

/// Writes one JSON document: {"diagnostics": [...], "errors": N, "warnings": N}.
void RenderJson(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                std::ostream& out);

/// Writes one SARIF 2.1.0 log with a single run: every registered code as a rule, every
/// diagnostic as a result. Help lines and notes without a place are appended to the result's
/// message; notes with a range become related locations. Relative paths are written relative
/// to `%SRCROOT%`, so a CI service resolves them against the checkout.
void RenderSarif(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                 std::string_view tool_version, std::ostream& out);

}  // namespace slac
