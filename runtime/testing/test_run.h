// Running the `test` blocks of policies: each test builds one lead from its `lead` and
// `events` values, evaluates the policy at the test's `at` instant with the reference
// interpreter, runs the lead on the SLA clocks through its `after` steps, and checks every
// expectation. Results are values for a reporter to render, together with which rules,
// stages, tiers, guards, escalations and disposition reasons the tests exercised.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"
#include "sema/workspace.h"

namespace slac::testing {

enum class Outcome : uint8_t {
  kPassed,
  /// An expectation did not hold.
  kFailed,
  /// The test could not run to the end: a field it does not give, a value that does not
  /// fit, a form the runner cannot check. Counted apart from failures.
  kError,
};

const char* Name(Outcome outcome);

/// One expectation that did not hold, or one reason a test could not run.
struct Problem {
  SourceRange range;
  /// The expectation as written, when the problem is one.
  std::string expectation;
  /// What went wrong: "got `60`", "needs the SLA clocks, ...".
  std::string message;
  /// Supporting lines, such as each rule's contribution to a score.
  std::vector<std::string> details;
};

struct TestResult {
  std::string name;
  /// The policy the test runs against, by name and file.
  std::string policy;
  std::string policy_path;
  SourceRange range;
  Outcome outcome = Outcome::kPassed;
  std::vector<Problem> failures;
  std::vector<Problem> errors;
  /// Expectations that were evaluated (held or not).
  int checked = 0;
};

/// One thing a coverage report tracks.
struct CoverageItem {
  enum class Kind : uint8_t {
    kScoreRule,
    kStageRule,
    kTier,
    kGuard,
    kEscalation,
    kDisposition,
  };
  enum class State : uint8_t { kExercised, kMissed };
  Kind kind = Kind::kScoreRule;
  /// `fit: "target industry"`, `mql (rule 2)`, `first_touch: hot`, ...
  std::string name;
  SourceRange range;
  State state = State::kMissed;
};

const char* Name(CoverageItem::Kind kind);
const char* Name(CoverageItem::State state);

struct PolicyCoverage {
  std::string policy;
  std::string path;
  std::vector<CoverageItem> items;

  int Exercised() const;
  /// Exercised items over all items, 0..100; 100 when there are none.
  double Percent() const;
};

struct RunResult {
  std::vector<TestResult> tests;
  std::vector<PolicyCoverage> coverage;

  int Count(Outcome outcome) const;
};

struct RunOptions {
  /// Runs only the tests whose name it accepts; all when empty.
  std::function<bool(const std::string&)> select;
};

/// Runs the tests found in `files` (policies with test blocks and test files that `use` a
/// policy), which must have been checked without errors. Problems with a policy itself
/// (a form the evaluator cannot compute) are reported to `sink`; the tests of that policy
/// then error.
RunResult RunTests(Workspace& workspace, const std::vector<LoadedFile*>& files,
                   const RunOptions& options, DiagnosticSink& sink);

}  // namespace slac::testing
