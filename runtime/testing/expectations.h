// How the runner checks each `expect` of a test. Before the policy is lowered, every
// expectation is planned: the parts the evaluator can compute become probes (expressions
// lowered beside the policy's results), and the parts only the SLA clocks know (an SLA's
// state, the lead's stage after people moved it, actions, violations) become a small tree
// the runner evaluates against the clocks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diagnostics/source.h"
#include "sema/analysis.h"

namespace slac::testing {

/// A duration as a test or a tier writes it: in calendar time, or in business time of a
/// calendar (`calendar` empty when the test leaves it out).
struct TargetSpec {
  int64_t ms = 0;
  bool business = false;
  std::string calendar;
};

/// A duration written with constants only (`5m`, `1h + 5m`); nothing for any other form.
std::optional<int64_t> ConstantDuration(const ast::Expr& expr);

/// `5m`, `1h + 30m`, or `1h business sales_hours`; nothing for any other form.
std::optional<TargetSpec> SpecOf(const ast::Expr& expr);

/// A condition evaluated against the clocks, with its clock-free parts as probes.
struct Condition {
  enum class Kind : uint8_t {
    kProbe,     // computed by the evaluator: `probe`
    kNot,       // operands[0]
    kAnd,       // operands[0], operands[1]
    kOr,        // operands[0], operands[1]
    kMet,       // `sla met`
    kBreached,  // `sla breached`
    kOpen,      // `sla.open`
    kElapsed,   // `sla.elapsed OP expected`
    kStage,     // `stage == S`, `stage != S`, `stage in {...}`, `stage not in {...}`
    kTarget,    // `sla.target == D` (or `!=`), the tier's target as written: `sla_decl`
  };
  Kind kind = Kind::kProbe;
  const ast::Expr* expr = nullptr;
  int probe = -1;
  std::vector<Condition> operands;
  std::string sla;
  ast::BinaryOp op = ast::BinaryOp::kEqual;
  TargetSpec expected;
  std::vector<std::string> stages;
  const ast::SlaDecl* sla_decl = nullptr;
};

/// How one expectation is checked.
struct ExpectPlan {
  enum class Form : uint8_t {
    kProbe,      // a boolean the evaluator computes: `probe`
    kTarget,     // `SLA.target == D [business CAL]`, against the tier's target as written
    kCondition,  // a condition that reads the clocks: `condition`
    kAction,     // `expect action ...`
    kViolation,  // `expect violation ["message"]`
    kInvalid,    // a form the runner cannot check: `reason`
  };
  const ast::Expectation* expectation = nullptr;
  SourceRange step_range;
  Form form = Form::kProbe;
  std::string reason;
  int probe = -1;
  /// Probes of a comparison's operands, to show their values on failure.
  int lhs = -1;
  int rhs = -1;
  /// kTarget.
  const ast::SlaDecl* sla = nullptr;
  const ast::Expr* expected_target = nullptr;
  bool negated = false;
  /// kCondition.
  Condition condition;
};

/// Adds `expr`, typed in `scope`, as a probe and returns its index.
using ProbeAdder = std::function<int(const ast::Expr& expr, FileAnalysis& scope)>;

/// Plans the expectation of `step` in `scope`; `policy` is the policy the test runs
/// against.
ExpectPlan PlanExpectation(const ast::TestStep& step, FileAnalysis& scope,
                           const ast::PolicyFile& policy, const ProbeAdder& add_probe);

}  // namespace slac::testing
