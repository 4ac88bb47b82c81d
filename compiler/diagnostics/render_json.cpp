#include <nlohmann/json.hpp>

#include "diagnostics/render.h"

namespace slac {
namespace {

void PutRange(const SourceManager& sources, const SourceRange& range, nlohmann::json& out) {
  out["file"] = sources.Get(range.file).path();
  out["line"] = range.begin.line;
  out["column"] = range.begin.column;
  out["end_line"] = range.end.line;
  out["end_column"] = range.end.column;
}

}  // namespace

void RenderJson(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                std::ostream& out) {
  nlohmann::json list = nlohmann::json::array();
  size_t errors = 0;
  size_t warnings = 0;
  for (const Diagnostic& diagnostic : diagnostics) {
    const DiagInfo& info = InfoFor(diagnostic.code);
    nlohmann::json item;
    item["code"] = info.id;
    item["name"] = info.name;
    item["severity"] = SeverityName(diagnostic.severity);
    item["message"] = diagnostic.message;
    if (diagnostic.range) {
      PutRange(sources, *diagnostic.range, item);
    }
    item["help"] = diagnostic.help;
    item["notes"] = nlohmann::json::array();
    for (const DiagNote& note : diagnostic.notes) {
      nlohmann::json note_json;
      note_json["message"] = note.message;
      if (note.range) {
        PutRange(sources, *note.range, note_json);
      }
      item["notes"].push_back(std::move(note_json));
    }
    list.push_back(std::move(item));
    errors += diagnostic.severity == Severity::kError;
    warnings += diagnostic.severity == Severity::kWarning;
  }

  nlohmann::json document;
  document["diagnostics"] = std::move(list);
  document["errors"] = errors;
  document["warnings"] = warnings;
  out << document.dump(2) << '\n';
}

}  // namespace slac
