// The SLA clock engine on a virtual clock: a small policy is compiled, its evaluator run
// by the interpreter on every change of a lead, and the engine's actions, outcomes and
// violations checked instant by instant.
#include "sla/engine.h"

#include <catch2/catch.hpp>

#include "eval_helpers.h"
#include "interp/interp.h"

namespace slac {
namespace {

using testing::Instant;
using testing::kHour;
using testing::kMinute;

const char* kPolicy = R"(policy t.clocks version 1.0.0
  timezone "America/New_York"

use std.holidays.us

lead {
  employees: int
}

events {
  demo_request
  waiting
  resumed
  ticket
  ping
  touch(channel: enum(email, phone))
}

calendar sales_hours {
  open mon..fri 09:00-18:00
  closed std.holidays.us.federal
}

segment enterprise when employees >= 1000

stages {
  new -> mql -> sal -> won
  mql -> recycled -> mql
  sal -> rejected
}

stage mql when any demo_request

sla first_touch {
  starts entering mql
  met by touch
  target {
    enterprise: 1h business sales_hours
    otherwise:  4h business sales_hours
  }
  escalate {
    at 80%:   notify owner
    at 100%:  notify manager, breach
    at 3h:    reassign queue "overflow"
  }
}

sla acceptance {
  starts entering mql
  met by entering sal, entering rejected
  target same business day sales_hours
  escalate {
    at 100%: flag "unaccepted"
  }
}

sla ticket_answer {
  starts ticket
  met by touch(channel: phone)
  applies when employees >= 10
  pause while any waiting and (not any resumed or since waiting < since resumed)
  target 2h
  escalate {
    at 100%: breach
  }
}

sla sequence {
  starts entering sal
  met by touch
  target {
    otherwise: touch 1 within 1h, touch 2 within 2h, touch 3 next business day sales_hours
  }
  escalate {
    at 100%: notify owner
  }
}

sla keep_in_touch {
  starts entering recycled
  met by ping
  every 30d
  escalate {
    at 100%: release owner
  }
}

guard mql -> recycled {
  require count touch in last 14d >= 2
    else "two touches are owed before recycling"
}

disposition rejected, recycled {
  reason in {timing, outside_icp, other}
  note required when reason == other
}
)";

class Harness {
 public:
  Harness() : compiled_(testing::CompileText(kPolicy)) {
    INFO(compiled_->Diagnostics());
    REQUIRE_FALSE(compiled_->sink.HasErrors());
    sla::EngineOrError built = sla::Engine::Create(compiled_->program);
    INFO(built.error);
    REQUIRE(built.engine);
    engine_ = std::move(built.engine);
    results_.resize(compiled_->program.results.size());
  }

  void SetEmployees(const std::string& lead, int64_t employees) { employees_[lead] = employees; }

  void Event(const std::string& lead, const std::string& at, const std::string& kind,
             std::map<std::string, std::string> attributes = {}) {
    int64_t t = Instant(at);
    events_[lead].push_back(Stored{kind, t, attributes});
    Evaluate(lead, t);
    engine_->Event(lead, t, kind, attributes);
  }

  void Transition(const std::string& lead, const std::string& at, const std::string& to,
                  const std::string& reason = "", const std::string& note = "") {
    int64_t t = Instant(at);
    Evaluate(lead, t);
    engine_->Transition(lead, t, to, reason, note);
  }

  sla::Engine& engine() { return *engine_; }

 private:
  struct Stored {
    std::string kind;
    int64_t at;
    std::map<std::string, std::string> attributes;
  };

  void Evaluate(const std::string& lead, int64_t t) {
    ir::RecordBuilder& builder = *compiled_->lead;
    builder.Reset();
    builder.SetInt("employees", employees_.count(lead) > 0 ? employees_[lead] : 50);
    for (const Stored& event : events_[lead]) {
      REQUIRE(builder.AddEvent(event.kind, event.at));
      for (const auto& [name, value] : event.attributes) {
        REQUIRE(builder.SetEventSymbol(name, value));
      }
    }
    ir::Record record = builder.Build();
    compiled_->tables->Update();
    interp::Evaluate(compiled_->program, *compiled_->tables, record, t, registers_,
                     results_.data());
    engine_->Update(lead, t, results_);
  }

  std::unique_ptr<testing::Compiled> compiled_;
  std::unique_ptr<sla::Engine> engine_;
  std::map<std::string, int64_t> employees_;
  std::map<std::string, std::vector<Stored>> events_;
  std::vector<int64_t> registers_;
  std::vector<int64_t> results_;
};

std::vector<std::string> Actions(const sla::Outputs& outputs, const std::string& sla) {
  std::vector<std::string> actions;
  for (const sla::ActionRecord& action : outputs.actions) {
    if (action.sla == sla) {
      actions.push_back(std::string(sla::Name(action.kind)) + " " + action.argument + " @" +
                        std::to_string(action.due_ms));
    }
  }
  return actions;
}

std::string Due(const std::string& kind, const std::string& argument, const std::string& at) {
  return kind + " " + argument + " @" + std::to_string(Instant(at));
}

TEST_CASE("an enterprise lead left alone on Friday evening escalates on Monday", "[sla]") {
  Harness harness;
  harness.SetEmployees("L1", 2000);
  harness.Event("L1", "2026-03-06T17:30:00-05:00", "demo_request");
  sla::Engine& engine = harness.engine();
  CHECK(engine.StageOf("L1") == "mql");

  // After 30 business minutes: Friday's closing; the clock stands over the weekend.
  int64_t friday_close = Instant("2026-03-06T18:00:00-05:00");
  engine.AdvanceTo(friday_close);
  auto view = engine.View("L1", "first_touch", Instant("2026-03-08T12:00:00-04:00"));
  REQUIRE(view);
  CHECK(view->tier == "enterprise");
  CHECK(view->target_ms == kHour);
  CHECK(view->elapsed_ms == 30 * kMinute);
  CHECK_FALSE(view->breached);
  CHECK(Actions(engine.Drain(), "first_touch").empty());

  // Monday 09:18 EDT is 80% of the hour; 09:30 is the breach.
  engine.AdvanceTo(Instant("2026-03-09T09:30:00-04:00"));
  // The offset escalation counts wall-clock time: three hours after the start, on Friday.
  CHECK(Actions(engine.Drain(), "first_touch") ==
        std::vector<std::string>{Due("reassign", "overflow", "2026-03-06T20:30:00-05:00"),
                                 Due("notify", "owner", "2026-03-09T09:18:00-04:00"),
                                 Due("notify", "manager", "2026-03-09T09:30:00-04:00"),
                                 Due("breach", "", "2026-03-09T09:30:00-04:00")});
  view = engine.View("L1", "first_touch", Instant("2026-03-09T09:30:00-04:00"));
  CHECK(view->breached);

  harness.Event("L1", "2026-03-09T10:00:00-04:00", "touch", {{"channel", "phone"}});
  sla::Outputs outputs = engine.Drain();
  REQUIRE(outputs.outcomes.size() == 1);
  CHECK(outputs.outcomes[0].sla == "first_touch");
  CHECK(outputs.outcomes[0].kind == sla::OutcomeKind::kMetLate);
  CHECK(outputs.outcomes[0].elapsed_ms == 90 * kMinute);
  CHECK(outputs.outcomes[0].breached_ms == Instant("2026-03-09T09:30:00-04:00"));
}

TEST_CASE("escalations fire once each, in time order, across leads", "[sla]") {
  Harness harness;
  harness.Event("A", "2026-03-10T09:00:00-04:00", "demo_request");
  harness.Event("B", "2026-03-10T10:00:00-04:00", "demo_request");
  sla::Engine& engine = harness.engine();
  engine.AdvanceTo(Instant("2026-03-10T13:00:00-04:00"));
  engine.AdvanceTo(Instant("2026-03-10T13:00:00-04:00"));
  sla::Outputs outputs = engine.Drain();
  std::vector<std::string> seen;
  for (const sla::ActionRecord& action : outputs.actions) {
    seen.push_back(action.lead + " " + action.sla + " " + sla::Name(action.kind) + " " +
                   action.argument);
  }
  // A: the 3h offset at 12:00, 80% of 4h at 12:12, 100% at 13:00; B: its 3h offset at
  // 13:00 too, after A's, whose clock started first.
  CHECK(seen == std::vector<std::string>{"A first_touch reassign overflow",
                                         "A first_touch notify owner",
                                         "A first_touch notify manager", "A first_touch breach ",
                                         "B first_touch reassign overflow"});
  CHECK(outputs.actions[0].due_ms == Instant("2026-03-10T12:00:00-04:00"));
  CHECK(outputs.actions[1].due_ms == Instant("2026-03-10T12:12:00-04:00"));
}

TEST_CASE("met, same business day and cancellation when the lead leaves the stage", "[sla]") {
  Harness harness;
  harness.Event("A", "2026-03-10T17:00:00-04:00", "demo_request");
  sla::Engine& engine = harness.engine();
  auto acceptance = engine.View("A", "acceptance", Instant("2026-03-10T17:00:00-04:00"));
  REQUIRE(acceptance);
  CHECK(acceptance->target_ms == kHour);
  CHECK(acceptance->due_ms == Instant("2026-03-10T18:00:00-04:00"));

  harness.Event("A", "2026-03-10T17:20:00-04:00", "touch", {{"channel", "email"}});
  harness.Transition("A", "2026-03-10T17:40:00-04:00", "sal");
  sla::Outputs outputs = engine.Drain();
  REQUIRE(outputs.outcomes.size() == 2);
  CHECK(outputs.outcomes[0].sla == "first_touch");
  CHECK(outputs.outcomes[0].kind == sla::OutcomeKind::kMet);
  CHECK(outputs.outcomes[0].elapsed_ms == 20 * kMinute);
  CHECK(outputs.outcomes[1].sla == "acceptance");
  CHECK(outputs.outcomes[1].kind == sla::OutcomeKind::kMet);
  CHECK(outputs.outcomes[1].elapsed_ms == 40 * kMinute);
  CHECK(outputs.violations.empty());

  // A lead recycled with an open first_touch cancels it.
  harness.Event("B", "2026-03-10T10:00:00-04:00", "demo_request");
  harness.Transition("B", "2026-03-10T11:00:00-04:00", "recycled", "timing");
  outputs = engine.Drain();
  std::vector<std::string> outcomes;
  for (const auto& outcome : outputs.outcomes) {
    outcomes.push_back(outcome.sla + " " + sla::Name(outcome.kind));
  }
  CHECK(outcomes == std::vector<std::string>{"first_touch cancelled", "acceptance cancelled"});
  // Recycling without two touches breaks the guard.
  REQUIRE(outputs.violations.size() == 1);
  CHECK(outputs.violations[0].kind == sla::ViolationKind::kGuard);
  CHECK(outputs.violations[0].message == "two touches are owed before recycling");
  CHECK(outputs.violations[0].from == "mql");
}

TEST_CASE("dispositions need a known reason and, for some reasons, a note", "[sla]") {
  Harness harness;
  sla::Engine& engine = harness.engine();
  for (const char* lead : {"A", "B", "C", "D"}) {
    harness.Event(lead, "2026-03-10T10:00:00-04:00", "demo_request");
    harness.Transition(lead, "2026-03-10T10:10:00-04:00", "sal");
  }
  engine.Drain();
  harness.Transition("A", "2026-03-10T11:00:00-04:00", "rejected");
  harness.Transition("B", "2026-03-10T11:00:00-04:00", "rejected", "too_expensive");
  harness.Transition("C", "2026-03-10T11:00:00-04:00", "rejected", "other");
  harness.Transition("D", "2026-03-10T11:00:00-04:00", "rejected", "other", "bought elsewhere");
  harness.Transition("D", "2026-03-10T11:05:00-04:00", "won");
  sla::Outputs outputs = engine.Drain();
  std::vector<std::string> violations;
  for (const auto& violation : outputs.violations) {
    violations.push_back(violation.lead + " " + sla::Name(violation.kind) + " " +
                         violation.message);
  }
  CHECK(violations == std::vector<std::string>{"A missing_reason ",
                                               "B unknown_reason too_expensive",
                                               "C missing_note other",
                                               "D transition the stage graph has no such "
                                               "transition"});
  CHECK(engine.StageOf("D") == "won");
}

TEST_CASE("applies when exempts leads and pause while stops the clock", "[sla]") {
  Harness harness;
  sla::Engine& engine = harness.engine();
  harness.SetEmployees("small", 3);
  harness.Event("small", "2026-03-10T10:00:00Z", "ticket");
  CHECK_FALSE(engine.View("small", "ticket_answer", Instant("2026-03-10T10:00:00Z")));

  harness.Event("A", "2026-03-10T10:00:00Z", "ticket");
  harness.Event("A", "2026-03-10T10:30:00Z", "waiting");
  auto view = engine.View("A", "ticket_answer", Instant("2026-03-10T15:00:00Z"));
  REQUIRE(view);
  CHECK(view->paused);
  CHECK(view->elapsed_ms == 30 * kMinute);
  harness.Event("A", "2026-03-10T16:00:00Z", "resumed");
  view = engine.View("A", "ticket_answer", Instant("2026-03-10T16:00:00Z"));
  CHECK_FALSE(view->paused);
  CHECK(view->due_ms == Instant("2026-03-10T17:30:00Z"));
  engine.AdvanceTo(Instant("2026-03-10T17:29:59Z"));
  CHECK(engine.Drain().actions.empty());
  harness.Event("A", "2026-03-10T17:45:00Z", "touch", {{"channel", "phone"}});
  sla::Outputs outputs = engine.Drain();
  REQUIRE(outputs.actions.size() == 1);
  CHECK(outputs.actions[0].due_ms == Instant("2026-03-10T17:30:00Z"));
  REQUIRE(outputs.outcomes.size() == 1);
  CHECK(outputs.outcomes[0].kind == sla::OutcomeKind::kMetLate);
  CHECK(outputs.outcomes[0].elapsed_ms == 2 * kHour + 15 * kMinute);
}

TEST_CASE("a touch sequence runs one clock per step", "[sla]") {
  Harness harness;
  sla::Engine& engine = harness.engine();
  harness.Event("A", "2026-03-10T09:00:00-04:00", "demo_request");
  harness.Transition("A", "2026-03-10T09:05:00-04:00", "sal");
  harness.Event("A", "2026-03-10T09:30:00-04:00", "touch", {{"channel", "email"}});
  harness.Event("A", "2026-03-10T12:00:00-04:00", "touch", {{"channel", "phone"}});
  auto view = engine.View("A", "sequence", Instant("2026-03-10T12:00:00-04:00"));
  REQUIRE(view);
  CHECK(view->step == 3);
  // Step 3 is due at the end of the next business day after the second touch.
  CHECK(view->due_ms == Instant("2026-03-11T18:00:00-04:00"));
  engine.Finish(Instant("2026-03-12T00:00:00-04:00"));
  sla::Outputs outputs = engine.Drain();
  std::vector<std::string> steps;
  for (const auto& outcome : outputs.outcomes) {
    if (outcome.sla == "sequence") {
      steps.push_back(std::to_string(outcome.step) + " " + sla::Name(outcome.kind));
    }
  }
  CHECK(steps == std::vector<std::string>{"1 met", "2 met_late", "3 breached_open"});
  CHECK(Actions(outputs, "sequence") ==
        std::vector<std::string>{Due("notify", "owner", "2026-03-10T11:30:00-04:00"),
                                 Due("notify", "owner", "2026-03-11T18:00:00-04:00")});
}

TEST_CASE("every D repeats the obligation after each contact", "[sla]") {
  Harness harness;
  sla::Engine& engine = harness.engine();
  harness.Event("A", "2026-01-05T10:00:00Z", "demo_request");
  harness.Event("A", "2026-01-05T10:10:00Z", "touch", {{"channel", "phone"}});
  harness.Event("A", "2026-01-05T10:20:00Z", "touch", {{"channel", "email"}});
  harness.Transition("A", "2026-01-05T11:00:00Z", "recycled", "timing");
  harness.Event("A", "2026-01-20T11:00:00Z", "ping");
  engine.Finish(Instant("2026-03-01T00:00:00Z"));
  sla::Outputs outputs = engine.Drain();
  CHECK(outputs.violations.empty());
  std::vector<std::string> cycles;
  for (const auto& outcome : outputs.outcomes) {
    if (outcome.sla == "keep_in_touch") {
      cycles.push_back(std::to_string(outcome.cycle) + " " + sla::Name(outcome.kind));
    }
  }
  CHECK(cycles == std::vector<std::string>{"1 met", "2 breached_open"});
  CHECK(Actions(outputs, "keep_in_touch") ==
        std::vector<std::string>{Due("release", "owner", "2026-02-19T11:00:00Z")});
}

}  // namespace
}  // namespace slac
