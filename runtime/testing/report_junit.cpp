// The JUnit XML report of a test run, in the shape CI systems (Jenkins, GitLab, GitHub
// actions that publish test results) read: `testsuites` > `testsuite` per policy >
// `testcase` per test, with `failure` and `error` children. No times are written, so a
// report depends only on the tests.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <map>
#include <sstream>

#include "diagnostics/render.h"
#include "testing/report.h"

namespace slac::testing {
namespace {

// XML escaping for text and, with `attribute`, attribute values, where a parser would turn
// a raw tab or line end into a space; characters XML 1.0 cannot hold at all (control
// characters other than tab and line ends) become `?`.
std::string Escape(std::string_view text, bool attribute = true) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      case '\n':
      case '\t':
      case '\r':
        escaped += attribute ? fmt::format("&#{};", static_cast<int>(c)) : std::string(1, c);
        break;
      default:
        escaped += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
        break;
    }
  }
  return escaped;
}

std::string ProblemText(const SourceManager& sources, const Problem& problem, bool details) {
  std::string text;
  if (problem.range.IsValid()) {
    text = fmt::format("{}:{}:{}: ", sources.Get(problem.range.file).path(),
                       problem.range.begin.line, problem.range.begin.column);
  }
  if (!problem.expectation.empty()) {
    text += problem.expectation + ": ";
  }
  text += problem.message;
  for (size_t i = 0; details && i < problem.details.size(); ++i) {
    text += "\n" + problem.details[i];
  }
  return text;
}

struct Suite {
  std::vector<const TestResult*> tests;
  int failures = 0;
  int errors = 0;
};

}  // namespace

void RenderJunit(const RunResult& result, const SourceManager& sources, std::ostream& out) {
  std::vector<std::string> order;
  std::map<std::string, Suite> suites;
  for (const TestResult& test : result.tests) {
    auto [it, inserted] = suites.try_emplace(test.policy);
    if (inserted) {
      order.push_back(test.policy);
    }
    it->second.tests.push_back(&test);
    it->second.failures += test.outcome == Outcome::kFailed;
    it->second.errors += test.outcome == Outcome::kError;
  }

  fmt::print(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fmt::print(out, "<testsuites name=\"slac test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
             result.tests.size(), result.Count(Outcome::kFailed), result.Count(Outcome::kError));
  for (const std::string& policy : order) {
    const Suite& suite = suites.at(policy);
    fmt::print(out,
               "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
               "skipped=\"0\">\n",
               Escape(policy), suite.tests.size(), suite.failures, suite.errors);
    for (const TestResult* test : suite.tests) {
      fmt::print(out, "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                 Escape(test->name), Escape(policy), Escape(sources.Get(test->range.file).path()),
                 test->range.begin.line);
      if (test->outcome == Outcome::kPassed) {
        fmt::print(out, "/>\n");
        continue;
      }
      fmt::print(out, ">\n");
      // A failed test lists its failures, then what could not run; an erroring test only
      // the latter.
      const bool failed = test->outcome == Outcome::kFailed;
      const Problem& first = failed ? test->failures.front() : test->errors.front();
      std::string body;
      for (const auto* problems : {&test->failures, &test->errors}) {
        for (const Problem& problem : *problems) {
          body += (body.empty() ? "" : "\n") + ProblemText(sources, problem, true);
        }
      }
      fmt::print(out, "      <{} message=\"{}\" type=\"{}\">{}</{}>\n",
                 failed ? "failure" : "error", Escape(ProblemText(sources, first, false)),
                 failed ? "expectation" : "not-run", Escape(body, false),
                 failed ? "failure" : "error");
      fmt::print(out, "    </testcase>\n");
    }
    fmt::print(out, "  </testsuite>\n");
  }
  fmt::print(out, "</testsuites>\n");
}

void RenderJunitNotRun(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                       std::ostream& out) {
  std::ostringstream text;
  slac::RenderText(sources, diagnostics, TextRenderOptions{}, text);
  size_t errors = 0;
  for (const Diagnostic& diagnostic : diagnostics) {
    errors += diagnostic.severity == Severity::kError;
  }
  std::string message = fmt::format("{} {} in the policies, so no test ran", errors,
                                    errors == 1 ? "error" : "errors");
  fmt::print(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fmt::print(out, "<testsuites name=\"slac test\" tests=\"1\" failures=\"0\" errors=\"1\">\n");
  fmt::print(out,
             "  <testsuite name=\"slac check\" tests=\"1\" failures=\"0\" errors=\"1\" "
             "skipped=\"0\">\n");
  fmt::print(
      out, "    <testcase name=\"the policies check without errors\" classname=\"slac check\">\n");
  fmt::print(out, "      <error message=\"{}\" type=\"check\">{}</error>\n", Escape(message),
             Escape(text.str(), false));
  fmt::print(out, "    </testcase>\n  </testsuite>\n</testsuites>\n");
}

}  // namespace slac::testing
