// The SLA clock engine: runs a policy's SLA clocks, escalations, guards and dispositions
// for many leads on a virtual clock. It does no I/O and keeps no wall-clock time: a host
// (replay, the test runner, a live service) feeds it evaluator results, events and stage
// transitions in time order, advances it to an instant, and collects the actions,
// outcomes and violations it produced.
//
// Semantics, per lead:
// - Stages. A lead starts in the graph's first stage. The evaluator's qualified stage
//   moves it when that qualification changes and the new stage is reachable from the
//   current one in the graph; a person's transition moves it to any stage (a transition
//   the graph lacks is a violation, and the move still happens, as it did in the CRM).
// - Start. An SLA starts on its start triggers when every `applies when` holds; the tier
//   and its target are fixed then. A start trigger while the SLA's clock is open is
//   ignored: the open obligation continues.
// - Met. A met-by trigger closes the open clock as met, or met late when it had already
//   breached. Leaving the stage that started an SLA cancels its open clock, unless the
//   stage entered meets it. With `every D` a met cycle starts the next one at once.
// - Touch sequences. Step 1 starts with the SLA; each later step starts when the step
//   before it is met, by the Nth event of the step's kind since the sequence started.
// - Time. A target counts wall-clock time or a calendar's opening hours; `same business
//   day` and `next business day` are due at that day's closing, and their percents are
//   fractions of the opening hours until then. `pause while` stops every clock of the SLA
//   while it holds. Escalations fire once each, in time order, the instant their
//   threshold is reached; the SLA is breached the instant its elapsed time reaches its
//   target.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "ir/ir.h"
#include "sla/clock.h"

namespace slac::sla {

/// An escalation action due for the host to carry out.
struct ActionRecord {
  std::string lead;
  std::string sla;
  /// The touch step (1-based), or 0 for an SLA without steps.
  int32_t step = 0;
  /// The cycle of an `every` SLA (1-based); 1 otherwise.
  int32_t cycle = 1;
  ir::ActionPlan::Kind kind = ir::ActionPlan::Kind::kNotify;
  std::string argument;
  /// The instant the threshold was reached.
  int64_t due_ms = 0;
  /// Which of the SLA's escalation thresholds fired, in the order the policy lists them.
  int32_t escalation = 0;
};

enum class OutcomeKind : uint8_t { kMet, kMetLate, kBreachedOpen, kCancelled };

/// "met", "met_late", "breached_open", "cancelled".
const char* Name(OutcomeKind kind);
/// "notify", "reassign", "flag", "breach", "release".
const char* Name(ir::ActionPlan::Kind kind);

/// How one clock ended (or stood, for breached clocks still open at the end).
struct OutcomeRecord {
  std::string lead;
  std::string sla;
  int32_t step = 0;
  int32_t cycle = 1;
  OutcomeKind kind = OutcomeKind::kMet;
  std::string tier;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  /// Elapsed and target time on the target's clock (opening hours for business targets).
  int64_t elapsed_ms = 0;
  int64_t target_ms = 0;
  /// When the clock breached; calendar::kNever when it did not.
  int64_t breached_ms = calendar::kNever;
};

enum class ViolationKind : uint8_t {
  kTransitionNotInGraph,
  kGuard,
  kMissingReason,
  kUnknownReason,
  kMissingNote,
};

/// "transition", "guard", "missing_reason", "unknown_reason", "missing_note".
const char* Name(ViolationKind kind);

struct ViolationRecord {
  std::string lead;
  ViolationKind kind = ViolationKind::kGuard;
  std::string from;
  std::string to;
  /// The guard's message, or the reason that was not allowed.
  std::string message;
  int64_t at_ms = 0;
};

/// What the engine produced since it was last drained, in the order it happened.
struct Outputs {
  std::vector<ActionRecord> actions;
  std::vector<OutcomeRecord> outcomes;
  std::vector<ViolationRecord> violations;
};

/// The state of a lead's latest clock of one SLA, for tests and inspection.
struct ClockView {
  std::string tier;
  int32_t step = 0;
  int32_t cycle = 1;
  bool open = false;
  bool paused = false;
  bool breached = false;
  int64_t start_ms = 0;
  int64_t elapsed_ms = 0;
  int64_t target_ms = 0;
  /// The instant the target is (or was) reached, if it keeps running.
  int64_t due_ms = calendar::kNever;
};

class Engine;

/// The result of building an engine: the engine, or why it could not be built.
struct EngineOrError {
  std::unique_ptr<Engine> engine;
  std::string error;
};

class Engine {
 public:
  /// Builds an engine for `program`, which must outlive it. Fails when a calendar's time
  /// zone is unknown.
  static EngineOrError Create(const ir::Program& program);
  ~Engine();

  /// Fires every escalation and breach due at or before `t_ms`. Every other input calls
  /// it first, so inputs at an instant come after what is due at that instant.
  void AdvanceTo(int64_t t_ms);

  /// New evaluator results for `lead` at `t_ms` (one slot per `program.results`): moves
  /// its stage on a changed qualification, pauses or resumes its clocks.
  void Update(const std::string& lead, int64_t t_ms, const std::vector<int64_t>& results);

  /// An activity of `kind` with attributes as text: meets and starts SLAs, counts touches.
  void Event(const std::string& lead, int64_t t_ms, const std::string& kind,
             const std::map<std::string, std::string>& attributes);

  /// An activity that also changed the lead's evaluator results (`results`, as for
  /// Update): what it meets is met first, then the results move the lead's stage (which
  /// may cancel and start clocks), then it meets the clocks just started and starts what
  /// it starts. So an event that both answers an SLA and moves the lead out of the stage
  /// that started it meets the SLA instead of cancelling it.
  void Activity(const std::string& lead, int64_t t_ms, const std::string& kind,
                const std::map<std::string, std::string>& attributes,
                const std::vector<int64_t>& results);

  /// A person moved `lead` to stage `to`, with an optional disposition reason and note.
  /// Guards and dispositions are checked against the lead's latest results.
  void Transition(const std::string& lead, int64_t t_ms, const std::string& to,
                  const std::string& reason, const std::string& note);

  /// Advances to `t_ms`, then reports every breached clock still open as breached_open.
  void Finish(int64_t t_ms);

  /// Takes what was produced since the last call.
  Outputs Drain();

  /// The lead's current stage, or empty for a lead never seen.
  std::string StageOf(const std::string& lead) const;
  /// The latest clock of `sla` for `lead` as of instant `t_ms`.
  std::optional<ClockView> View(const std::string& lead, const std::string& sla,
                                int64_t t_ms) const;

  int64_t now_ms() const { return now_ms_; }
  /// The policy's calendars, in the order of `program.plan.calendars`.
  const std::vector<calendar::Calendar>& calendars() const { return calendars_; }
  size_t open_clocks() const { return open_clocks_; }

 private:
  struct Clock;
  struct Lead;
  struct Timer {
    int64_t due_ms;
    uint64_t clock_id;
    int32_t index;  // -1 for the breach, else the escalation
    uint64_t generation;
    bool operator>(const Timer& other) const;
  };

  explicit Engine(const ir::Program& program);
  Lead& LeadOf(const std::string& lead);
  void EnterStage(Lead& lead, int64_t t_ms, int32_t stage);
  void Start(Lead& lead, int32_t sla, int64_t t_ms, int32_t started_stage);
  void Met(Lead& lead, int32_t sla, int64_t t_ms);
  void MeetBy(Lead& lead, int64_t t_ms, const std::string& kind,
              const std::map<std::string, std::string>& attributes, const std::vector<bool>* only);
  void StartBy(Lead& lead, int64_t t_ms, const std::string& kind,
               const std::map<std::string, std::string>& attributes);
  void StartClock(Lead& lead, int32_t sla, int32_t tier, int32_t step, int32_t cycle, int64_t t_ms);
  void Close(Clock& clock, OutcomeKind kind, int64_t t_ms);
  void Schedule(Clock& clock);
  void Fire(const Timer& timer);
  TimeBase BaseOf(int32_t calendar) const;
  bool Reachable(int32_t from, int32_t to) const;
  bool Holds(const Lead& lead, const std::vector<int32_t>& results) const;

  const ir::Program& program_;
  std::vector<calendar::Calendar> calendars_;
  int32_t stage_result_ = -1;
  std::vector<std::vector<bool>> reachable_;
  std::map<std::string, std::unique_ptr<Lead>> leads_;
  /// Open clocks by id; leads own them.
  std::map<uint64_t, Clock*> clocks_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  uint64_t next_clock_id_ = 1;
  size_t open_clocks_ = 0;
  int64_t now_ms_ = INT64_MIN;
  Outputs outputs_;
  /// Scratch of `Activity`, kept to spare two allocations per event of a replay.
  std::vector<uint64_t> open_before_;
  std::vector<bool> started_;
};

}  // namespace slac::sla
