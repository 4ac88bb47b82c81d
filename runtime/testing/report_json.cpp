// The JSON report of a test run.
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "diagnostics/render.h"
#include "testing/report.h"

namespace slac::testing {
namespace {

nlohmann::ordered_json ProblemJson(const SourceManager& sources, const Problem& problem) {
  nlohmann::ordered_json json;
  if (problem.range.IsValid()) {
    json["file"] = sources.Get(problem.range.file).path();
    json["line"] = problem.range.begin.line;
    json["column"] = problem.range.begin.column;
  }
  if (!problem.expectation.empty()) {
    json["expectation"] = problem.expectation;
  }
  json["message"] = problem.message;
  json["details"] = problem.details;
  return json;
}

}  // namespace

void RenderJson(const RunResult& result, const SourceManager& sources, const ReportOptions& options,
                std::ostream& out) {
  nlohmann::ordered_json document;
  document["tests"] = nlohmann::ordered_json::array();
  for (const TestResult& test : result.tests) {
    nlohmann::ordered_json json;
    json["name"] = test.name;
    json["policy"] = test.policy;
    json["file"] = sources.Get(test.range.file).path();
    json["line"] = test.range.begin.line;
    json["outcome"] = Name(test.outcome);
    json["expectations_checked"] = test.checked;
    json["failures"] = nlohmann::ordered_json::array();
    for (const Problem& problem : test.failures) {
      json["failures"].push_back(ProblemJson(sources, problem));
    }
    json["errors"] = nlohmann::ordered_json::array();
    for (const Problem& problem : test.errors) {
      json["errors"].push_back(ProblemJson(sources, problem));
    }
    document["tests"].push_back(std::move(json));
  }
  document["summary"] = {{"tests", result.tests.size()},
                         {"passed", result.Count(Outcome::kPassed)},
                         {"failed", result.Count(Outcome::kFailed)},
                         {"errors", result.Count(Outcome::kError)}};
  if (options.coverage) {
    document["coverage"] = nlohmann::ordered_json::array();
    for (const PolicyCoverage& coverage : result.coverage) {
      nlohmann::ordered_json json;
      json["policy"] = coverage.policy;
      json["file"] = coverage.path;
      json["exercised"] = coverage.Exercised();
      json["items_total"] = coverage.items.size();
      json["percent"] = std::round(coverage.Percent() * 10) / 10;
      json["items"] = nlohmann::ordered_json::array();
      for (const CoverageItem& item : coverage.items) {
        json["items"].push_back({{"kind", Name(item.kind)},
                                 {"name", item.name},
                                 {"line", item.range.begin.line},
                                 {"state", Name(item.state)}});
      }
      document["coverage"].push_back(std::move(json));
    }
  }
  out << document.dump(2) << "\n";
}

void RenderJsonNotRun(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                      std::ostream& out) {
  std::ostringstream check;
  slac::RenderJson(sources, diagnostics, check);
  nlohmann::ordered_json document;
  document["tests"] = nlohmann::ordered_json::array();
  document["summary"] = {{"tests", 0}, {"passed", 0}, {"failed", 0}, {"errors", 0}};
  document["not_run"] = "the files have errors, so no test ran";
  document["check"] = nlohmann::ordered_json::parse(check.str());
  out << document.dump(2) << "\n";
}

}  // namespace slac::testing
