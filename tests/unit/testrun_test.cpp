// Unit tests of the test runner: outcomes, failure messages, the fields a lead must give,
// coverage, and the values tests write and reports show.
#include <catch2/catch.hpp>

#include <bit>
#include <map>
#include <sstream>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"
#include "ir/tables.h"
#include "sema/workspace.h"
#include "testing/report.h"
#include "testing/test_run.h"
#include "testing/test_values.h"

namespace slac::testing {
namespace {

constexpr const char* kPolicy = R"(policy unit.run version 1.0.0
lead {
  employees: int
  plan: enum(free, paid)
  note: string?
}
events {
  visit
}
score fit "Fit" in 0..100 {
  "big":   employees >= 100       => +60
  "paid":  plan == paid           => +30
  "busy":  each visit in last 7d  => +5 capped 10
}
stages {
  new -> hot
}
stage hot when fit >= 80
sla reply {
  starts entering hot
  met by visit
  target 2h
}
guard new -> hot {
  require fit >= 80 else "not hot enough"
}
)";

struct Run {
  SourceManager sources;
  DiagnosticSink sink;
  RunResult result;
};

std::unique_ptr<Run> RunText(const std::string& tests, const RunOptions& options = {}) {
  auto run = std::make_unique<Run>();
  Workspace workspace(run->sources, run->sink,
                      SemaOptions{std::string(SLAC_SOURCE_DIR) + "/stdlib"});
  LoadedFile* file = workspace.LoadText("policy.sla", std::string(kPolicy) + tests);
  workspace.CheckAll();
  REQUIRE_FALSE(run->sink.HasErrors());
  run->result = RunTests(workspace, {file}, options, run->sink);
  return run;
}

// The first failure of `test`, for the message of a check that expected it to pass.
std::string FirstFailure(const TestResult& test) {
  return test.failures.empty() ? ""
                               : test.failures[0].expectation + ": " + test.failures[0].message;
}

TEST_CASE("a test whose expectations hold passes", "[testrun]") {
  auto run = RunText(R"(
test "big and paid" {
  at 2026-05-04T12:00:00Z
  lead { employees: 500, plan: paid }
  events { visit at -1d, -2d, -3d }
  expect fit == 100
  expect stage == hot
  expect reply.target == 2h
})");
  REQUIRE(run->result.tests.size() == 1);
  const TestResult& test = run->result.tests[0];
  CHECK(test.outcome == Outcome::kPassed);
  CHECK(test.checked == 3);
  CHECK(test.name == "big and paid");
  CHECK(test.policy == "unit.run");
}

TEST_CASE("a failed score expectation shows the value and each rule", "[testrun]") {
  auto run = RunText(R"(
test "small" {
  at 2026-05-04T12:00:00Z
  lead { employees: 5, plan: paid }
  events { visit at -1d }
  expect fit >= 80
})");
  const TestResult& test = run->result.tests.at(0);
  REQUIRE(test.outcome == Outcome::kFailed);
  REQUIRE(test.failures.size() == 1);
  const Problem& problem = test.failures[0];
  CHECK(problem.expectation == "expect fit >= 80");
  CHECK(problem.message == "`fit` is 35");
  CHECK(problem.details ==
        std::vector<std::string>{"rule \"big\": 0", "rule \"paid\": +30", "rule \"busy\": +5"});
}

TEST_CASE("a lead that lacks a field the policy reads errors and names it", "[testrun]") {
  auto run = RunText(R"(
test "no plan" {
  at 2026-05-04T12:00:00Z
  lead { employees: 5 }
  expect fit == 0
})");
  const TestResult& test = run->result.tests.at(0);
  REQUIRE(test.outcome == Outcome::kError);
  REQUIRE(test.errors.size() == 1);
  CHECK(test.errors[0].message.find("`plan`") != std::string::npos);
  // The optional field `note` is never required.
  CHECK(test.errors[0].message.find("`note`") == std::string::npos);
  CHECK(run->result.Count(Outcome::kError) == 1);
  CHECK(run->result.Count(Outcome::kFailed) == 0);
}

// A policy whose tests run on the SLA clocks: business hours, escalations, a guard and a
// disposition.
constexpr const char* kClockPolicy = R"(policy unit.clocks version 1.0.0
lead {
  employees: int
}
events {
  touch(channel: enum(email, phone))
}
calendar office {
  open mon..fri 09:00-17:00
}
stages {
  new -> hot -> won
  hot -> lost
}
stage hot when employees >= 100
sla reply {
  starts entering hot
  met by touch
  target 2h business office
  escalate {
    at 50%:  notify owner
    at 100%: notify manager, breach
  }
}
guard hot -> lost {
  require count touch in last 14d >= 2 else "two touches first"
}
disposition lost {
  reason in {pricing, other}
  note required when reason == other
}
)";

std::unique_ptr<Run> RunClockText(const std::string& tests) {
  auto run = std::make_unique<Run>();
  Workspace workspace(run->sources, run->sink,
                      SemaOptions{std::string(SLAC_SOURCE_DIR) + "/stdlib"});
  LoadedFile* file = workspace.LoadText("clocks.sla", std::string(kClockPolicy) + tests);
  workspace.CheckAll();
  REQUIRE_FALSE(run->sink.HasErrors());
  run->result = RunTests(workspace, {file}, {}, run->sink);
  return run;
}

std::map<std::string, CoverageItem::State> CoverageStates(const RunResult& result) {
  std::map<std::string, CoverageItem::State> states;
  for (const CoverageItem& item : result.coverage.at(0).items) {
    states[item.name] = item.state;
  }
  return states;
}

TEST_CASE("after steps count business time and fire escalations in order", "[testrun]") {
  // Monday 16:00 UTC: one business hour is left that day, the second is Tuesday 09:00-10:00.
  auto run = RunClockText(R"(
test "left alone" {
  at 2026-05-04T16:00:00Z
  lead { employees: 500 }
  expect stage == hot
  expect reply.open
  after 1h business office:
    expect reply.elapsed == 1h business
    expect action notify owner
    expect not reply breached
  after 1h business office:
    expect reply breached and reply.open
    expect reply.elapsed >= 2h business
    expect action notify manager
    expect action breach
    expect not reply met
})");
  const TestResult& test = run->result.tests.at(0);
  INFO(FirstFailure(test));
  CHECK(test.outcome == Outcome::kPassed);
  CHECK(test.checked == 10);
  auto states = CoverageStates(run->result);
  CHECK(states.at("reply at 50%") == CoverageItem::State::kExercised);
  CHECK(states.at("reply at 100%") == CoverageItem::State::kExercised);
}

TEST_CASE("an event in an after step meets the SLA at that instant", "[testrun]") {
  auto run = RunClockText(R"(
test "answered" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 30m:
    events { touch(channel: phone) at -10m }
    expect reply met
    expect not reply.open
    expect reply.elapsed == 20m business
})");
  const TestResult& test = run->result.tests.at(0);
  INFO(FirstFailure(test));
  CHECK(test.outcome == Outcome::kPassed);
  // The owner was never notified: the touch came before half of the target.
  auto states = CoverageStates(run->result);
  CHECK(states.at("reply at 50%") == CoverageItem::State::kMissed);
}

TEST_CASE("an action that was not emitted fails and lists what was", "[testrun]") {
  auto run = RunClockText(R"(
test "too early" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 1h:
    expect action notify manager
  after 30m:
    expect action notify owner
    expect reply breached
})");
  const TestResult& test = run->result.tests.at(0);
  REQUIRE(test.outcome == Outcome::kFailed);
  REQUIRE(test.failures.size() == 3);
  CHECK(test.failures[0].message == "no `notify manager` was emitted in this step");
  CHECK(test.failures[0].details ==
        std::vector<std::string>{"this step: `notify owner` by `reply` at 2026-05-04T11:00:00Z"});
  CHECK(test.failures[1].message == "no `notify owner` was emitted in this step");
  CHECK(test.failures[2].message == "`reply` is open, with 90m business elapsed");
}

TEST_CASE("a stage change checks guards and dispositions", "[testrun]") {
  auto run = RunClockText(R"(
test "lost without a reason" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  events { moved(to: lost) at now }
  expect violation "two touches first"
  expect violation "entering lost needs a reason"
  expect violation "missing_reason"
  expect stage == lost
  expect not reply.open
}
test "lost for another reason without a note" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  events { touch(channel: email) at -2d; touch(channel: phone) at -1d }
  after 1h:
    events { moved(to: lost, reason: other) at now }
    expect violation "the reason `other` needs a note"
    expect violation "two touches first"
})");
  const TestResult& first = run->result.tests.at(0);
  INFO(FirstFailure(first));
  CHECK(first.outcome == Outcome::kPassed);

  // Two touches satisfy the guard, so only the note is missing.
  const TestResult& second = run->result.tests.at(1);
  REQUIRE(second.outcome == Outcome::kFailed);
  REQUIRE(second.failures.size() == 1);
  CHECK(second.failures[0].message ==
        "no violation \"two touches first\" was reported in this step");
  CHECK(second.failures[0].details ==
        std::vector<std::string>{"reported: \"the reason `other` needs a note\" (missing_note)"});

  auto states = CoverageStates(run->result);
  CHECK(states.at("lost: other") == CoverageItem::State::kExercised);
  CHECK(states.at("lost: pricing") == CoverageItem::State::kMissed);
}

TEST_CASE("a test states that nothing was emitted or violated in a step", "[testrun]") {
  auto run = RunClockText(R"(
test "a clean loss" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  events { touch(channel: email) at -2d; touch(channel: phone) at -1d }
  expect not action notify owner
  after 30m:
    events { moved(to: lost, reason: pricing) at now }
    expect not violation
    expect not action notify owner
}
test "a loss that breaks the guard" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 90m:
    events { moved(to: lost, reason: pricing) at now }
    expect not violation "two touches first"
    expect not action notify owner
})");
  CHECK(run->result.tests.at(0).outcome == Outcome::kPassed);
  const TestResult& broken = run->result.tests.at(1);
  REQUIRE(broken.failures.size() == 2);
  CHECK(broken.failures[0].message ==
        "the violation \"two touches first\" (guard) was reported in this step");
  CHECK(broken.failures[1].message ==
        "`notify owner` was emitted in this step, by `reply` at 2026-05-04T11:00:00Z");
}

TEST_CASE("durations in clock expectations may be sums and read either way", "[testrun]") {
  auto run = RunClockText(R"(
test "sums" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 1h + 5m:
    expect reply.elapsed == (1h + 5m) business
    expect 65m business == reply.elapsed
    expect 1h business < reply.elapsed
    expect reply.target == (1h + 1h) business
}
test "back-dated" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 1h:
    expect reply.open
  after 1h:
    events { touch(channel: phone) at -90m }
    expect reply met
})");
  const TestResult& sums = run->result.tests.at(0);
  INFO(FirstFailure(sums));
  CHECK(sums.outcome == Outcome::kPassed);
  CHECK(sums.checked == 4);
  const TestResult& back_dated = run->result.tests.at(1);
  CHECK(back_dated.outcome == Outcome::kError);
  REQUIRE(back_dated.errors.size() == 1);
  CHECK(back_dated.errors[0].message ==
        "the event `touch` falls at 2026-05-04T10:30:00Z, before the previous step at "
        "2026-05-04T11:00:00Z; an event in an `after` step happens within that step");
}

TEST_CASE("a test that says something twice or out of its step is an error", "[testrun]") {
  auto run = RunClockText(R"(
test "future history" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  events { touch(channel: phone) at 1h }
  expect reply.open
}
test "two values" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500, employees: 5 }
  expect reply.open
}
test "two instants" {
  at 2026-05-04T10:00:00Z
  at 2026-05-05T10:00:00Z
  lead { employees: 500 }
  expect reply.open
}
test "a very long wait" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 40000d:
    expect reply breached
})");
  const auto& tests = run->result.tests;
  REQUIRE(tests.size() == 4);
  for (const TestResult& test : tests) {
    INFO(test.name);
    CHECK(test.outcome == Outcome::kError);
    REQUIRE(test.errors.size() == 1);
  }
  CHECK(tests[0].errors[0].message.find("falls after the test's instant") != std::string::npos);
  CHECK(tests[1].errors[0].message == "the field `employees` is given twice");
  CHECK(tests[2].errors[0].message == "the test already has its starting instant; give `at` once");
  CHECK(tests[3].errors[0].message ==
        "an `after` step moves the clock 100 years at most; the steps from here on were not run");
}

TEST_CASE("an event that leaves out an attribute its kind declares is an error", "[testrun]") {
  auto run = RunClockText(R"(
test "a touch without its channel" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 10m:
    events { touch at now }
    expect reply met
})");
  const TestResult& test = run->result.tests.at(0);
  CHECK(test.outcome == Outcome::kError);
  REQUIRE(test.errors.size() == 1);
  CHECK(test.errors[0].message ==
        "the event `touch` does not give its attribute `channel`; write it as "
        "`touch(channel: ...)`");
}

TEST_CASE("a target compared with a business duration combines with other forms", "[testrun]") {
  auto run = RunClockText(R"(
test "combined" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  expect reply.target == 2h business and stage == hot
  expect not (reply.target == 1h business) or stage == new
})");
  const TestResult& test = run->result.tests.at(0);
  INFO(FirstFailure(test));
  CHECK(test.outcome == Outcome::kPassed);
  CHECK(test.checked == 2);
}

TEST_CASE("clock expectations in forms the runner cannot evaluate are errors", "[testrun]") {
  auto run = RunClockText(R"(
test "arithmetic on elapsed time" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after 1h:
    expect reply.elapsed + 1h == 2h
})");
  const TestResult& test = run->result.tests.at(0);
  CHECK(test.outcome == Outcome::kError);
  REQUIRE(test.errors.size() == 1);
  CHECK(test.errors[0].message.find("elapsed time with a duration") != std::string::npos);
}

TEST_CASE("an after step moves the clock forward only", "[testrun]") {
  auto run = RunClockText(R"(
test "backwards" {
  at 2026-05-04T10:00:00Z
  lead { employees: 500 }
  after -1h:
    expect reply.open
})");
  const TestResult& test = run->result.tests.at(0);
  CHECK(test.outcome == Outcome::kError);
  REQUIRE(test.errors.size() == 1);
  CHECK(test.errors[0].message.rfind("`after` takes a duration to move the clock forward", 0) == 0);
}

TEST_CASE("the name filter selects tests", "[testrun]") {
  RunOptions options;
  options.select = [](const std::string& name) { return name == "second"; };
  auto run = RunText(R"(
test "first" {
  at 2026-05-04T12:00:00Z
  lead { employees: 5, plan: free }
  expect fit == 0
}
test "second" {
  at 2026-05-04T12:00:00Z
  lead { employees: 5, plan: free }
  expect fit == 1
})",
                     options);
  REQUIRE(run->result.tests.size() == 1);
  CHECK(run->result.tests[0].name == "second");
  CHECK(run->result.tests[0].outcome == Outcome::kFailed);
}

TEST_CASE("coverage counts rules that fired, stages that held and guards both ways", "[testrun]") {
  auto run = RunText(R"(
test "big" {
  at 2026-05-04T12:00:00Z
  lead { employees: 500, plan: paid }
  expect stage == hot
})");
  REQUIRE(run->result.coverage.size() == 1);
  const PolicyCoverage& coverage = run->result.coverage[0];
  std::map<std::string, CoverageItem::State> states;
  for (const CoverageItem& item : coverage.items) {
    states[item.name] = item.state;
  }
  CHECK(states.at("fit: \"big\"") == CoverageItem::State::kExercised);
  CHECK(states.at("fit: \"paid\"") == CoverageItem::State::kExercised);
  CHECK(states.at("fit: \"busy\"") == CoverageItem::State::kMissed);
  CHECK(states.at("hot when fit >= 80") == CoverageItem::State::kExercised);
  CHECK(states.at("reply") == CoverageItem::State::kExercised);
  // Only a lead that passes the guard was seen.
  CHECK(states.at("new -> hot: \"not hot enough\"") == CoverageItem::State::kMissed);
  CHECK(coverage.Exercised() == 4);
  CHECK(coverage.items.size() == 6);
}

TEST_CASE("JUnit reports escape text and count outcomes", "[testrun]") {
  auto run = RunText(R"(
test "a <tricky> & \"quoted\" name" {
  at 2026-05-04T12:00:00Z
  lead { employees: 5, plan: free }
  expect fit > 0
})");
  std::ostringstream out;
  RenderJunit(run->result, run->sources, out);
  std::string xml = out.str();
  CHECK(xml.find("name=\"a &lt;tricky&gt; &amp; &quot;quoted&quot; name\"") != std::string::npos);
  CHECK(xml.find("<testsuites name=\"slac test\" tests=\"1\" failures=\"1\" errors=\"0\">") !=
        std::string::npos);
  CHECK(xml.find("expect fit &gt; 0: `fit` is 0") != std::string::npos);
}

TEST_CASE("test literals and reported values read as a policy writes them", "[testrun]") {
  ir::StringPool pool;
  int64_t id = pool.Intern("p1");
  CHECK(FormatSlot(std::bit_cast<int64_t>(75.0), ir::ValueType::kNumber, {}, pool) == "75");
  CHECK(FormatSlot(std::bit_cast<int64_t>(82.5), ir::ValueType::kNumber, {}, pool) == "82.5");
  CHECK(FormatSlot(id, ir::ValueType::kString, {}, pool) == "\"p1\"");
  CHECK(FormatSlot(5 * 60'000, ir::ValueType::kDuration, {}, pool) == "5m");
  CHECK(FormatSlot(90'000, ir::ValueType::kDuration, {}, pool) == "90s");
  CHECK(FormatSlot(1, ir::ValueType::kEnum, {"new", "hot"}, pool) == "hot");
  CHECK(FormatSlot(ir::kMissing, ir::ValueType::kInt, {}, pool) == "missing");
  CHECK(FormatSlot(1'773'154'800'000, ir::ValueType::kTime, {}, pool) == "2026-03-10T15:00:00Z");
  // Failure messages give instants in the policy's zone, across its DST change.
  CHECK(FormatInstantIn(1'773'062'280'000, "America/New_York") == "2026-03-09T09:18:00-04:00");
  CHECK(FormatInstantIn(1'772'837'400'000, "America/New_York") == "2026-03-06T17:50:00-05:00");
  CHECK(FormatInstantIn(1'773'154'800'000, "UTC") == "2026-03-10T15:00:00Z");
}

}  // namespace
}  // namespace slac::testing
