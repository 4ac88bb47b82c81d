// One test's lead on the SLA clocks. A test block runs its lead through the same clock
// engine as `slac replay`: the lead is evaluated when its data changes, its events and
// stage changes reach the engine in time order, and `after` steps move a virtual clock
// forward in calendar or business time, firing escalations on the way. This file is the
// runner's view of that engine: what it feeds it, and how it reads SLA state, actions and
// violations back as a test compares them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "calendar/calendar.h"
#include "ir/ir.h"
#include "sla/engine.h"

namespace slac::testing {

class TestClock {
 public:
  /// A clock for one lead of `program`, which must outlive it. Nothing, with `error` set,
  /// when the program's calendars cannot be built (an unknown time zone).
  static std::unique_ptr<TestClock> Create(const ir::Program& program, std::string& error);

  /// The instant `amount_ms` after `from_ms`: in calendar time, or in the opening hours of
  /// `calendar` when `business` is set (the policy's only calendar when `calendar` is
  /// empty). Nothing, with `error` set, when there is no such calendar or it never opens.
  std::optional<int64_t> Later(int64_t from_ms, int64_t amount_ms, bool business,
                               const std::string& calendar, std::string& error) const;

  /// Fires what is due up to `t_ms`; the clock never moves back.
  void AdvanceTo(int64_t t_ms);
  /// The lead's evaluator results changed at `t_ms`.
  void Update(int64_t t_ms, const std::vector<int64_t>& results);
  /// An activity of `kind` at `t_ms`, its attributes as text.
  void Event(int64_t t_ms, const std::string& kind,
             const std::map<std::string, std::string>& attributes);
  /// An activity that also changed the lead's evaluator results to `results`.
  void Activity(int64_t t_ms, const std::string& kind,
                const std::map<std::string, std::string>& attributes,
                const std::vector<int64_t>& results);
  /// A person moved the lead to `to` (a `moved` event).
  void Move(int64_t t_ms, const std::string& to, const std::string& reason,
            const std::string& note);

  int64_t now_ms() const { return engine_->now_ms(); }
  /// The lead's stage on the clocks: where its qualification and people moved it.
  std::string Stage() const;
  /// The latest clock of `sla` at the current instant; nothing before it started.
  std::optional<sla::ClockView> View(const std::string& sla) const;
  /// Whether `sla` was met, on time or late: its latest clock was stopped by what meets
  /// it, and no later step of a touch sequence is open (a recurring SLA's next cycle may
  /// be).
  bool Met(const std::string& sla) const;
  /// Whether the clock `view` shows of `sla` counts a calendar's opening hours; each step
  /// of a touch sequence has its own target and so its own measure.
  bool CountsBusinessTime(const std::string& sla, const sla::ClockView& view) const;

  /// Actions and violations since the last call; outcomes are kept for `Met`.
  sla::Outputs Take();

 private:
  TestClock(const ir::Program& program, std::unique_ptr<sla::Engine> engine);

  const ir::Program& program_;
  std::unique_ptr<sla::Engine> engine_;
  /// How the latest clock of each SLA ended, from the outcomes taken so far.
  std::map<std::string, sla::OutcomeRecord> last_outcomes_;
};

/// The lead name a test's records carry.
inline constexpr const char* kTestLead = "test";

/// An action as a policy writes it: `notify owner`, `reassign queue "overflow"`,
/// `flag "stale"`, `breach`, `release owner`.
std::string ActionText(ir::ActionPlan::Kind kind, const std::string& argument);
std::string ActionText(const ast::Action& action);

/// A violation as a test names it: a guard's message, or a sentence for a transition the
/// graph lacks and for a missing or unknown reason or a missing note.
std::string ViolationText(const sla::ViolationRecord& violation);

}  // namespace slac::testing
