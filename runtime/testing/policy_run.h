// The tests of one policy, run one after another: each test's lead is built from its
// `lead` and `events` steps, evaluated by the reference interpreter, and run through the
// SLA clocks step by step, its expectations checked at each step. Private to the runner;
// test_run.h is its interface.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"
#include "ir/lower.h"
#include "ir/record_builder.h"
#include "ir/tables.h"
#include "sema/workspace.h"
#include "sla/engine.h"
#include "testing/coverage.h"
#include "testing/expectations.h"
#include "testing/test_clock.h"
#include "testing/test_run.h"
#include "testing/test_values.h"

namespace slac::testing {

class PolicyRun {
 public:
  PolicyRun(Workspace& workspace, LoadedFile& policy, DiagnosticSink& sink);

  /// Plans `test`, found in `file`, to run against this policy.
  void Plan(LoadedFile& file, const ast::TestDecl& test);

  /// Lowers the policy with every probe the plans need, then runs the tests in order.
  void Run(std::vector<TestResult>& results, std::vector<PolicyCoverage>& coverage);

 private:
  struct TestPlan {
    LoadedFile* file = nullptr;
    const ast::TestDecl* test = nullptr;
    FileAnalysis* scope = nullptr;
    /// The expectations of the opening steps, then of each `after` step.
    std::vector<ExpectPlan> expects;
    std::vector<std::vector<ExpectPlan>> after_expects;
  };

  struct ProbeInfo {
    const ast::Expr* expr = nullptr;
    FileAnalysis* scope = nullptr;
    std::vector<std::string> enum_values;
  };

  /// An event a test gives, decoded.
  struct TestEvent {
    std::string kind;
    int64_t at_ms = 0;
    std::vector<std::pair<std::string, TestValue>> attributes;
    SourceRange range;
  };

  /// What the clocks emitted during one step, and during the test so far.
  struct StepOutputs {
    sla::Outputs step;
    sla::Outputs test;
  };

  int AddProbe(const ast::Expr* expr, FileAnalysis& scope);
  TestResult Start(const TestPlan& plan) const;
  static void Finish(TestResult& result);

  // Running a test (policy_run.cpp).
  void RunTest(const TestPlan& plan, TestResult& result);
  bool RunAfter(const TestPlan& plan, size_t index, LiteralContext& context, StepOutputs& outputs,
                TestResult& result);
  void SetFields(const ast::TestStep& step, const LiteralContext& context,
                 std::set<std::string>& given, TestResult& result);
  bool SetField(const std::string& name, const TestValue& value);
  bool IsNumberField(const std::string& name) const;
  void DecodeEvents(const ast::TestStep& step, const LiteralContext& context,
                    std::vector<TestEvent>& events, TestResult& result) const;
  std::string MissingAttributes(const TestEvent& event) const;
  bool AddToRecord(const TestEvent& event);
  bool SetAttribute(const std::string& name, const TestValue& value);
  void Feed(const TestEvent& event, bool changed_results);
  void Evaluate(int64_t now_ms);
  void TakeOutputs(StepOutputs& outputs);
  bool CheckFieldsGiven(const TestPlan& plan, const std::set<std::string>& given,
                        TestResult& result);

  // Checking expectations (checks.cpp).
  void Check(const std::vector<ExpectPlan>& expects, const StepOutputs& outputs, bool opening,
             TestResult& result);
  void CheckProbe(const ExpectPlan& expect, const std::string& text, TestResult& result);
  void CheckTarget(const ExpectPlan& expect, const std::string& text, TestResult& result);
  void CheckAction(const ExpectPlan& expect, const std::string& text, const StepOutputs& outputs,
                   bool opening, TestResult& result);
  void CheckViolation(const ExpectPlan& expect, const std::string& text, const StepOutputs& outputs,
                      bool opening, TestResult& result);
  bool Holds(const Condition& condition, std::vector<std::string>& details) const;
  std::optional<bool> TierTargetIs(const ast::SlaDecl& sla, const TargetSpec& expected,
                                   std::string& shown) const;
  std::string ProbeValue(int probe) const;
  std::string DurationText(int64_t ms, bool business) const;
  void ExplainScore(const ast::Expr& expr, FileAnalysis& scope,
                    std::vector<std::string>& details) const;

  Workspace& workspace_;
  LoadedFile& policy_;
  FileAnalysis& analysis_;
  DiagnosticSink& sink_;
  std::string policy_name_;
  std::string timezone_ = "UTC";
  std::vector<TestPlan> plans_;
  std::vector<ir::Probe> probes_;
  std::vector<ProbeInfo> probe_infos_;
  std::vector<int> coverage_probes_;
  std::unique_ptr<CoverageTracker> coverage_;

  ir::Program program_;
  std::vector<int> probe_slots_;
  std::vector<int32_t> policy_roots_;
  ir::StringPool pool_;
  std::unique_ptr<ir::Tables> tables_;
  std::unique_ptr<ir::RecordBuilder> builder_;
  std::vector<int64_t> registers_;
  std::vector<int64_t> slots_;
  /// The running test's lead on the SLA clocks.
  std::unique_ptr<TestClock> clock_;
};

}  // namespace slac::testing
