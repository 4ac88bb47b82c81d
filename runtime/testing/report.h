// Rendering the results of a test run: text for people, JSON for scripts and JUnit XML for
// CI systems. Each writes to the stream it is given; nothing here decides an exit code.
#pragma once

#include <ostream>
#include <vector>

#include "diagnostics/diagnostic.h"

#include "diagnostics/source.h"
#include "testing/test_run.h"

namespace slac::testing {

struct ReportOptions {
  /// Adds each policy's coverage to the text and JSON reports.
  bool coverage = false;
};

/// One line per test, then each failure and error with its location, expectation, value
/// and rule contributions, then a summary line and, if asked, the coverage.
void RenderText(const RunResult& result, const SourceManager& sources, const ReportOptions& options,
                std::ostream& out);

/// One JSON document: `tests`, `summary` and, if asked, `coverage`.
void RenderJson(const RunResult& result, const SourceManager& sources, const ReportOptions& options,
                std::ostream& out);

/// A JUnit XML report: one `testsuite` per policy, one `testcase` per test, with a
/// `failure` for a failed test and an `error` for one that could not run.
void RenderJunit(const RunResult& result, const SourceManager& sources, std::ostream& out);

/// When no test could run because the files have errors: a JSON document with no tests, the
/// summary, and the diagnostics as `slac check --format json` gives them, so that a script
/// reading the report sees why.
void RenderJsonNotRun(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                      std::ostream& out);

/// The same as a JUnit report: one `testsuite` named `slac check` whose one test case
/// errors with the diagnostics as its text, so that a CI test report shows the failure
/// instead of an empty file.
void RenderJunitNotRun(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                       std::ostream& out);

/// The coverage of each policy as text, as `RenderText` appends it.
void RenderCoverageText(const RunResult& result, std::ostream& out);

}  // namespace slac::testing
