#include "parse_helpers.h"

#include <fmt/format.h>

#include "diagnostics/source_loader.h"
#include "parse/parser.h"

namespace slac::testing {

std::unique_ptr<Parsed> ParseText(const std::string& text) {
  auto parsed = std::make_unique<Parsed>();
  FileId file = parsed->sources.Add("test.sla", text);
  parsed->file.file = file;
  if (ValidateSourceText(file, text, parsed->sink)) {
    parsed->file = ParseFile(parsed->sources, file, parsed->sink);
  }
  return parsed;
}

std::string CodesAndPositions(const DiagnosticSink& sink) {
  std::string text;
  for (const Diagnostic& diagnostic : sink.Sorted()) {
    if (!text.empty()) {
      text += ' ';
    }
    text += std::string(InfoFor(diagnostic.code).id);
    if (diagnostic.range) {
      text += fmt::format("@{}:{}", diagnostic.range->begin.line, diagnostic.range->begin.column);
    }
  }
  return text;
}

}  // namespace slac::testing
