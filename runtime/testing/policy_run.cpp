#include "testing/policy_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "interp/interp.h"

namespace slac::testing {
namespace {

// The built-in kind of a stage change made by a person; it reaches the clocks as a
// transition, not the lead's activity history, as in replay.
constexpr const char* kMovedKind = "moved";

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

// An attribute value as the clocks compare it with a trigger's constant.
std::string AttributeText(const TestValue& value) {
  switch (value.kind) {
    case TestValue::Kind::kString:
    case TestValue::Kind::kSymbol:
      return value.text;
    case TestValue::Kind::kBool:
      return value.integer != 0 ? "true" : "false";
    case TestValue::Kind::kNumber:
      return FormatNumber(value.number);
    default:
      return std::to_string(value.integer);
  }
}

void Append(sla::Outputs& to, const sla::Outputs& from) {
  to.actions.insert(to.actions.end(), from.actions.begin(), from.actions.end());
  to.violations.insert(to.violations.end(), from.violations.begin(), from.violations.end());
}

}  // namespace

PolicyRun::PolicyRun(Workspace& workspace, LoadedFile& policy, DiagnosticSink& sink)
    : workspace_(workspace), policy_(policy), analysis_(workspace.AnalysisOf(policy)), sink_(sink) {
  const ast::PolicyFile& ast = policy.ast;
  if (ast.header) {
    policy_name_ = ast.header->name.Joined();
    if (ast.header->timezone) {
      timezone_ = ast.header->timezone->value;
    }
  }
}

void PolicyRun::Plan(LoadedFile& file, const ast::TestDecl& test) {
  TestPlan plan;
  plan.file = &file;
  plan.test = &test;
  plan.scope = &workspace_.AnalysisOf(file);
  ProbeAdder add_probe = [this](const ast::Expr& expr, FileAnalysis& scope) {
    return AddProbe(&expr, scope);
  };
  auto plan_steps = [&](const std::vector<ast::TestStep>& steps, std::vector<ExpectPlan>& into) {
    for (const ast::TestStep& step : steps) {
      if (step.kind == ast::TestStepKind::kExpect) {
        into.push_back(PlanExpectation(step, *plan.scope, policy_.ast, add_probe));
      }
    }
  };
  plan_steps(test.steps, plan.expects);
  for (const ast::AfterStep& after : test.after_steps) {
    plan.after_expects.emplace_back();
    plan_steps(after.steps, plan.after_expects.back());
  }
  plans_.push_back(std::move(plan));
}

void PolicyRun::Run(std::vector<TestResult>& results, std::vector<PolicyCoverage>& coverage) {
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

int PolicyRun::AddProbe(const ast::Expr* expr, FileAnalysis& scope) {
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

TestResult PolicyRun::Start(const TestPlan& plan) const {
  TestResult result;
  result.name = plan.test->name.value;
  result.policy = policy_name_;
  result.policy_path = policy_.path;
  result.range = plan.test->range;
  return result;
}

void PolicyRun::Finish(TestResult& result) {
  result.outcome = !result.failures.empty() ? Outcome::kFailed
                   : !result.errors.empty() ? Outcome::kError
                                            : Outcome::kPassed;
}

// Builds the lead, evaluates it at the test's instant, starts it on the clocks and checks
// the opening expectations; then runs each `after` step.
void PolicyRun::RunTest(const TestPlan& plan, TestResult& result) {
  const ast::TestDecl& test = *plan.test;
  LiteralContext context{timezone_, 0};
  const ast::TestStep* at = nullptr;
  for (const ast::TestStep& step : test.steps) {
    if (step.kind == ast::TestStepKind::kAt && at != nullptr) {
      result.errors.push_back(
          Problem{step.range, "", "the test already has its starting instant; give `at` once", {}});
      return;
    }
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

  clock_ = TestClock::Create(program_, error);
  if (!clock_) {
    result.errors.push_back(
        Problem{test.range, "", fmt::format("the SLA clocks cannot start: {}", error), {}});
    return;
  }

  // The opening steps: the lead's fields, and its history of events.
  builder_->Reset();
  std::set<std::string> given;
  std::vector<TestEvent> events;
  for (const ast::TestStep& step : test.steps) {
    if (step.kind == ast::TestStepKind::kLead) {
      SetFields(step, context, given, result);
    } else if (step.kind == ast::TestStepKind::kEvents) {
      DecodeEvents(step, context, events, result);
    }
  }
  for (const TestEvent& event : events) {
    if (event.at_ms > context.now_ms) {
      // A later event belongs to the step it happens in, where the clocks reach it.
      result.errors.push_back(
          Problem{event.range,
                  "",
                  fmt::format("the event `{}` falls after the test's instant `at`; give it in an "
                              "`after` step, which moves the clock to it",
                              event.kind),
                  {}});
    } else if (event.kind != kMovedKind && !AddToRecord(event)) {
      result.errors.push_back(
          Problem{event.range, "", fmt::format("cannot add the event `{}`", event.kind), {}});
    }
  }
  if (!result.errors.empty() || !CheckFieldsGiven(plan, given, result)) {
    return;
  }

  // The clocks first see the lead at `at`, with the events before it as its history: its
  // SLAs start from what the evaluator decides then. Events at `at` or later (`at now`)
  // and every stage change then reach the clocks in time order, from `at` on.
  Evaluate(context.now_ms);
  clock_->Update(context.now_ms, slots_);
  std::stable_sort(events.begin(), events.end(),
                   [](const TestEvent& a, const TestEvent& b) { return a.at_ms < b.at_ms; });
  for (const TestEvent& event : events) {
    if (event.kind == kMovedKind || event.at_ms >= context.now_ms) {
      int64_t at_ms = std::max(event.at_ms, context.now_ms);
      clock_->AdvanceTo(at_ms);
      Feed(TestEvent{event.kind, at_ms, event.attributes, event.range}, false);
    }
  }
  // The record did not change since the evaluation above, nor did `now`: its results
  // stand for the opening expectations.
  StepOutputs outputs;
  TakeOutputs(outputs);
  Check(plan.expects, outputs, true, result);

  for (size_t i = 0; i < test.after_steps.size(); ++i) {
    if (!RunAfter(plan, i, context, outputs, result)) {
      return;
    }
  }
}

// Advances the clock by the step's duration, feeds the step's events and field changes
// in time order, and checks its expectations. False when the step could not run.
bool PolicyRun::RunAfter(const TestPlan& plan, size_t index, LiteralContext& context,
                         StepOutputs& outputs, TestResult& result) {
  const ast::AfterStep& after = plan.test->after_steps[index];
  std::string error;
  std::optional<int64_t> later;
  if (std::optional<TargetSpec> spec = SpecOf(*after.advance); spec && spec->ms >= 0) {
    later = clock_->Later(context.now_ms, spec->ms, spec->business, spec->calendar, error);
  } else {
    error =
        "`after` takes a duration to move the clock forward by, such as `30m` or "
        "`4h business sales_hours`";
  }
  if (!later) {
    result.errors.push_back(Problem{
        after.range, "", fmt::format("{}; the steps from here on were not run", error), {}});
    return false;
  }
  int64_t previous_ms = context.now_ms;
  context.now_ms = *later;

  // Offsets in the step count back from its instant, but no further than the step before:
  // what happened then was already checked, and the clocks never move back.
  std::set<std::string> given;
  std::vector<TestEvent> events;
  const ast::TestStep* fields = nullptr;
  for (const ast::TestStep& step : after.steps) {
    if (step.kind == ast::TestStepKind::kEvents) {
      DecodeEvents(step, context, events, result);
    } else if (step.kind == ast::TestStepKind::kLead) {
      fields = &step;
    } else if (step.kind == ast::TestStepKind::kAt) {
      result.errors.push_back(Problem{
          step.range, "", "`at` sets the test's starting instant; it belongs before `after`", {}});
    }
  }
  for (const TestEvent& event : events) {
    if (event.at_ms < previous_ms) {
      std::string when = FormatInstantIn(event.at_ms, timezone_);
      std::string before = FormatInstantIn(previous_ms, timezone_);
      result.errors.push_back(Problem{
          event.range,
          "",
          fmt::format("the event `{}` falls at {}, before the previous step at {}; an event "
                      "in an `after` step happens within that step",
                      event.kind, when, before),
          {}});
    }
  }
  if (!result.errors.empty()) {
    return false;
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const TestEvent& a, const TestEvent& b) { return a.at_ms < b.at_ms; });
  for (const TestEvent& event : events) {
    if (event.kind != kMovedKind && !AddToRecord(event)) {
      result.errors.push_back(
          Problem{event.range, "", fmt::format("cannot add the event `{}`", event.kind), {}});
      return false;
    }
    int64_t at_ms = std::max(event.at_ms, clock_->now_ms());
    clock_->AdvanceTo(at_ms);
    Evaluate(at_ms);
    if (event.kind == kMovedKind) {
      clock_->Update(at_ms, slots_);
    }
    Feed(TestEvent{event.kind, at_ms, event.attributes, event.range}, event.kind != kMovedKind);
  }

  // Changed fields come last, at the step's instant, as an upsert would.
  clock_->AdvanceTo(context.now_ms);
  if (fields != nullptr) {
    SetFields(*fields, context, given, result);
    if (!result.errors.empty()) {
      return false;
    }
    Evaluate(context.now_ms);
    clock_->Update(context.now_ms, slots_);
  } else {
    // The step's expectations read the lead as it stands at the step's instant.
    Evaluate(context.now_ms);
  }
  TakeOutputs(outputs);
  Check(plan.after_expects[index], outputs, false, result);
  return true;
}

void PolicyRun::SetFields(const ast::TestStep& step, const LiteralContext& context,
                          std::set<std::string>& given, TestResult& result) {
  for (const ast::FieldValue& field : step.fields) {
    if (given.count(field.field.text) > 0) {
      result.errors.push_back(Problem{
          field.range, "", fmt::format("the field `{}` is given twice", field.field.text), {}});
      continue;
    }
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

bool PolicyRun::SetField(const std::string& name, const TestValue& value) {
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

bool PolicyRun::IsNumberField(const std::string& name) const {
  for (const ir::FieldLayout& field : program_.layout.fields) {
    if (field.name == name) {
      return field.type == ir::ValueType::kNumber;
    }
  }
  return false;
}

void PolicyRun::DecodeEvents(const ast::TestStep& step, const LiteralContext& context,
                             std::vector<TestEvent>& events, TestResult& result) const {
  for (const ast::EventValue& value : step.events) {
    for (const ast::ExprPtr& instant : value.instants) {
      std::string error;
      std::optional<TestValue> when = EvaluateLiteral(*instant, context, error);
      if (when && when->kind == TestValue::Kind::kDuration) {
        when->integer += context.now_ms;
      } else if (when && when->kind != TestValue::Kind::kTime) {
        when.reset();
        error = "an event happens at an instant or an offset such as `-5m`";
      }
      TestEvent event{value.event.kind.text, when ? when->integer : 0, {}, value.range};
      for (const ast::AttributeFilter& attribute : value.event.filters) {
        std::optional<TestValue> decoded =
            when ? EvaluateLiteral(*attribute.value, context, error) : std::nullopt;
        if (!decoded) {
          when.reset();
          break;
        }
        event.attributes.emplace_back(attribute.attribute.text, std::move(*decoded));
      }
      if (!when) {
        result.errors.push_back(Problem{
            value.range, "", fmt::format("cannot add the event `{}`: {}", event.kind, error), {}});
        continue;
      }
      if (std::string missing = MissingAttributes(event); !missing.empty()) {
        result.errors.push_back(Problem{value.range, "", missing, {}});
        continue;
      }
      events.push_back(std::move(event));
    }
  }
}

// An event states every attribute its kind declares, as a CRM's event would: one left out
// would make every rule that tests it silently false. Empty when none is missing.
std::string PolicyRun::MissingAttributes(const TestEvent& event) const {
  std::vector<std::string> missing;
  for (const ir::EventKindLayout& kind : program_.layout.event_kinds) {
    if (kind.name != event.kind || kind.name == kMovedKind) {
      continue;
    }
    for (const ir::FieldLayout& attribute : kind.attributes) {
      bool given = std::any_of(event.attributes.begin(), event.attributes.end(),
                               [&](const auto& value) { return value.first == attribute.name; });
      if (!given && !attribute.optional) {
        missing.push_back(fmt::format("`{}`", attribute.name));
      }
    }
  }
  if (missing.empty()) {
    return "";
  }
  return fmt::format("the event `{}` does not give {} {}; write it as `{}({}: ...)`", event.kind,
                     missing.size() == 1 ? "its attribute" : "its attributes",
                     fmt::join(missing, ", "), event.kind,
                     missing.front().substr(1, missing.front().size() - 2));
}

bool PolicyRun::AddToRecord(const TestEvent& event) {
  if (!builder_->AddEvent(event.kind, event.at_ms)) {
    return false;
  }
  for (const auto& [name, value] : event.attributes) {
    if (!SetAttribute(name, value)) {
      return false;
    }
  }
  return true;
}

bool PolicyRun::SetAttribute(const std::string& name, const TestValue& value) {
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

// Hands an event to the clocks: a `moved` event as a person's stage change, any other as
// an activity, with the evaluation it changed when `changed_results`. Coverage notes the
// disposition reasons this exercises.
void PolicyRun::Feed(const TestEvent& event, bool changed_results) {
  std::map<std::string, std::string> attributes;
  for (const auto& [name, value] : event.attributes) {
    attributes[name] = AttributeText(value);
  }
  if (event.kind != kMovedKind && changed_results) {
    clock_->Activity(event.at_ms, event.kind, attributes, slots_);
    return;
  }
  if (event.kind != kMovedKind) {
    clock_->Event(event.at_ms, event.kind, attributes);
    return;
  }
  clock_->Move(event.at_ms, attributes["to"], attributes["reason"], attributes["note"]);
  coverage_->RecordMove(attributes["to"], attributes["reason"]);
}

void PolicyRun::Evaluate(int64_t now_ms) {
  ir::Record record = builder_->Build();
  tables_->Update();
  slots_.assign(program_.results.size(), 0);
  interp::Evaluate(program_, *tables_, record, now_ms, registers_, slots_.data());
  coverage_->Record(program_, slots_, probe_slots_, coverage_probes_);
}

void PolicyRun::TakeOutputs(StepOutputs& outputs) {
  outputs.step = clock_->Take();
  for (const sla::ActionRecord& action : outputs.step.actions) {
    coverage_->RecordAction(action.sla, action.escalation);
  }
  Append(outputs.test, outputs.step);
}

// A required field the policy (or an expectation) reads must be given: a test states the
// facts that matter rather than leaving the evaluator to guess.
bool PolicyRun::CheckFieldsGiven(const TestPlan& plan, const std::set<std::string>& given,
                                 TestResult& result) {
  std::vector<int32_t> roots = policy_roots_;
  std::vector<const ExpectPlan*> expects;
  for (const ExpectPlan& expect : plan.expects) {
    expects.push_back(&expect);
  }
  for (const auto& step : plan.after_expects) {
    for (const ExpectPlan& expect : step) {
      expects.push_back(&expect);
    }
  }
  for (const ExpectPlan* expect : expects) {
    std::vector<int> probes = {expect->probe, expect->lhs, expect->rhs};
    std::vector<const Condition*> pending = {&expect->condition};
    while (!pending.empty()) {
      const Condition* condition = pending.back();
      pending.pop_back();
      probes.push_back(condition->probe);
      for (const Condition& operand : condition->operands) {
        pending.push_back(&operand);
      }
    }
    for (int probe : probes) {
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

}  // namespace slac::testing
