#include "sla/engine.h"

#include <algorithm>
#include <cmath>

#include "diagnostics/check.h"

namespace slac::sla {

using calendar::kNever;

const char* Name(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::kMet:
      return "met";
    case OutcomeKind::kMetLate:
      return "met_late";
    case OutcomeKind::kBreachedOpen:
      return "breached_open";
    case OutcomeKind::kCancelled:
      return "cancelled";
  }
  return "?";
}

const char* Name(ir::ActionPlan::Kind kind) {
  switch (kind) {
    case ir::ActionPlan::Kind::kNotify:
      return "notify";
    case ir::ActionPlan::Kind::kReassign:
      return "reassign";
    case ir::ActionPlan::Kind::kFlag:
      return "flag";
    case ir::ActionPlan::Kind::kBreach:
      return "breach";
    case ir::ActionPlan::Kind::kRelease:
      return "release";
  }
  return "?";
}

const char* Name(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::kTransitionNotInGraph:
      return "transition";
    case ViolationKind::kGuard:
      return "guard";
    case ViolationKind::kMissingReason:
      return "missing_reason";
    case ViolationKind::kUnknownReason:
      return "unknown_reason";
    case ViolationKind::kMissingNote:
      return "missing_note";
  }
  return "?";
}

/// One running (or finished) obligation: a single target, one touch step, or one cycle.
struct Engine::Clock {
  Clock(int64_t start, TimeBase time_base) : start_ms(start), base(time_base), spans(start) {}

  uint64_t id = 0;
  Lead* lead = nullptr;
  int32_t sla = 0;
  int32_t tier = 0;
  int32_t step = 0;
  int32_t cycle = 1;
  /// The stage whose entry started the SLA; -1 when an event started it.
  int32_t started_stage = -1;
  int64_t start_ms = 0;
  TimeBase base;
  int64_t target_ms = 0;
  RunSpans spans;
  bool open = true;
  bool breached = false;
  int64_t breached_ms = kNever;
  int64_t end_ms = kNever;
  int64_t end_elapsed_ms = 0;
  /// Events of the touch sequence's kind counted since the sequence started.
  int64_t touches = 0;
  std::vector<bool> fired;
  uint64_t generation = 0;
  bool reported = false;
};

struct Engine::Lead {
  std::string name;
  int32_t stage = 0;
  int32_t qualified = -1;
  bool entered = false;
  std::vector<int64_t> results;
  /// The latest clock of each SLA, by the SLA's index in the plan.
  std::vector<std::unique_ptr<Clock>> clocks;
};

bool Engine::Timer::operator>(const Timer& other) const {
  if (due_ms != other.due_ms) {
    return due_ms > other.due_ms;
  }
  if (clock_id != other.clock_id) {
    return clock_id > other.clock_id;
  }
  return index > other.index;
}

EngineOrError Engine::Create(const ir::Program& program) {
  EngineOrError result;
  std::unique_ptr<Engine> engine(new Engine(program));
  for (const ir::CalendarPlan& plan : program.plan.calendars) {
    calendar::CalendarOrError built = calendar::Calendar::Create(plan);
    if (!built.calendar) {
      result.error = built.error;
      return result;
    }
    engine->calendars_.push_back(std::move(*built.calendar));
  }
  result.engine = std::move(engine);
  return result;
}

Engine::Engine(const ir::Program& program) : program_(program) {
  for (size_t i = 0; i < program.results.size(); ++i) {
    if (program.results[i].kind == ir::ResultSlot::Kind::kStage) {
      stage_result_ = static_cast<int32_t>(i);
    }
  }

  // Which stages can follow which, through any number of transitions.
  size_t count = program.stages.size();
  reachable_.assign(count, std::vector<bool>(count, false));
  auto index = [&](const std::string& name) {
    auto found = std::find(program.stages.begin(), program.stages.end(), name);
    return found == program.stages.end() ? -1 : static_cast<int>(found - program.stages.begin());
  };
  for (const auto& [from, to] : program.plan.transitions) {
    int a = index(from);
    int b = index(to);
    if (a >= 0 && b >= 0) {
      reachable_[a][b] = true;
    }
  }
  for (size_t k = 0; k < count; ++k) {
    for (size_t i = 0; i < count; ++i) {
      for (size_t j = 0; j < count; ++j) {
        if (reachable_[i][k] && reachable_[k][j]) {
          reachable_[i][j] = true;
        }
      }
    }
  }
}

Engine::~Engine() = default;

bool Engine::Reachable(int32_t from, int32_t to) const {
  if (from < 0 || to < 0 || static_cast<size_t>(from) >= reachable_.size() ||
      static_cast<size_t>(to) >= reachable_.size()) {
    return false;
  }
  return reachable_[from][to];
}

TimeBase Engine::BaseOf(int32_t calendar) const {
  if (calendar < 0 || static_cast<size_t>(calendar) >= calendars_.size()) {
    return TimeBase();
  }
  return TimeBase(&calendars_[calendar]);
}

// Whether every result in `results` holds for the lead (true for none).
bool Engine::Holds(const Lead& lead, const std::vector<int32_t>& results) const {
  for (int32_t result : results) {
    if (static_cast<size_t>(result) >= lead.results.size() || lead.results[result] != 1) {
      return false;
    }
  }
  return true;
}

namespace {

bool AnyHolds(const std::vector<int64_t>& values, const std::vector<int32_t>& results) {
  for (int32_t result : results) {
    if (static_cast<size_t>(result) < values.size() && values[result] == 1) {
      return true;
    }
  }
  return false;
}

bool Matches(const ir::TriggerPlan& trigger, const std::string& kind,
             const std::map<std::string, std::string>& attributes) {
  if (trigger.kind != ir::TriggerPlan::Kind::kEvent || trigger.name != kind) {
    return false;
  }
  for (const ir::TriggerPlan::Filter& filter : trigger.filters) {
    auto value = attributes.find(filter.attribute);
    if (value == attributes.end() || value->second != filter.value) {
      return false;
    }
  }
  return true;
}

bool Enters(const std::vector<ir::TriggerPlan>& triggers, const std::string& stage) {
  return std::any_of(triggers.begin(), triggers.end(), [&](const ir::TriggerPlan& trigger) {
    return trigger.kind == ir::TriggerPlan::Kind::kEnterStage && trigger.name == stage;
  });
}

}  // namespace

Engine::Lead& Engine::LeadOf(const std::string& name) {
  auto [it, inserted] = leads_.try_emplace(name);
  if (inserted) {
    it->second = std::make_unique<Lead>();
    it->second->name = name;
    it->second->clocks.resize(program_.plan.slas.size());
  }
  return *it->second;
}

void Engine::AdvanceTo(int64_t t_ms) {
  while (!timers_.empty() && timers_.top().due_ms <= t_ms) {
    Timer timer = timers_.top();
    timers_.pop();
    Fire(timer);
  }
  now_ms_ = std::max(now_ms_, t_ms);
}

void Engine::Fire(const Timer& timer) {
  auto found = clocks_.find(timer.clock_id);
  if (found == clocks_.end() || found->second->generation != timer.generation) {
    return;  // The clock closed, or was paused or resumed since this was scheduled.
  }
  Clock& clock = *found->second;
  if (timer.index < 0) {
    clock.breached = true;
    clock.breached_ms = timer.due_ms;
    return;
  }
  clock.fired[timer.index] = true;
  const ir::SlaPlan& sla = program_.plan.slas[clock.sla];
  for (const ir::ActionPlan& action : sla.escalations[timer.index].actions) {
    outputs_.actions.push_back(ActionRecord{clock.lead->name, sla.name, clock.step, clock.cycle,
                                            action.kind, action.argument, timer.due_ms,
                                            timer.index});
  }
}

void Engine::Schedule(Clock& clock) {
  ++clock.generation;
  if (!clock.open || !clock.spans.running()) {
    return;
  }
  auto push = [&](int64_t due, int32_t index) {
    if (due != kNever) {
      timers_.push(Timer{due, clock.id, index, clock.generation});
    }
  };
  if (!clock.breached && clock.target_ms != kNever) {
    push(clock.spans.DueAt(clock.base, clock.target_ms), -1);
  }
  const ir::SlaPlan& sla = program_.plan.slas[clock.sla];
  for (size_t i = 0; i < sla.escalations.size(); ++i) {
    if (clock.fired[i]) {
      continue;
    }
    const ir::EscalationPlan& escalation = sla.escalations[i];
    if (escalation.percent) {
      if (clock.target_ms == kNever) {
        continue;
      }
      auto amount = static_cast<int64_t>(
          std::llround(escalation.fraction * static_cast<double>(clock.target_ms)));
      push(clock.spans.DueAt(clock.base, amount), static_cast<int32_t>(i));
    } else {
      TimeBase base = escalation.business ? BaseOf(escalation.calendar) : TimeBase();
      push(clock.spans.DueAt(base, escalation.offset_ms), static_cast<int32_t>(i));
    }
  }
}

void Engine::StartClock(Lead& lead, int32_t sla_index, int32_t tier_index, int32_t step,
                        int32_t cycle, int64_t t_ms) {
  const ir::SlaPlan& sla = program_.plan.slas[sla_index];
  const ir::TierPlan& tier = sla.tiers[tier_index];
  const ir::TargetPlan& target = step > 0 ? tier.steps[step - 1].target : tier.target;

  TimeBase base = BaseOf(target.calendar);
  int64_t target_ms = target.duration_ms;
  if (target.kind != ir::TargetPlan::Kind::kDuration) {
    // A business-day target is due at a closing time; on its calendar's clock that is the
    // opening time left until then.
    const calendar::Calendar* calendar = base.calendar();
    int64_t deadline = kNever;
    if (calendar != nullptr) {
      deadline = target.kind == ir::TargetPlan::Kind::kSameBusinessDay
                     ? calendar->EndOfBusinessDay(t_ms)
                     : calendar->EndOfNextBusinessDay(t_ms);
    }
    target_ms = deadline == kNever ? kNever : calendar->Elapsed(t_ms, deadline);
  }

  auto clock = std::make_unique<Clock>(t_ms, base);
  clock->id = next_clock_id_++;
  clock->lead = &lead;
  clock->sla = sla_index;
  clock->tier = tier_index;
  clock->step = step;
  clock->cycle = cycle;
  clock->target_ms = target_ms;
  clock->fired.assign(sla.escalations.size(), false);
  if (AnyHolds(lead.results, sla.pause_results)) {
    clock->spans.Pause(t_ms);
  }
  Clock& placed = *clock;
  if (const auto& previous = lead.clocks[sla_index]) {
    placed.started_stage = previous->open ? -1 : previous->started_stage;
    placed.touches = previous->touches;
  }
  lead.clocks[sla_index] = std::move(clock);
  clocks_[placed.id] = &placed;
  ++open_clocks_;
  Schedule(placed);
}

void Engine::Start(Lead& lead, int32_t sla_index, int64_t t_ms, int32_t started_stage) {
  const ir::SlaPlan& sla = program_.plan.slas[sla_index];
  const auto& current = lead.clocks[sla_index];
  if ((current && current->open) || sla.tiers.empty() || !Holds(lead, sla.applies_results)) {
    return;
  }
  int64_t tier = 0;
  if (sla.tier_result >= 0) {
    tier = static_cast<size_t>(sla.tier_result) < lead.results.size()
               ? lead.results[sla.tier_result]
               : ir::kMissing;
  }
  if (tier < 0 || static_cast<size_t>(tier) >= sla.tiers.size()) {
    return;  // No tier covers the lead: sema reports such policies.
  }
  bool steps = !sla.tiers[tier].steps.empty();
  StartClock(lead, sla_index, static_cast<int32_t>(tier), steps ? 1 : 0, 1, t_ms);
  // A fresh sequence counts its touches from zero.
  lead.clocks[sla_index]->started_stage = started_stage;
  lead.clocks[sla_index]->touches = 0;
}

void Engine::Close(Clock& clock, OutcomeKind kind, int64_t t_ms) {
  if (kind == OutcomeKind::kMet && clock.breached) {
    kind = OutcomeKind::kMetLate;
  }
  const ir::SlaPlan& sla = program_.plan.slas[clock.sla];
  clock.open = false;
  clock.end_ms = t_ms;
  clock.end_elapsed_ms = clock.spans.Elapsed(clock.base, t_ms);
  outputs_.outcomes.push_back(OutcomeRecord{
      clock.lead->name, sla.name, clock.step, clock.cycle, kind, sla.tiers[clock.tier].name,
      clock.start_ms, t_ms, clock.end_elapsed_ms, clock.target_ms, clock.breached_ms});
  clocks_.erase(clock.id);
  --open_clocks_;
  ++clock.generation;
}

void Engine::EnterStage(Lead& lead, int64_t t_ms, int32_t stage) {
  int32_t from = lead.entered ? lead.stage : -1;
  lead.stage = stage;
  lead.entered = true;
  const std::string& name = program_.stages[stage];

  for (size_t i = 0; i < program_.plan.slas.size(); ++i) {
    const ir::SlaPlan& sla = program_.plan.slas[i];
    Clock* clock = lead.clocks[i].get();
    if (clock == nullptr || !clock->open) {
      continue;
    }
    if (Enters(sla.met_by, name)) {
      Met(lead, static_cast<int32_t>(i), t_ms);
    } else if (clock->started_stage >= 0 && clock->started_stage == from && from != stage) {
      Close(*clock, OutcomeKind::kCancelled, t_ms);
    }
  }
  for (size_t i = 0; i < program_.plan.slas.size(); ++i) {
    if (Enters(program_.plan.slas[i].starts, name)) {
      Start(lead, static_cast<int32_t>(i), t_ms, stage);
    }
  }
}

void Engine::Met(Lead& lead, int32_t sla_index, int64_t t_ms) {
  Clock& clock = *lead.clocks[sla_index];
  const ir::SlaPlan& sla = program_.plan.slas[sla_index];
  int32_t tier = clock.tier;
  int32_t step = clock.step;
  int32_t cycle = clock.cycle;
  Close(clock, OutcomeKind::kMet, t_ms);

  const auto& steps = sla.tiers[tier].steps;
  if (step > 0 && static_cast<size_t>(step) < steps.size()) {
    StartClock(lead, sla_index, tier, step + 1, cycle, t_ms);
  } else if (sla.every_ms > 0 && Holds(lead, sla.applies_results)) {
    StartClock(lead, sla_index, tier, steps.empty() ? 0 : 1, cycle + 1, t_ms);
    if (!steps.empty()) {
      lead.clocks[sla_index]->touches = 0;
    }
  }
}

void Engine::Update(const std::string& name, int64_t t_ms, const std::vector<int64_t>& results) {
  AdvanceTo(t_ms);
  Lead& lead = LeadOf(name);
  lead.results = results;
  if (!lead.entered && !program_.stages.empty()) {
    EnterStage(lead, t_ms, 0);
  }

  // A changed qualification moves the lead forward along the graph.
  if (stage_result_ >= 0 && static_cast<size_t>(stage_result_) < results.size()) {
    auto qualified = static_cast<int32_t>(results[stage_result_]);
    if (qualified != lead.qualified) {
      lead.qualified = qualified;
      if (qualified != lead.stage && Reachable(lead.stage, qualified)) {
        EnterStage(lead, t_ms, qualified);
      }
    }
  }

  for (size_t i = 0; i < program_.plan.slas.size(); ++i) {
    Clock* clock = lead.clocks[i].get();
    if (clock == nullptr || !clock->open) {
      continue;
    }
    bool paused = AnyHolds(results, program_.plan.slas[i].pause_results);
    if (paused == !clock->spans.running()) {
      continue;
    }
    if (paused) {
      clock->spans.Pause(t_ms);
    } else {
      clock->spans.Resume(t_ms);
    }
    Schedule(*clock);
  }
}

void Engine::Event(const std::string& name, int64_t t_ms, const std::string& kind,
                   const std::map<std::string, std::string>& attributes) {
  AdvanceTo(t_ms);
  Lead& lead = LeadOf(name);
  if (!lead.entered && !program_.stages.empty()) {
    EnterStage(lead, t_ms, 0);
  }
  MeetBy(lead, t_ms, kind, attributes, nullptr);
  StartBy(lead, t_ms, kind, attributes);
}

void Engine::Activity(const std::string& name, int64_t t_ms, const std::string& kind,
                      const std::map<std::string, std::string>& attributes,
                      const std::vector<int64_t>& results) {
  AdvanceTo(t_ms);
  Lead& lead = LeadOf(name);
  if (!lead.entered && !program_.stages.empty()) {
    EnterStage(lead, t_ms, 0);
  }

  // What the event meets comes first, so that a stage it moves the lead out of cannot
  // cancel the clock it answers.
  MeetBy(lead, t_ms, kind, attributes, nullptr);
  std::vector<uint64_t>& open_before = open_before_;
  open_before.assign(program_.plan.slas.size(), 0);
  for (size_t i = 0; i < open_before.size(); ++i) {
    const Clock* clock = lead.clocks[i].get();
    open_before[i] = clock != nullptr && clock->open ? clock->id : 0;
  }

  // Then the new results: a stage entered may start clocks, which the same event also
  // meets at once (a qualifying touch answers the lead it qualified).
  Update(name, t_ms, results);
  std::vector<bool>& started = started_;
  started.assign(open_before.size(), false);
  for (size_t i = 0; i < open_before.size(); ++i) {
    const Clock* clock = lead.clocks[i].get();
    started[i] = clock != nullptr && clock->open && clock->id != open_before[i];
  }
  MeetBy(lead, t_ms, kind, attributes, &started);
  StartBy(lead, t_ms, kind, attributes);
}

// Closes as met each open clock (of the SLAs in `only`, or all) the event meets, and
// counts it towards touch-sequence steps.
void Engine::MeetBy(Lead& lead, int64_t t_ms, const std::string& kind,
                    const std::map<std::string, std::string>& attributes,
                    const std::vector<bool>* only) {
  for (size_t i = 0; i < program_.plan.slas.size(); ++i) {
    const ir::SlaPlan& sla = program_.plan.slas[i];
    Clock* clock = lead.clocks[i].get();
    if (clock == nullptr || !clock->open || (only != nullptr && !(*only)[i])) {
      continue;
    }
    if (clock->step > 0) {
      const ir::TouchStepPlan& step = sla.tiers[clock->tier].steps[clock->step - 1];
      if (step.event == kind && ++clock->touches >= step.ordinal) {
        Met(lead, static_cast<int32_t>(i), t_ms);
      }
      continue;
    }
    bool met = std::any_of(sla.met_by.begin(), sla.met_by.end(),
                           [&](const auto& trigger) { return Matches(trigger, kind, attributes); });
    if (met) {
      Met(lead, static_cast<int32_t>(i), t_ms);
    }
  }
}

// Starts each SLA the event starts.
void Engine::StartBy(Lead& lead, int64_t t_ms, const std::string& kind,
                     const std::map<std::string, std::string>& attributes) {
  for (size_t i = 0; i < program_.plan.slas.size(); ++i) {
    const auto& starts = program_.plan.slas[i].starts;
    bool starts_now = std::any_of(starts.begin(), starts.end(), [&](const auto& trigger) {
      return Matches(trigger, kind, attributes);
    });
    if (starts_now) {
      Start(lead, static_cast<int32_t>(i), t_ms, -1);
    }
  }
}

void Engine::Transition(const std::string& name, int64_t t_ms, const std::string& to,
                        const std::string& reason, const std::string& note) {
  AdvanceTo(t_ms);
  Lead& lead = LeadOf(name);
  if (!lead.entered && !program_.stages.empty()) {
    EnterStage(lead, t_ms, 0);
  }
  const auto& stages = program_.stages;
  auto target = std::find(stages.begin(), stages.end(), to);
  std::string from = lead.entered ? stages[lead.stage] : std::string();
  auto violate = [&](ViolationKind kind, std::string message) {
    outputs_.violations.push_back(ViolationRecord{name, kind, from, to, std::move(message), t_ms});
  };
  if (target == stages.end()) {
    violate(ViolationKind::kTransitionNotInGraph, "no such stage");
    return;
  }

  const auto& transitions = program_.plan.transitions;
  if (std::find(transitions.begin(), transitions.end(), std::make_pair(from, to)) ==
      transitions.end()) {
    violate(ViolationKind::kTransitionNotInGraph, "the stage graph has no such transition");
  }
  for (const ir::GuardPlan& guard : program_.plan.guards) {
    if (guard.from != from || guard.to != to) {
      continue;
    }
    for (const ir::GuardPlan::Requirement& requirement : guard.requirements) {
      if (!Holds(lead, {requirement.result})) {
        violate(ViolationKind::kGuard, requirement.message);
      }
    }
  }
  for (const ir::DispositionPlan& disposition : program_.plan.dispositions) {
    if (std::find(disposition.stages.begin(), disposition.stages.end(), to) ==
        disposition.stages.end()) {
      continue;
    }
    if (reason.empty()) {
      violate(ViolationKind::kMissingReason, "");
      continue;
    }
    auto known = std::find(disposition.reasons.begin(), disposition.reasons.end(), reason);
    if (known == disposition.reasons.end()) {
      violate(ViolationKind::kUnknownReason, reason);
      continue;
    }
    size_t index = known - disposition.reasons.begin();
    bool note_required =
        disposition.note_always || AnyHolds(lead.results, disposition.note_results[index]);
    if (note_required && note.empty()) {
      violate(ViolationKind::kMissingNote, reason);
    }
  }
  EnterStage(lead, t_ms, static_cast<int32_t>(target - stages.begin()));
}

void Engine::Finish(int64_t t_ms) {
  AdvanceTo(t_ms);
  for (const auto& [name, lead] : leads_) {
    for (const auto& clock : lead->clocks) {
      if (!clock || !clock->open || !clock->breached || clock->reported) {
        continue;
      }
      clock->reported = true;
      const ir::SlaPlan& sla = program_.plan.slas[clock->sla];
      outputs_.outcomes.push_back(OutcomeRecord{
          name, sla.name, clock->step, clock->cycle, OutcomeKind::kBreachedOpen,
          sla.tiers[clock->tier].name, clock->start_ms, t_ms,
          clock->spans.Elapsed(clock->base, t_ms), clock->target_ms, clock->breached_ms});
    }
  }
}

Outputs Engine::Drain() {
  Outputs taken = std::move(outputs_);
  outputs_ = Outputs();
  return taken;
}

std::string Engine::StageOf(const std::string& name) const {
  auto found = leads_.find(name);
  if (found == leads_.end() || !found->second->entered) {
    return "";
  }
  return program_.stages[found->second->stage];
}

std::optional<ClockView> Engine::View(const std::string& name, const std::string& sla,
                                      int64_t t_ms) const {
  auto found = leads_.find(name);
  if (found == leads_.end()) {
    return std::nullopt;
  }
  for (size_t i = 0; i < program_.plan.slas.size(); ++i) {
    const Clock* clock = found->second->clocks[i].get();
    if (program_.plan.slas[i].name != sla || clock == nullptr) {
      continue;
    }
    ClockView view;
    view.tier = program_.plan.slas[i].tiers[clock->tier].name;
    view.step = clock->step;
    view.cycle = clock->cycle;
    view.open = clock->open;
    view.paused = clock->open && !clock->spans.running();
    view.start_ms = clock->start_ms;
    view.target_ms = clock->target_ms;
    view.elapsed_ms = clock->open ? clock->spans.Elapsed(clock->base, t_ms) : clock->end_elapsed_ms;
    view.breached = clock->breached || (clock->target_ms != kNever && clock->open &&
                                        view.elapsed_ms >= clock->target_ms);
    view.due_ms = clock->open && clock->target_ms != kNever
                      ? clock->spans.DueAt(clock->base, clock->target_ms)
                      : kNever;
    return view;
  }
  return std::nullopt;
}

}  // namespace slac::sla
