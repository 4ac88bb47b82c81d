// SARIF 2.1.0 output: the log format code-scanning services read to show findings inline.
#include "diagnostics/render.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace slac {
namespace {

// Ordered, so the log reads top-down ($schema, version, runs) like the examples in the spec.
using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kDocsUri = "https://slac.example/docs/diagnostics.md";
// Code-scanning services resolve this base to the root of the checkout they analysed.
constexpr std::string_view kSourceRoot = "%SRCROOT%";

// SARIF's levels are its own vocabulary; they happen to share our severity names.
std::string_view Level(Severity severity) {
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

// "unexpected-token" -> "Unexpected token", for the one-line description of a rule.
std::string Readable(std::string_view name) {
  std::string text(name);
  std::replace(text.begin(), text.end(), '-', ' ');
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lower;
}

// A path as a URI reference. Every byte outside RFC 3986's unreserved set and `/` is
// percent-encoded, so a space, `#`, `%` or a `:` in the first segment cannot change how the
// reference parses, and non-ASCII names stay valid.
std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri;
  for (char c : path) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      uri += c;
      continue;
    }
    auto byte = static_cast<unsigned char>(c);
    uri += '%';
    uri += kHex[byte >> 4];
    uri += kHex[byte & 0xF];
  }
  return uri;
}

// Paths are written as the user gave them. A relative one stays relative to %SRCROOT%, so the
// log holds nothing machine-specific; an absolute one becomes a file URI.
Json ArtifactLocation(std::string_view path) {
  Json location;
  if (path.starts_with('/')) {
    location["uri"] = "file://" + EncodePath(path);
    return location;
  }
  while (path.starts_with("./")) {
    path.remove_prefix(2);
  }
  location["uri"] = EncodePath(path);
  location["uriBaseId"] = kSourceRoot;
  return location;
}

Json PhysicalLocation(const SourceManager& sources, const SourceRange& range) {
  Json region;
  region["startLine"] = range.begin.line;
  if (range.begin.column >= 1) {
    region["startColumn"] = range.begin.column;
  }
  // Both ends are exclusive: SARIF's endColumn is the column after the region, as ours is.
  if (range.end >= range.begin && range.end.column >= 1) {
    region["endLine"] = range.end.line;
    region["endColumn"] = range.end.column;
  }

  Json physical;
  physical["artifactLocation"] = ArtifactLocation(sources.Get(range.file).path());
  physical["region"] = std::move(region);
  return physical;
}

Json Rules() {
  Json rules = Json::array();
  for (const DiagInfo& info : AllDiagnostics()) {
    Json rule;
    rule["id"] = info.id;
    rule["name"] = info.name;
    rule["shortDescription"]["text"] = Readable(info.name);
    rule["defaultConfiguration"]["level"] = Level(info.severity);
    rule["helpUri"] = std::string(kDocsUri) + "#" + Lower(info.id);
    rules.push_back(std::move(rule));
  }
  return rules;
}

Json Result(const SourceManager& sources, const Diagnostic& diagnostic) {
  Json result;
  result["ruleId"] = InfoFor(diagnostic.code).id;
  // The rules are written in registry order, which is the order of the DiagCode enumerators.
  result["ruleIndex"] = static_cast<size_t>(diagnostic.code);
  result["level"] = Level(diagnostic.severity);

  // SARIF has no place for a suggestion without an edit, nor for a note without a location,
  // so those follow the message the way the text output prints them.
  std::string text = diagnostic.message;
  for (const std::string& help : diagnostic.help) {
    text += "\nhelp: " + help;
  }
  Json related = Json::array();
  for (const DiagNote& note : diagnostic.notes) {
    if (!note.range || !note.range->IsValid()) {
      text += "\nnote: " + note.message;
      continue;
    }
    Json location;
    location["id"] = related.size();
    location["physicalLocation"] = PhysicalLocation(sources, *note.range);
    location["message"]["text"] = note.message;
    related.push_back(std::move(location));
  }
  result["message"]["text"] = std::move(text);

  // A file that could not be read has no place to point at: the result stands without one.
  if (diagnostic.range && diagnostic.range->IsValid()) {
    Json location;
    location["physicalLocation"] = PhysicalLocation(sources, *diagnostic.range);
    result["locations"] = Json::array({std::move(location)});
  }
  if (!related.empty()) {
    result["relatedLocations"] = std::move(related);
  }
  return result;
}

}  // namespace

void RenderSarif(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                 std::string_view tool_version, std::ostream& out) {
  Json driver;
  driver["name"] = "slac";
  driver["informationUri"] = kDocsUri;
  if (!tool_version.empty()) {
    driver["version"] = tool_version;
  }
  driver["rules"] = Rules();

  Json results = Json::array();
  for (const Diagnostic& diagnostic : diagnostics) {
    results.push_back(Result(sources, diagnostic));
  }

  Json run;
  run["tool"]["driver"] = std::move(driver);
  // Our columns count code points, not the UTF-16 units SARIF would otherwise assume.
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  // Messages may quote bytes from a file that is not UTF-8; replace them rather than throw.
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace slac
