// The text report of a test run.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "testing/report.h"

namespace slac::testing {
namespace {

std::string Location(const SourceManager& sources, SourceRange range) {
  if (!range.IsValid()) {
    return "";
  }
  return fmt::format("{}:{}:{}", sources.Get(range.file).path(), range.begin.line,
                     range.begin.column);
}

void RenderProblem(const SourceManager& sources, const Problem& problem, bool error,
                   std::ostream& out) {
  std::string where = Location(sources, problem.range);
  if (problem.expectation.empty()) {
    fmt::print(out, "  {}: {}{}\n", where, error ? "error: " : "", problem.message);
    return;
  }
  fmt::print(out, "  {}: {}\n", where, problem.expectation);
  fmt::print(out, "    {}{}\n", error ? "error: " : "", problem.message);
  for (const std::string& detail : problem.details) {
    fmt::print(out, "      {}\n", detail);
  }
}

const char* Label(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "PASS ";
    case Outcome::kFailed:
      return "FAIL ";
    case Outcome::kError:
      return "ERROR";
  }
  return "?";
}

}  // namespace

void RenderText(const RunResult& result, const SourceManager& sources, const ReportOptions& options,
                std::ostream& out) {
  for (const TestResult& test : result.tests) {
    fmt::print(out, "{} {}:{}: {}\n", Label(test.outcome), sources.Get(test.range.file).path(),
               test.range.begin.line, test.name);
    for (const Problem& problem : test.failures) {
      RenderProblem(sources, problem, false, out);
    }
    for (const Problem& problem : test.errors) {
      RenderProblem(sources, problem, true, out);
    }
  }
  int total = static_cast<int>(result.tests.size());
  int errors = result.Count(Outcome::kError);
  fmt::print(out, "{} {}: {} passed, {} failed, {} {}\n", total, total == 1 ? "test" : "tests",
             result.Count(Outcome::kPassed), result.Count(Outcome::kFailed), errors,
             errors == 1 ? "error" : "errors");
  if (options.coverage) {
    RenderCoverageText(result, out);
  }
}

void RenderCoverageText(const RunResult& result, std::ostream& out) {
  for (const PolicyCoverage& coverage : result.coverage) {
    fmt::print(out, "\ncoverage of {} ({}): {} of {} exercised ({:.1f}%)\n", coverage.policy,
               coverage.path, coverage.Exercised(), coverage.items.size(), coverage.Percent());
    for (const CoverageItem& item : coverage.items) {
      fmt::print(out, "  {:<12} {:<18} {}:{}  {}\n", Name(item.state), Name(item.kind),
                 coverage.path, item.range.begin.line, item.name);
    }
  }
}

}  // namespace slac::testing
