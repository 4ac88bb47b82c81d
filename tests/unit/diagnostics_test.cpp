// The diagnostics engine: registry, sorting, rendering.
#include "diagnostics/diagnostic.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "diagnostics/render.h"

namespace slac {
namespace {

SourceRange At(FileId file, uint32_t line, uint32_t column, uint32_t width) {
  return SourceRange{file, {line, column}, {line, column + width}};
}

TEST_CASE("every registered code is unique and well formed", "[diagnostics]") {
  std::set<std::string_view> ids;
  std::set<std::string_view> names;
  for (const DiagInfo& info : AllDiagnostics()) {
    INFO(info.id);
    CHECK(ids.insert(info.id).second);
    CHECK(names.insert(info.name).second);
    REQUIRE(info.id.size() == 5);
    CHECK((info.id[0] == 'E') == (info.severity == Severity::kError));
    CHECK_FALSE(info.format.empty());
    CHECK(info.format.back() != '.');
    CHECK((std::islower(static_cast<unsigned char>(info.format[0])) != 0 || info.format[0] == '`' ||
           info.format[0] == '{'));
  }
}

TEST_CASE("text rendering shows the line and a caret under the range", "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("acme.sla", "policy a version 1.0.0\nlet x = soon + 1\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnexpectedToken, At(file, 2, 9, 4), "an expression", "`soon`")
      .AddHelp("write a duration such as `5m`")
      .AddNote("declared here", At(file, 1, 1, 6));

  std::ostringstream out;
  RenderText(sources, sink.Sorted(), TextRenderOptions{}, out);
  CHECK(out.str() ==
        "acme.sla:2:9: error[E0201]: expected an expression, found `soon`\n"
        " 2 | let x = soon + 1\n"
        "   |         ^~~~\n"
        "  = help: write a duration such as `5m`\n"
        "acme.sla:1:1: note: declared here\n");
}

TEST_CASE("tabs before the caret are kept so it lines up", "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("tabs.sla", "\tlet\tx = $\r\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnexpectedCharacter, At(file, 1, 10, 1), "$");
  std::ostringstream out;
  RenderText(sources, sink.Sorted(), TextRenderOptions{}, out);
  CHECK(out.str() ==
        "tabs.sla:1:10: error[E0101]: unexpected character `$`\n"
        " 1 | \tlet\tx = $\n"
        "   | \t   \t    ^\n");
}

TEST_CASE("control bytes are shown as replacement characters", "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("nul.sla", std::string("ab\0cd", 5));
  DiagnosticSink sink;
  sink.Report(DiagCode::kBinaryFile, At(file, 1, 3, 1));
  std::ostringstream out;
  RenderText(sources, sink.Sorted(), TextRenderOptions{}, out);
  CHECK(out.str().find(" 1 | ab\xEF\xBF\xBD"
                       "cd\n   |   ^\n") != std::string::npos);
}

TEST_CASE("diagnostics are sorted by position and de-duplicated", "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("a.sla", "one\ntwo\nthree\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnexpectedCharacter, At(file, 3, 1, 1), "t");
  sink.Report(DiagCode::kUnexpectedCharacter, At(file, 1, 2, 1), "n");
  sink.Report(DiagCode::kUnexpectedCharacter, At(file, 3, 1, 1), "t");
  sink.Report(DiagCode::kCannotReadFile, std::nullopt, "b.sla", "No such file");

  std::vector<Diagnostic> sorted = sink.Sorted();
  REQUIRE(sorted.size() == 3);
  CHECK(sorted[0].code == DiagCode::kCannotReadFile);
  CHECK(sorted[1].range->begin.line == 1);
  CHECK(sorted[2].range->begin.line == 3);
  CHECK(sink.ErrorCount() == 4);
}

TEST_CASE("warnings count as errors when asked", "[diagnostics]") {
  DiagnosticSink sink;
  sink.SetWarningsAsErrors(true);
  Diagnostic warning{DiagCode::kUnexpectedCharacter, Severity::kWarning, std::nullopt, "w", {}, {}};
  sink.Add(warning);
  CHECK(sink.WarningCount() == 0);
  CHECK(sink.ErrorCount() == 1);
}

TEST_CASE("JSON output carries code, name, severity and range", "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("acme.sla", "let x = soon\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnexpectedToken, At(file, 1, 9, 4), "an expression", "`soon`");
  std::ostringstream out;
  RenderJson(sources, sink.Sorted(), out);

  nlohmann::json document = nlohmann::json::parse(out.str());
  CHECK(document["errors"] == 1);
  CHECK(document["warnings"] == 0);
  const auto& item = document["diagnostics"][0];
  CHECK(item["code"] == "E0201");
  CHECK(item["name"] == "unexpected-token");
  CHECK(item["severity"] == "error");
  CHECK(item["file"] == "acme.sla");
  CHECK(item["line"] == 1);
  CHECK(item["column"] == 9);
  CHECK(item["end_column"] == 13);
  CHECK(item["message"] == "expected an expression, found `soon`");
}

TEST_CASE("SARIF output lists every code as a rule and each of the diagnostics as a result",
          "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("policies/acme.sla", "policy a version 1.0.0\nlet x = soon + 1\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnexpectedToken, At(file, 2, 9, 4), "an expression", "`soon`")
      .AddHelp("write a duration such as `5m`")
      .AddNote("declared here", At(file, 1, 1, 6))
      .AddNote("the grammar says so");
  std::ostringstream out;
  RenderSarif(sources, sink.Sorted(), "1.2.3", out);

  nlohmann::json log = nlohmann::json::parse(out.str());
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(log["runs"].size() == 1);
  const auto& run = log["runs"][0];
  CHECK(run["columnKind"] == "unicodeCodePoints");
  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "slac");
  CHECK(driver["version"] == "1.2.3");
  REQUIRE(driver["rules"].size() == AllDiagnostics().size());

  REQUIRE(run["results"].size() == 1);
  const auto& result = run["results"][0];
  CHECK(result["ruleId"] == "E0201");
  CHECK(result["level"] == "error");
  const auto& rule = driver["rules"][result["ruleIndex"].get<size_t>()];
  CHECK(rule["id"] == "E0201");
  CHECK(rule["name"] == "unexpected-token");
  CHECK(rule["shortDescription"]["text"] == "Unexpected token");
  CHECK(rule["defaultConfiguration"]["level"] == "error");
  CHECK(rule["helpUri"] == "https://slac.example/docs/diagnostics.md#e0201");
  CHECK(result["message"]["text"] ==
        "expected an expression, found `soon`\n"
        "help: write a duration such as `5m`\n"
        "note: the grammar says so");

  const auto& physical = result["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"] == "policies/acme.sla");
  CHECK(physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(physical["region"]["startLine"] == 2);
  CHECK(physical["region"]["startColumn"] == 9);
  CHECK(physical["region"]["endLine"] == 2);
  CHECK(physical["region"]["endColumn"] == 13);

  REQUIRE(result["relatedLocations"].size() == 1);
  const auto& related = result["relatedLocations"][0];
  CHECK(related["id"] == 0);
  CHECK(related["message"]["text"] == "declared here");
  CHECK(related["physicalLocation"]["region"]["startColumn"] == 1);
  CHECK(related["physicalLocation"]["region"]["endColumn"] == 7);
}

TEST_CASE("SARIF results keep the level of diagnostics and go without a place when they have none",
          "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("/srv/my policies/a#1.sla", "x\n");
  DiagnosticSink sink;
  sink.Add(Diagnostic{
      DiagCode::kUnexpectedCharacter, Severity::kWarning, At(file, 1, 1, 1), "w", {}, {}});
  sink.Report(DiagCode::kCannotReadFile, std::nullopt, "b.sla", "No such file or directory");
  std::ostringstream out;
  RenderSarif(sources, sink.Sorted(), "", out);

  nlohmann::json log = nlohmann::json::parse(out.str());
  const auto& run = log["runs"][0];
  CHECK_FALSE(run["tool"]["driver"].contains("version"));
  const auto& results = run["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["ruleId"] == "E0001");
  CHECK_FALSE(results[0].contains("locations"));
  CHECK(results[0]["message"]["text"] == "cannot read `b.sla`: No such file or directory");
  CHECK(results[1]["level"] == "warning");
  const auto& artifact = results[1]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(artifact["uri"] == "file:///srv/my%20policies/a%231.sla");
  CHECK_FALSE(artifact.contains("uriBaseId"));
}

TEST_CASE("SARIF output of the same diagnostics is the same from one run to the next",
          "[diagnostics]") {
  SourceManager sources;
  FileId file = sources.Add("a.sla", "one\ntwo\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnexpectedCharacter, At(file, 2, 1, 1), "t");
  sink.Report(DiagCode::kUnexpectedCharacter, At(file, 1, 2, 1), "n");
  std::ostringstream first;
  std::ostringstream second;
  RenderSarif(sources, sink.Sorted(), "1.0.0", first);
  RenderSarif(sources, sink.Sorted(), "1.0.0", second);
  CHECK(first.str() == second.str());
  CHECK(first.str().starts_with("{\n  \"$schema\""));
}

}  // namespace
}  // namespace slac
