// The replay driver: feeds a CRM event stream through a policy's evaluator and SLA clock
// engine, in time order, and turns what the engine produces into JSON Lines records.
// Events may arrive out of order by up to a lateness bound behind the latest event seen;
// duplicates (by id), events later than that, events for leads never upserted and events
// the policy cannot read are reported as problems, counted, and not applied. Activity
// attributes the policy does not declare are reported, counted, and left out. No I/O
// happens here: records and problems go to the callbacks the host gives.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "ir/record_builder.h"
#include "ir/tables.h"
#include "replay/event_stream.h"
#include "sla/engine.h"

namespace slac::replay {

/// Something wrong with one input line; the line was not applied.
struct Problem {
  int64_t line = 0;
  std::string message;
};

/// What a replay counted, for its summary.
struct ReplayCounts {
  int64_t lines = 0;
  int64_t applied = 0;
  int64_t malformed = 0;
  int64_t duplicates = 0;
  int64_t too_late = 0;
  int64_t unknown_leads = 0;
  int64_t rejected = 0;
  /// Attributes of applied activities that their kind does not declare, left out.
  int64_t ignored_attributes = 0;
  /// Upsert values of the wrong type for their field.
  int64_t ignored_values = 0;
  int64_t after_until = 0;
  int64_t actions = 0;
  int64_t outcomes = 0;
  int64_t violations = 0;
};

struct ReplayOptions {
  /// How far behind the latest event seen before it an event may be and still be applied.
  int64_t lateness_ms = 0;
  /// Events after this instant are not applied; the clocks stop here. kNever for none.
  int64_t until_ms = calendar::kNever;
};

class Replayer {
 public:
  using RecordSink = std::function<void(const std::string& json_line)>;
  using ProblemSink = std::function<void(const Problem& problem)>;

  /// `program` must outlive the replayer. Fails like sla::Engine::Create.
  static std::unique_ptr<Replayer> Create(const ir::Program& program, ReplayOptions options,
                                          RecordSink records, ProblemSink problems,
                                          std::string& error);

  /// Takes one line of the stream (numbered from 1); blank lines are skipped.
  void FeedLine(std::string_view text, int64_t line);
  /// Takes one parsed event.
  void Feed(CrmEvent event);
  /// Applies every buffered event and closes the run at `until` (or the last event's
  /// instant), reporting clocks still open past their target as breached_open.
  void Finish();

  const ReplayCounts& counts() const { return counts_; }
  /// Whether an event id was already taken, for resuming.
  bool Seen(const std::string& id) const { return seen_.count(id) > 0; }

 private:
  struct Lead {
    std::map<std::string, Value> fields;
    struct Activity {
      std::string kind;
      int64_t at_ms;
      std::map<std::string, Value> attributes;
    };
    std::vector<Activity> activities;
    std::string owner;
    std::string manager;
    bool complete = false;
  };
  struct Pending {
    int64_t at_ms;
    int64_t sequence;
    std::shared_ptr<CrmEvent> event;
    bool operator>(const Pending& other) const {
      return at_ms != other.at_ms ? at_ms > other.at_ms : sequence > other.sequence;
    }
  };

  Replayer(const ir::Program& program, ReplayOptions options, RecordSink records,
           ProblemSink problems);
  void Release(int64_t up_to_ms);
  void Apply(const CrmEvent& event);
  /// Evaluates `lead` at `t_ms` into `results_`; false, with the problem reported, when a
  /// required field has no value yet.
  bool Evaluate(const std::string& id, Lead& lead, int64_t t_ms, int64_t line);
  /// The policy's field `name`; null when it declares none.
  const ir::FieldLayout* FieldNamed(const std::string& name) const;
  /// Why an upsert's `value` for `field` cannot be used, or "".
  std::string UpsertProblem(const ir::FieldLayout& field, const Value& value);
  /// Sets `field` of the record being built to `value`; false when it does not fit.
  bool SetField(const ir::FieldLayout& field, const Value& value);
  void Flush();
  /// The threshold of the escalation that fired `action`, as the policy writes it.
  std::string Threshold(const sla::ActionRecord& action) const;
  void Report(int64_t line, std::string message);

  const ir::Program& program_;
  ReplayOptions options_;
  RecordSink records_;
  ProblemSink problems_;
  std::unique_ptr<sla::Engine> engine_;
  ir::StringPool pool_;
  std::unique_ptr<ir::Tables> tables_;
  std::unique_ptr<ir::RecordBuilder> builder_;
  std::vector<int64_t> registers_;
  std::vector<int64_t> results_;
  std::map<std::string, Lead> leads_;
  std::set<std::string> seen_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> pending_;
  int64_t sequence_ = 0;
  int64_t latest_ms_ = calendar::kNever;
  ReplayCounts counts_;
  /// Upserted fields the policy does not declare, each reported once.
  std::set<std::string> unknown_fields_;
};

}  // namespace slac::replay
