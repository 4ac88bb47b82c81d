#include "testing/test_clock.h"

#include <fmt/format.h>

#include <utility>

namespace slac::testing {

std::unique_ptr<TestClock> TestClock::Create(const ir::Program& program, std::string& error) {
  sla::EngineOrError engine = sla::Engine::Create(program);
  if (!engine.engine) {
    error = engine.error;
    return nullptr;
  }
  return std::unique_ptr<TestClock>(new TestClock(program, std::move(engine.engine)));
}

TestClock::TestClock(const ir::Program& program, std::unique_ptr<sla::Engine> engine)
    : program_(program), engine_(std::move(engine)) {}

std::optional<int64_t> TestClock::Later(int64_t from_ms, int64_t amount_ms, bool business,
                                        const std::string& calendar, std::string& error) const {
  // A century is more than any agreement runs for, and keeps every instant a test reaches
  // far inside what the clocks and calendars can count.
  constexpr int64_t kLongestStep = int64_t{100} * 366 * 86'400'000;
  if (amount_ms > kLongestStep) {
    error = "an `after` step moves the clock 100 years at most";
    return std::nullopt;
  }
  if (!business) {
    return from_ms + amount_ms;
  }

  // `after D business CAL` counts in the same calendars as the clocks.
  const std::vector<calendar::Calendar>& calendars = engine_->calendars();
  const calendar::Calendar* chosen = nullptr;
  if (calendar.empty()) {
    if (calendars.size() != 1) {
      error = calendars.empty()
                  ? "the policy has no calendar to count business time in"
                  : "the policy has several calendars; name the one to count business time in, "
                    "as in `after 1h business sales_hours`";
      return std::nullopt;
    }
    chosen = &calendars.front();
  }
  for (const calendar::Calendar& candidate : calendars) {
    if (candidate.name() == calendar) {
      chosen = &candidate;
    }
  }
  if (chosen == nullptr) {
    error = fmt::format("the policy has no calendar `{}`", calendar);
    return std::nullopt;
  }

  int64_t later = chosen->Add(from_ms, amount_ms);
  if (later == calendar::kNever) {
    error = fmt::format("the calendar `{}` never opens again", chosen->name());
    return std::nullopt;
  }
  return later;
}

void TestClock::AdvanceTo(int64_t t_ms) {
  if (t_ms > engine_->now_ms()) {
    engine_->AdvanceTo(t_ms);
  }
}

void TestClock::Update(int64_t t_ms, const std::vector<int64_t>& results) {
  engine_->Update(kTestLead, t_ms, results);
}

void TestClock::Event(int64_t t_ms, const std::string& kind,
                      const std::map<std::string, std::string>& attributes) {
  engine_->Event(kTestLead, t_ms, kind, attributes);
}

void TestClock::Activity(int64_t t_ms, const std::string& kind,
                         const std::map<std::string, std::string>& attributes,
                         const std::vector<int64_t>& results) {
  engine_->Activity(kTestLead, t_ms, kind, attributes, results);
}

void TestClock::Move(int64_t t_ms, const std::string& to, const std::string& reason,
                     const std::string& note) {
  engine_->Transition(kTestLead, t_ms, to, reason, note);
}

std::string TestClock::Stage() const { return engine_->StageOf(kTestLead); }

std::optional<sla::ClockView> TestClock::View(const std::string& sla) const {
  return engine_->View(kTestLead, sla, engine_->now_ms());
}

bool TestClock::CountsBusinessTime(const std::string& sla, const sla::ClockView& view) const {
  for (const ir::SlaPlan& plan : program_.plan.slas) {
    if (plan.name != sla) {
      continue;
    }
    for (const ir::TierPlan& tier : plan.tiers) {
      if (tier.name != view.tier) {
        continue;
      }
      bool stepped = view.step > 0 && static_cast<size_t>(view.step) <= tier.steps.size();
      const ir::TargetPlan& target = stepped ? tier.steps[view.step - 1].target : tier.target;
      return target.calendar >= 0;
    }
  }
  return false;
}

bool TestClock::Met(const std::string& sla) const {
  std::optional<sla::ClockView> view = View(sla);
  auto outcome = last_outcomes_.find(sla);
  if (!view || outcome == last_outcomes_.end()) {
    return false;
  }
  const sla::OutcomeRecord& last = outcome->second;
  bool met = last.kind == sla::OutcomeKind::kMet || last.kind == sla::OutcomeKind::kMetLate;
  return met && (!view->open || view->cycle > last.cycle);
}

sla::Outputs TestClock::Take() {
  sla::Outputs outputs = engine_->Drain();
  for (const sla::OutcomeRecord& outcome : outputs.outcomes) {
    last_outcomes_[outcome.sla] = outcome;
  }
  outputs.outcomes.clear();
  return outputs;
}

std::string ActionText(ir::ActionPlan::Kind kind, const std::string& argument) {
  switch (kind) {
    case ir::ActionPlan::Kind::kNotify:
      return "notify " + argument;
    case ir::ActionPlan::Kind::kReassign:
      return fmt::format("reassign queue \"{}\"", argument);
    case ir::ActionPlan::Kind::kFlag:
      return fmt::format("flag \"{}\"", argument);
    case ir::ActionPlan::Kind::kBreach:
      return "breach";
    case ir::ActionPlan::Kind::kRelease:
      return "release " + argument;
  }
  return "?";
}

std::string ActionText(const ast::Action& action) {
  switch (action.kind) {
    case ast::ActionKind::kNotify:
      return ActionText(ir::ActionPlan::Kind::kNotify, action.role.text);
    case ast::ActionKind::kReassign:
      return ActionText(ir::ActionPlan::Kind::kReassign, action.text.value);
    case ast::ActionKind::kFlag:
      return ActionText(ir::ActionPlan::Kind::kFlag, action.text.value);
    case ast::ActionKind::kBreach:
      return ActionText(ir::ActionPlan::Kind::kBreach, "");
    case ast::ActionKind::kRelease:
      return ActionText(ir::ActionPlan::Kind::kRelease, action.role.text);
  }
  return "?";
}

std::string ViolationText(const sla::ViolationRecord& violation) {
  switch (violation.kind) {
    case sla::ViolationKind::kTransitionNotInGraph:
      return fmt::format("the stage graph has no transition {} -> {}",
                         violation.from.empty() ? "(none)" : violation.from, violation.to);
    case sla::ViolationKind::kGuard:
      return violation.message;
    case sla::ViolationKind::kMissingReason:
      return fmt::format("entering {} needs a reason", violation.to);
    case sla::ViolationKind::kUnknownReason:
      return fmt::format("`{}` is not a reason for entering {}", violation.message, violation.to);
    case sla::ViolationKind::kMissingNote:
      return fmt::format("the reason `{}` needs a note", violation.message);
  }
  return "?";
}

}  // namespace slac::testing
