// Rendering collected diagnostics for people (text) and for scripts (JSON).
#pragma once

#include <ostream>
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

}  // namespace slac
