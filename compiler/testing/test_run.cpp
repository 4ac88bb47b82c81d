#include "testing/test_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>

#include "ast/walk.h"
#include "interp/interp.h"
#include "ir/lower.h"
#include "ir/record_builder.h"
#include "sema/analysis.h"
#include "testing/coverage.h"
#include "testing/test_values.h"

namespace slac::testing {

const char* Name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kError:
      return "error";
  }
  return "?";
}

int RunResult::Count(Outcome outcome) const {
  return static_cast<int>(std::count_if(tests.begin(), tests.end(),
                                        [&](const TestResult& t) { return t.outcome == outcome; }));
}

namespace {

constexpr const char* kNeedsClocks =
    "needs the SLA clock engine, which this version of slac does not have yet";

// How an expectation is checked.
enum class Form : uint8_t {
  kProbe,        // a boolean the evaluator computes
  kTarget,       // `SLA.target == D [business CAL]`, compared with the tier's target
  kNeedsClocks,  // SLA state, actions, violations
  kUnsupported,  // business time anywhere else
};

struct ExpectPlan {
  const ast::Expectation* expectation = nullptr;
  SourceRange step_range;
  Form form = Form::kProbe;
  std::string reason;
  int probe = -1;
  // Probes for the operands of a comparison, to show their values on failure.
  int lhs = -1;
  int rhs = -1;
  // For kTarget.
  const ast::SlaDecl* sla = nullptr;
  const ast::Expr* expected_target = nullptr;
  bool negated = false;
};

struct TestPlan {
  LoadedFile* file = nullptr;
  const ast::TestDecl* test = nullptr;
  FileAnalysis* scope = nullptr;
  std::vector<ExpectPlan> expects;
};

struct ProbeInfo {
  const ast::Expr* expr = nullptr;
  FileAnalysis* scope = nullptr;
  std::vector<std::string> enum_values;
};

// The SLA `name` names in `scope`, when it names one.
bool NamesSla(FileAnalysis& scope, const std::string& name) {
  const ValueSymbol* symbol = scope.FindValue(name);
  return symbol != nullptr && symbol->kind == ValueSymbol::Kind::kSla;
}

// Why `expr` needs the clocks, or nothing.
std::optional<std::string> ClockForm(const ast::Expr& expr, FileAnalysis& scope) {
  std::optional<std::string> form;
  ast::WalkExpr(expr, [&](const ast::Expr& node) {
    if (form) {
      return;
    }
    if (node.kind == ast::ExprKind::kSlaState) {
      form = "the outcome of an SLA";
      return;
    }
    if (node.kind != ast::ExprKind::kName) {
      return;
    }
    const auto& parts = ast::As<ast::NameExpr>(node).name.parts;
    if (parts.size() == 2 && parts[1].text != "target" && NamesSla(scope, parts[0].text)) {
      form = fmt::format("`{}.{}`", parts[0].text, parts[1].text);
    }
  });
  return form;
}

bool HasBusinessTime(const ast::Expr& expr) {
  bool found = false;
  ast::WalkExpr(
      expr, [&](const ast::Expr& node) { found = found || node.kind == ast::ExprKind::kBusiness; });
  return found;
}

bool IsLiteral(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kInt:
    case ast::ExprKind::kNumber:
    case ast::ExprKind::kPercent:
    case ast::ExprKind::kDuration:
    case ast::ExprKind::kString:
    case ast::ExprKind::kBool:
    case ast::ExprKind::kDate:
    case ast::ExprKind::kInstant:
      return true;
    case ast::ExprKind::kUnary:
      return IsLiteral(*ast::As<ast::UnaryExpr>(expr).operand);
    default:
      return false;
  }
}

bool IsComparison(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kEqual:
    case ast::BinaryOp::kNotEqual:
    case ast::BinaryOp::kLess:
    case ast::BinaryOp::kLessEqual:
    case ast::BinaryOp::kGreater:
    case ast::BinaryOp::kGreaterEqual:
      return true;
    default:
      return false;
  }
}

// A target as a test or a tier writes it: a duration, in business time of a calendar or
// in calendar time.
struct TargetSpec {
  int64_t ms = 0;
  bool business = false;
  std::string calendar;
};

std::optional<TargetSpec> SpecOf(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kDuration) {
    return TargetSpec{ast::As<ast::DurationLiteral>(expr).milliseconds, false, {}};
  }
  if (expr.kind != ast::ExprKind::kBusiness) {
    return std::nullopt;
  }
  const auto& business = ast::As<ast::BusinessExpr>(expr);
  if (business.duration->kind != ast::ExprKind::kDuration) {
    return std::nullopt;
  }
  return TargetSpec{ast::As<ast::DurationLiteral>(*business.duration).milliseconds, true,
                    business.calendar ? business.calendar->text : ""};
}

const ast::SlaDecl* FindSla(const ast::PolicyFile& policy, const std::string& name) {
  for (const ast::DeclPtr& decl : policy.decls) {
    if (decl->kind == ast::DeclKind::kSla && ast::As<ast::SlaDecl>(*decl).name.text == name) {
      return &ast::As<ast::SlaDecl>(*decl);
    }
  }
  return nullptr;
}

// The policy a file's tests run against: the file itself, or the policy a test file uses.
LoadedFile* PolicyOf(Workspace& workspace, LoadedFile& file) {
  if (file.ast.header && !file.ast.header->is_module) {
    return &file;
  }
  for (const ast::DeclPtr& decl : file.ast.decls) {
    if (decl->kind != ast::DeclKind::kUse || !ast::As<ast::UseDecl>(*decl).path) {
      continue;
    }
    LoadedFile* used = workspace.Resolve(file, ast::As<ast::UseDecl>(*decl));
    if (used != nullptr && used->ast.header && !used->ast.header->is_module) {
      return used;
    }
  }
  return nullptr;
}

// Where a test gives its lead, for messages about the lead; the test when it gives none.
SourceRange LeadRange(const ast::TestDecl& test) {
  for (const ast::TestStep& step : test.steps) {
    if (step.kind == ast::TestStepKind::kLead) {
      return step.range;
    }
  }
  return test.range;
}

// Registers that `roots` depend on, and the lead fields among them.
std::set<int64_t> FieldsRead(const ir::Program& program, std::vector<int32_t> roots) {
  std::vector<bool> seen(program.code.size(), false);
  std::set<int64_t> fields;
  while (!roots.empty()) {
    int32_t reg = roots.back();
    roots.pop_back();
    if (reg < 0 || static_cast<size_t>(reg) >= seen.size() || seen[reg]) {
      continue;
    }
    seen[reg] = true;
    const ir::Instr& instr = program.code[reg];
    if (instr.op == ir::Op::kField) {
      fields.insert(instr.imm);
    }
    roots.insert(roots.end(), {instr.a, instr.b, instr.c});
    if (instr.op == ir::Op::kWindow) {
      const ir::Window& window = program.windows[instr.aux];
      roots.push_back(window.within);
      for (const ir::WindowFilter& filter : window.filters) {
        roots.push_back(filter.value);
      }
    }
  }
  return fields;
}

// Runs the tests of one policy.
class PolicyRun {
 public:
  PolicyRun(Workspace& workspace, LoadedFile& policy, DiagnosticSink& sink)
      : workspace_(workspace),
        policy_(policy),
        analysis_(workspace.AnalysisOf(policy)),
        sink_(sink) {
    const ast::PolicyFile& ast = policy.ast;
    if (ast.header) {
      policy_name_ = ast.header->name.Joined();
      if (ast.header->timezone) {
        timezone_ = ast.header->timezone->value;
      }
    }
  }

  void Plan(LoadedFile& file, const ast::TestDecl& test) {
    TestPlan plan;
    plan.file = &file;
    plan.test = &test;
    plan.scope = &workspace_.AnalysisOf(file);
    for (const ast::TestStep& step : test.steps) {
      if (step.kind == ast::TestStepKind::kExpect) {
        plan.expects.push_back(PlanExpectation(step, *plan.scope));
      }
    }
    plans_.push_back(std::move(plan));
  }

  void Run(std::vector<TestResult>& results, std::vector<PolicyCoverage>& coverage) {
    coverage_ = std::make_unique<CoverageTracker>(policy_, workspace_.sources());
    for (const CoverageProbe& probe : coverage_->probes()) {
      coverage_probes_.push_back(AddProbe(probe.expr, analysis_));
    }

    size_t errors_before = sink_.ErrorCount();
    program_ = ir::Lower(analysis_, sink_, probes_);
    bool lowered = sink_.ErrorCount() == errors_before;
    for (size_t i = 0; i < program_.results.size(); ++i) {
      if (program_.results[i].kind == ir::ResultSlot::Kind::kProbe) {
        probe_slots_.push_back(static_cast<int>(i));
      } else {
        policy_roots_.push_back(program_.results[i].reg);
      }
    }
    tables_ = std::make_unique<ir::Tables>(program_, pool_);
    builder_ = std::make_unique<ir::RecordBuilder>(program_, pool_);

    for (const TestPlan& plan : plans_) {
      TestResult result = Start(plan);
      if (!lowered) {
        result.errors.push_back(
            Problem{plan.test->range,
                    "",
                    "the policy has forms the evaluator cannot compute (see the errors above)",
                    {}});
      } else {
        RunTest(plan, result);
      }
      Finish(result);
      results.push_back(std::move(result));
    }
    PolicyCoverage report = coverage_->Report();
    report.policy = policy_name_;
    report.path = policy_.path;
    coverage.push_back(std::move(report));
  }

 private:
  int AddProbe(const ast::Expr* expr, FileAnalysis& scope) {
    ProbeInfo info;
    info.expr = expr;
    info.scope = &scope;
    if (const Type* type = scope.TypeOf(*expr); type && type->enumeration) {
      info.enum_values = type->enumeration->values;
    }
    probes_.push_back(ir::Probe{expr, &scope});
    probe_infos_.push_back(std::move(info));
    return static_cast<int>(probes_.size() - 1);
  }

  ExpectPlan PlanExpectation(const ast::TestStep& step, FileAnalysis& scope) {
    ExpectPlan plan;
    plan.expectation = &step.expectation;
    plan.step_range = step.range;
    const ast::Expectation& expectation = step.expectation;
    if (expectation.kind != ast::ExpectationKind::kCondition) {
      plan.form = Form::kNeedsClocks;
      plan.reason = expectation.kind == ast::ExpectationKind::kAction ? "an expected action"
                                                                      : "an expected violation";
      return plan;
    }
    const ast::Expr& condition = *expectation.condition;
    if (auto form = ClockForm(condition, scope)) {
      plan.form = Form::kNeedsClocks;
      plan.reason = *form;
      return plan;
    }

    // `first_touch.target == 1h business sales_hours`: the tier's target as written.
    if (condition.kind == ast::ExprKind::kBinary) {
      const auto& binary = ast::As<ast::BinaryExpr>(condition);
      bool equality = binary.op == ast::BinaryOp::kEqual || binary.op == ast::BinaryOp::kNotEqual;
      if (equality && binary.lhs->kind == ast::ExprKind::kName && SpecOf(*binary.rhs)) {
        const auto& parts = ast::As<ast::NameExpr>(*binary.lhs).name.parts;
        if (parts.size() == 2 && parts[1].text == "target" && NamesSla(scope, parts[0].text)) {
          plan.form = Form::kTarget;
          plan.sla = FindSla(policy_.ast, parts[0].text);
          plan.expected_target = binary.rhs.get();
          plan.negated = binary.op == ast::BinaryOp::kNotEqual;
          if (plan.sla != nullptr) {
            return plan;
          }
        }
      }
    }
    if (HasBusinessTime(condition)) {
      plan.form = Form::kUnsupported;
      plan.reason =
          "business time in an expectation is only compared with an SLA's target, as in "
          "`first_touch.target == 1h business sales_hours`";
      return plan;
    }

    plan.probe = AddProbe(&condition, scope);
    if (condition.kind == ast::ExprKind::kBinary) {
      const auto& binary = ast::As<ast::BinaryExpr>(condition);
      if (IsComparison(binary.op)) {
        if (!IsLiteral(*binary.lhs)) {
          plan.lhs = AddProbe(binary.lhs.get(), scope);
        }
        if (!IsLiteral(*binary.rhs) && binary.rhs->kind != ast::ExprKind::kName) {
          plan.rhs = AddProbe(binary.rhs.get(), scope);
        }
      }
    }
    return plan;
  }

  TestResult Start(const TestPlan& plan) {
    TestResult result;
    result.name = plan.test->name.value;
    result.policy = policy_name_;
    result.policy_path = policy_.path;
    result.range = plan.test->range;
    return result;
  }

  static void Finish(TestResult& result) {
    result.outcome = !result.failures.empty() ? Outcome::kFailed
                     : !result.errors.empty() ? Outcome::kError
                                              : Outcome::kPassed;
  }

  // Builds the lead, evaluates it at the test's instant and checks each expectation.
  void RunTest(const TestPlan& plan, TestResult& result) {
    const ast::TestDecl& test = *plan.test;
    LiteralContext context{timezone_, 0};
    const ast::TestStep* at = nullptr;
    for (const ast::TestStep& step : test.steps) {
      if (step.kind == ast::TestStepKind::kAt) {
        at = &step;
      }
    }
    std::string error;
    std::optional<TestValue> now = at ? EvaluateLiteral(*at->at, context, error) : std::nullopt;
    if (!now || now->kind != TestValue::Kind::kTime) {
      result.errors.push_back(Problem{at ? at->range : test.range,
                                      "",
                                      "the test needs an instant such as `at 2026-03-10T15:00:00Z`"
                                      " to evaluate the lead at",
                                      {}});
      return;
    }
    context.now_ms = now->integer;

    builder_->Reset();
    std::set<std::string> given;
    for (const ast::TestStep& step : test.steps) {
      if (step.kind == ast::TestStepKind::kLead) {
        SetFields(step, context, given, result);
      } else if (step.kind == ast::TestStepKind::kEvents) {
        AddEvents(step, context, result);
      }
    }
    if (!result.errors.empty()) {
      return;
    }
    if (!CheckFieldsGiven(plan, given, result)) {
      return;
    }

    ir::Record record = builder_->Build();
    tables_->Update();
    slots_.assign(program_.results.size(), 0);
    interp::Evaluate(program_, *tables_, record, context.now_ms, registers_, slots_.data());
    coverage_->Record(program_, slots_, probe_slots_, coverage_probes_);

    for (const ExpectPlan& expect : plan.expects) {
      Check(expect, result);
    }
    for (const ast::AfterStep& after : test.after_steps) {
      result.errors.push_back(
          Problem{after.range,
                  "",
                  fmt::format("`after` {}; the steps under it were not run", kNeedsClocks),
                  {}});
    }
  }

  void SetFields(const ast::TestStep& step, const LiteralContext& context,
                 std::set<std::string>& given, TestResult& result) {
    for (const ast::FieldValue& field : step.fields) {
      std::string error;
      std::optional<TestValue> value = EvaluateLiteral(*field.value, context, error);
      bool set = false;
      if (value) {
        set = SetField(field.field.text, *value);
        error = "the value does not fit the field";
      }
      if (!set) {
        result.errors.push_back(Problem{
            field.range, "", fmt::format("cannot set `{}`: {}", field.field.text, error), {}});
        continue;
      }
      given.insert(field.field.text);
    }
  }

  bool SetField(const std::string& name, const TestValue& value) {
    using Kind = TestValue::Kind;
    switch (value.kind) {
      case Kind::kInt:
      case Kind::kTime:
      case Kind::kDuration:
      case Kind::kDate:
        if (IsNumberField(name)) {
          return builder_->SetNumber(name, static_cast<double>(value.integer));
        }
        return builder_->SetInt(name, value.integer);
      case Kind::kNumber:
        return builder_->SetNumber(name, value.number);
      case Kind::kString:
        return builder_->SetString(name, value.text);
      case Kind::kSymbol:
        return builder_->SetSymbol(name, value.text);
      case Kind::kBool:
        return builder_->SetSymbol(name, value.integer != 0 ? "true" : "false");
    }
    return false;
  }

  bool IsNumberField(const std::string& name) const {
    for (const ir::FieldLayout& field : program_.layout.fields) {
      if (field.name == name) {
        return field.type == ir::ValueType::kNumber;
      }
    }
    return false;
  }

  void AddEvents(const ast::TestStep& step, const LiteralContext& context, TestResult& result) {
    for (const ast::EventValue& event : step.events) {
      for (const ast::ExprPtr& instant : event.instants) {
        std::string error;
        std::optional<TestValue> when = EvaluateLiteral(*instant, context, error);
        if (when && when->kind == TestValue::Kind::kDuration) {
          when->integer += context.now_ms;
        } else if (when && when->kind != TestValue::Kind::kTime) {
          when.reset();
          error = "an event happens at an instant or an offset such as `-5m`";
        }
        bool added = when && builder_->AddEvent(event.event.kind.text, when->integer);
        for (const ast::AttributeFilter& attribute : event.event.filters) {
          std::optional<TestValue> value =
              added ? EvaluateLiteral(*attribute.value, context, error) : std::nullopt;
          added = value && SetAttribute(attribute.attribute.text, *value);
        }
        if (!added) {
          result.errors.push_back(
              Problem{event.range,
                      "",
                      fmt::format("cannot add the event `{}`: {}", event.event.kind.text,
                                  error.empty() ? "an attribute does not fit" : error),
                      {}});
        }
      }
    }
  }

  bool SetAttribute(const std::string& name, const TestValue& value) {
    switch (value.kind) {
      case TestValue::Kind::kString:
        return builder_->SetEventString(name, value.text);
      case TestValue::Kind::kSymbol:
        return builder_->SetEventSymbol(name, value.text);
      case TestValue::Kind::kBool:
        return builder_->SetEventSymbol(name, value.integer != 0 ? "true" : "false");
      case TestValue::Kind::kNumber:
        return builder_->SetEventInt(name, std::bit_cast<int64_t>(value.number));
      default:
        return builder_->SetEventInt(name, value.integer);
    }
  }

  // A required field the policy (or an expectation) reads must be given: a test states
  // the facts that matter rather than leaving the evaluator to guess.
  bool CheckFieldsGiven(const TestPlan& plan, const std::set<std::string>& given,
                        TestResult& result) {
    std::vector<int32_t> roots = policy_roots_;
    for (const ExpectPlan& expect : plan.expects) {
      for (int probe : {expect.probe, expect.lhs, expect.rhs}) {
        if (probe >= 0) {
          roots.push_back(program_.results[probe_slots_[probe]].reg);
        }
      }
    }
    std::vector<std::string> missing;
    for (int64_t slot : FieldsRead(program_, std::move(roots))) {
      const ir::FieldLayout& field = program_.layout.fields[slot];
      if (!field.optional && given.count(field.name) == 0) {
        missing.push_back(fmt::format("`{}`", field.name));
      }
    }
    if (missing.empty()) {
      return true;
    }
    std::sort(missing.begin(), missing.end());
    result.errors.push_back(Problem{
        LeadRange(*plan.test),
        "",
        fmt::format("the lead does not give {} {}, which the policy reads; give {} in `lead {{ }}`",
                    missing.size() == 1 ? "the field" : "the fields", fmt::join(missing, ", "),
                    missing.size() == 1 ? "it a value" : "them values"),
        {}});
    return false;
  }

  std::string ProbeValue(int probe) const {
    const ir::ResultSlot& slot = program_.results[probe_slots_[probe]];
    return FormatSlot(slots_[probe_slots_[probe]], slot.type, probe_infos_[probe].enum_values,
                      pool_);
  }

  void Check(const ExpectPlan& expect, TestResult& result) {
    const SourceManager& sources = workspace_.sources();
    std::string text = "expect " + SourceText(sources, expect.expectation->range);
    switch (expect.form) {
      case Form::kNeedsClocks:
        result.errors.push_back(Problem{
            expect.step_range, text, fmt::format("{} {}", expect.reason, kNeedsClocks), {}});
        return;
      case Form::kUnsupported:
        result.errors.push_back(Problem{expect.step_range, text, expect.reason, {}});
        return;
      case Form::kTarget:
        CheckTarget(expect, text, result);
        return;
      case Form::kProbe:
        break;
    }
    ++result.checked;
    if (slots_[probe_slots_[expect.probe]] != 0) {
      return;
    }
    Problem problem{expect.step_range, text, "the condition is false", {}};
    for (int operand : {expect.lhs, expect.rhs}) {
      if (operand < 0) {
        continue;
      }
      const ast::Expr& expr = *probe_infos_[operand].expr;
      std::string value = ProbeValue(operand);
      problem.details.push_back(fmt::format("`{}` is {}", SourceText(sources, expr.range), value));
      ExplainScore(expr, *probe_infos_[operand].scope, problem.details);
    }
    if (!problem.details.empty()) {
      problem.message = problem.details.front();
      problem.details.erase(problem.details.begin());
    }
    result.failures.push_back(std::move(problem));
  }

  // For a score, each rule's contribution.
  void ExplainScore(const ast::Expr& expr, FileAnalysis& scope, std::vector<std::string>& details) {
    if (expr.kind != ast::ExprKind::kName) {
      return;
    }
    const ValueSymbol* symbol = scope.SymbolOf(expr);
    if (symbol == nullptr || symbol->kind != ValueSymbol::Kind::kScore) {
      return;
    }
    std::string prefix = ast::As<ast::NameExpr>(expr).name.Joined() + "/";
    for (size_t i = 0; i < program_.results.size(); ++i) {
      const ir::ResultSlot& slot = program_.results[i];
      if (slot.kind != ir::ResultSlot::Kind::kRuleContribution || !slot.name.starts_with(prefix)) {
        continue;
      }
      double points = std::bit_cast<double>(slots_[i]);
      details.push_back(fmt::format("rule \"{}\": {}{}", slot.name.substr(prefix.size()),
                                    points > 0 ? "+" : "", FormatNumber(points)));
    }
  }

  void CheckTarget(const ExpectPlan& expect, const std::string& text, TestResult& result) {
    ++result.checked;
    const SourceManager& sources = workspace_.sources();
    int tier_slot = -1;
    for (size_t i = 0; i < program_.results.size(); ++i) {
      const ir::ResultSlot& slot = program_.results[i];
      if (slot.kind == ir::ResultSlot::Kind::kTier && slot.name == expect.sla->name.text) {
        tier_slot = static_cast<int>(i);
      }
    }
    int64_t tier = tier_slot >= 0 ? slots_[tier_slot] : ir::kMissing;
    static const std::vector<ast::Tier> kNoTiers;
    const std::vector<ast::Tier>& tiers =
        expect.sla->targets.empty() ? kNoTiers : expect.sla->targets.front().tiers;
    if (tier < 0 || static_cast<size_t>(tier) >= tiers.size()) {
      if (!expect.negated) {
        result.failures.push_back(
            Problem{expect.step_range, text, "no tier of the SLA applies to this lead", {}});
      }
      return;
    }
    const ast::Tier& chosen = tiers[static_cast<size_t>(tier)];
    std::optional<TargetSpec> actual;
    if (chosen.target.single && chosen.target.single->kind == ast::SimpleTargetKind::kDuration) {
      actual = SpecOf(*chosen.target.single->duration);
    }
    TargetSpec expected = *SpecOf(*expect.expected_target);
    bool equal = actual && actual->ms == expected.ms && actual->business == expected.business &&
                 (expected.calendar.empty() || expected.calendar == actual->calendar);
    if (equal != expect.negated) {
      return;
    }
    std::string tier_name =
        chosen.condition ? SourceText(sources, chosen.condition->range) : "otherwise";
    result.failures.push_back(
        Problem{expect.step_range,
                text,
                fmt::format("the target is `{}` (tier `{}`)",
                            SourceText(sources, chosen.target.range), tier_name),
                {}});
  }

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
};

}  // namespace

RunResult RunTests(Workspace& workspace, const std::vector<LoadedFile*>& files,
                   const RunOptions& options, DiagnosticSink& sink) {
  // Tests are grouped by the policy they run against, in the order the files were given.
  std::vector<std::unique_ptr<PolicyRun>> runs;
  std::map<const LoadedFile*, PolicyRun*> by_policy;
  std::set<const LoadedFile*> seen;
  for (LoadedFile* file : files) {
    if (!seen.insert(file).second) {
      continue;
    }
    LoadedFile* policy = PolicyOf(workspace, *file);
    if (policy == nullptr) {
      continue;
    }
    for (const ast::DeclPtr& decl : file->ast.decls) {
      if (decl->kind != ast::DeclKind::kTest) {
        continue;
      }
      const auto& test = ast::As<ast::TestDecl>(*decl);
      if (options.select && !options.select(test.name.value)) {
        continue;
      }
      PolicyRun*& run = by_policy[policy];
      if (run == nullptr) {
        runs.push_back(std::make_unique<PolicyRun>(workspace, *policy, sink));
        run = runs.back().get();
      }
      run->Plan(*file, test);
    }
  }

  RunResult result;
  for (const auto& run : runs) {
    run->Run(result.tests, result.coverage);
  }
  return result;
}

}  // namespace slac::testing
