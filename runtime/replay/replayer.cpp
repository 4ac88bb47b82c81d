#include "replay/replayer.h"

#include <date/date.h>
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "interp/interp.h"
#include "parse/literals.h"

namespace slac::replay {
namespace {

using calendar::kNever;

// A date field written `YYYY-MM-DD`, as days since the epoch.
std::optional<int64_t> ParseDate(const std::string& text) {
  std::string reason;
  std::optional<ast::Date> parsed = literals::ParseDate(text, reason);
  if (!parsed) {
    return std::nullopt;
  }
  date::year_month_day day{date::year{parsed->year}, date::month{parsed->month},
                           date::day{parsed->day}};
  if (!day.ok()) {
    return std::nullopt;
  }
  return date::sys_days(day).time_since_epoch().count();
}

// Puts `value` into the slot form of `type`; false when it does not fit.
bool ToSlot(const Value& value, ir::ValueType type, int64_t& slot, double& number) {
  switch (type) {
    case ir::ValueType::kInt:
    case ir::ValueType::kDuration:
      if (value.kind == Value::Kind::kInt) {
        slot = value.integer;
        return true;
      }
      return value.kind == Value::Kind::kNumber && std::trunc(value.number) == value.number &&
             (slot = static_cast<int64_t>(value.number), true);
    case ir::ValueType::kNumber:
      if (value.kind == Value::Kind::kInt || value.kind == Value::Kind::kNumber) {
        number =
            value.kind == Value::Kind::kInt ? static_cast<double>(value.integer) : value.number;
        return true;
      }
      return false;
    case ir::ValueType::kTime:
      if (value.kind == Value::Kind::kString) {
        if (auto instant = ParseInstant(value.text)) {
          slot = *instant;
          return true;
        }
      }
      return false;
    case ir::ValueType::kDate:
      if (value.kind == Value::Kind::kString) {
        if (auto day = ParseDate(value.text)) {
          slot = *day;
          return true;
        }
      }
      return false;
    case ir::ValueType::kBool:
    case ir::ValueType::kString:
    case ir::ValueType::kEnum:
      return true;  // Set by text below.
  }
  return false;
}

const char* TypeName(ir::ValueType type) { return ir::Name(type); }

using ir::FormatDuration;

// The threshold of an escalation as the policy writes it: `80%`, `3h`, `8h business office`.
std::string ThresholdText(const ir::Plan& plan, const ir::EscalationPlan& escalation) {
  if (escalation.percent) {
    // Rounded so that a fraction such as 0.57 reads back as the `57%` it was written as.
    double percent = std::round(escalation.fraction * 100 * 1e6) / 1e6;
    return fmt::format("{}%", percent);
  }
  std::string text = FormatDuration(escalation.offset_ms);
  if (!escalation.business) {
    return text;
  }
  text += " business";
  if (escalation.calendar >= 0 &&
      static_cast<size_t>(escalation.calendar) < plan.calendars.size()) {
    text += " " + plan.calendars[static_cast<size_t>(escalation.calendar)].name;
  }
  return text;
}

}  // namespace

std::unique_ptr<Replayer> Replayer::Create(const ir::Program& program, ReplayOptions options,
                                           RecordSink records, ProblemSink problems,
                                           std::string& error) {
  std::unique_ptr<Replayer> replayer(
      new Replayer(program, options, std::move(records), std::move(problems)));
  sla::EngineOrError engine = sla::Engine::Create(program);
  if (!engine.engine) {
    error = engine.error;
    return nullptr;
  }
  replayer->engine_ = std::move(engine.engine);
  return replayer;
}

Replayer::Replayer(const ir::Program& program, ReplayOptions options, RecordSink records,
                   ProblemSink problems)
    : program_(program),
      options_(options),
      records_(std::move(records)),
      problems_(std::move(problems)),
      tables_(std::make_unique<ir::Tables>(program, pool_)),
      builder_(std::make_unique<ir::RecordBuilder>(program, pool_)),
      results_(program.results.size()) {}

void Replayer::Report(int64_t line, std::string message) {
  problems_(Problem{line, std::move(message)});
}

void Replayer::FeedLine(std::string_view text, int64_t line) {
  if (text.find_first_not_of(" \t\r") == std::string_view::npos) {
    return;  // Blank lines separate nothing and are skipped.
  }
  ParsedLine parsed = ParseEventLine(text, line);
  if (!parsed.event) {
    ++counts_.lines;
    ++counts_.malformed;
    Report(line, parsed.error);
    return;
  }
  Feed(std::move(*parsed.event));
}

void Replayer::Feed(CrmEvent event) {
  ++counts_.lines;
  if (!seen_.insert(event.id).second) {
    ++counts_.duplicates;
    Report(event.line, fmt::format("duplicate event id `{}`; skipped", event.id));
    return;
  }
  if (options_.until_ms != kNever && event.at_ms > options_.until_ms) {
    ++counts_.after_until;
    return;
  }
  // The bound is relative to the latest instant seen, not to the events applied so far:
  // the buffer releases events only up to that bound, so one within it can still take its
  // place in time order.
  if (latest_ms_ != kNever && event.at_ms < latest_ms_ &&
      latest_ms_ - event.at_ms > options_.lateness_ms) {
    ++counts_.too_late;
    Report(
        event.line,
        fmt::format("event `{}` at {} is {} behind an event at {} seen before it, more "
                    "than the lateness of {} allows; skipped",
                    event.id, FormatInstant(event.at_ms), FormatDuration(latest_ms_ - event.at_ms),
                    FormatInstant(latest_ms_), FormatDuration(options_.lateness_ms)));
    return;
  }
  latest_ms_ = std::max(latest_ms_, event.at_ms);
  int64_t at = event.at_ms;
  pending_.push(Pending{at, sequence_++, std::make_shared<CrmEvent>(std::move(event))});
  Release(latest_ms_ - options_.lateness_ms);
}

void Replayer::Release(int64_t up_to_ms) {
  while (!pending_.empty() && pending_.top().at_ms <= up_to_ms) {
    std::shared_ptr<CrmEvent> event = pending_.top().event;
    pending_.pop();
    Apply(*event);
    Flush();
  }
}

void Replayer::Finish() {
  Release(INT64_MAX);
  int64_t end = options_.until_ms != kNever ? options_.until_ms : latest_ms_;
  if (end != kNever) {
    engine_->Finish(end);
  }
  Flush();
}

const ir::FieldLayout* Replayer::FieldNamed(const std::string& name) const {
  for (const ir::FieldLayout& field : program_.layout.fields) {
    if (field.name == name) {
      return &field;
    }
  }
  return nullptr;
}

std::string Replayer::UpsertProblem(const ir::FieldLayout& field, const Value& value) {
  if (value.kind == Value::Kind::kNull) {
    return "";
  }
  // The builder is only borrowed: every evaluation resets it first.
  builder_->Reset();
  return SetField(field, value) ? ""
                                : fmt::format("field `{}` should be {}, not `{}`", field.name,
                                              TypeName(field.type), value.AsText());
}

bool Replayer::SetField(const ir::FieldLayout& field, const Value& value) {
  int64_t slot = 0;
  double number = 0;
  bool ok = ToSlot(value, field.type, slot, number);
  switch (field.type) {
    case ir::ValueType::kNumber:
      return ok && builder_->SetNumber(field.name, number);
    case ir::ValueType::kString:
      return value.kind == Value::Kind::kString && builder_->SetString(field.name, value.text);
    case ir::ValueType::kBool:
    case ir::ValueType::kEnum:
      return builder_->SetSymbol(field.name, value.AsText());
    default:
      return ok && builder_->SetInt(field.name, slot);
  }
}

bool Replayer::Evaluate(const std::string& id, Lead& lead, int64_t t_ms, int64_t line) {
  builder_->Reset();
  for (const ir::FieldLayout& field : program_.layout.fields) {
    auto found = lead.fields.find(field.name);
    if (found == lead.fields.end() || found->second.kind == Value::Kind::kNull) {
      if (!field.optional) {
        Report(line, fmt::format("lead `{}` has no value for the required field `{}`; not "
                                 "evaluated until it has one",
                                 id, field.name));
        return false;
      }
      continue;
    }
    const Value& value = found->second;
    if (!SetField(field, value)) {
      Report(line, fmt::format("lead `{}`: field `{}` should be {}, not `{}`; not evaluated", id,
                               field.name, TypeName(field.type), value.AsText()));
      return false;
    }
  }
  for (const Lead::Activity& activity : lead.activities) {
    builder_->AddEvent(activity.kind, activity.at_ms);
    for (const auto& [name, value] : activity.attributes) {
      if (value.kind == Value::Kind::kInt) {
        builder_->SetEventInt(name, value.integer);
      } else if (!builder_->SetEventSymbol(name, value.AsText())) {
        builder_->SetEventString(name, value.AsText());
      }
    }
  }
  ir::Record record = builder_->Build();
  tables_->Update();
  interp::Evaluate(program_, *tables_, record, t_ms, registers_, results_.data());
  return true;
}

void Replayer::Apply(const CrmEvent& event) {
  auto found = leads_.find(event.lead);
  if (event.type != CrmEvent::Type::kUpsert && found == leads_.end()) {
    ++counts_.unknown_leads;
    Report(event.line,
           fmt::format("event `{}` names lead `{}`, which no upsert has created; skipped", event.id,
                       event.lead));
    return;
  }
  Lead& lead = leads_[event.lead];
  std::map<std::string, std::string> attributes;
  switch (event.type) {
    case CrmEvent::Type::kUpsert:
      // Each value is checked here, on its own line: a value the policy cannot read is
      // reported and left out, so the lead keeps its previous one and later events are
      // not blamed for it.
      for (const auto& [name, value] : event.values) {
        // A CRM sends every field it has; one the policy does not declare is mentioned
        // once, in case it is a misspelling, and not held against the line.
        const ir::FieldLayout* field = FieldNamed(name);
        if (field == nullptr) {
          if (unknown_fields_.insert(name).second) {
            Report(event.line,
                   fmt::format("note: the policy declares no field `{}`; upserts of it are "
                               "ignored (said once)",
                               name));
          }
          continue;
        }
        if (std::string problem = UpsertProblem(*field, value); !problem.empty()) {
          ++counts_.ignored_values;
          Report(event.line, fmt::format("event `{}`: {}; the lead keeps its previous value",
                                         event.id, problem));
          continue;
        }
        lead.fields[name] = value;
      }
      break;
    case CrmEvent::Type::kActivity: {
      const ir::EventKindLayout* kind = nullptr;
      for (const ir::EventKindLayout& declared : program_.layout.event_kinds) {
        kind = declared.name == event.kind ? &declared : kind;
      }
      if (kind == nullptr) {
        ++counts_.rejected;
        Report(event.line, fmt::format("event `{}`: the policy declares no event `{}`; skipped",
                                       event.id, event.kind));
        return;
      }

      // A member the kind does not declare cannot matter to the policy, so the event is
      // applied without it; saying so catches a misspelt attribute.
      std::map<std::string, Value> values;
      for (const auto& [name, value] : event.values) {
        bool declared = false;
        std::string declared_names;
        for (const ir::FieldLayout& attribute : kind->attributes) {
          declared = declared || attribute.name == name;
          declared_names +=
              fmt::format("{}`{}`", declared_names.empty() ? "" : ", ", attribute.name);
        }
        if (!declared) {
          ++counts_.ignored_attributes;
          Report(event.line, fmt::format("event `{}`: the policy declares no attribute `{}` for "
                                         "`{}` (it declares {}); applied without it",
                                         event.id, name, event.kind,
                                         declared_names.empty() ? "none" : declared_names));
          continue;
        }
        attributes[name] = value.AsText();
        values[name] = value;
      }
      lead.activities.push_back(Lead::Activity{event.kind, event.at_ms, std::move(values)});
      break;
    }
    case CrmEvent::Type::kTransition:
    case CrmEvent::Type::kAssign:
      break;
  }
  if (event.type == CrmEvent::Type::kAssign) {
    lead.owner = event.owner.empty() ? lead.owner : event.owner;
    lead.manager = event.manager.empty() ? lead.manager : event.manager;
    ++counts_.applied;
    return;
  }

  if (!Evaluate(event.lead, lead, event.at_ms, event.line)) {
    // The activity stays in the lead's history: it happened, and the lead is evaluated
    // with it once its required fields are known.
    ++counts_.rejected;
    return;
  }
  ++counts_.applied;

  // An activity meets what it answers before its new results move the lead on, so a
  // stage change it causes cannot cancel the clock it meets.
  if (event.type == CrmEvent::Type::kActivity) {
    engine_->Activity(event.lead, event.at_ms, event.kind, attributes, results_);
    return;
  }
  engine_->Update(event.lead, event.at_ms, results_);
  if (event.type == CrmEvent::Type::kTransition) {
    engine_->Transition(event.lead, event.at_ms, event.to, event.reason, event.note);
  }
}

std::string Replayer::Threshold(const sla::ActionRecord& action) const {
  for (const ir::SlaPlan& sla : program_.plan.slas) {
    if (sla.name == action.sla && action.escalation >= 0 &&
        static_cast<size_t>(action.escalation) < sla.escalations.size()) {
      return ThresholdText(program_.plan, sla.escalations[static_cast<size_t>(action.escalation)]);
    }
  }
  return "";
}

void Replayer::Flush() {
  sla::Outputs outputs = engine_->Drain();
  for (const sla::ActionRecord& action : outputs.actions) {
    nlohmann::ordered_json record = {{"record", "action"},
                                     {"lead", action.lead},
                                     {"sla", action.sla},
                                     {"step", action.step},
                                     {"cycle", action.cycle},
                                     {"threshold", Threshold(action)},
                                     {"action", sla::Name(action.kind)},
                                     {"argument", action.argument},
                                     {"due", FormatInstant(action.due_ms)}};
    const Lead& lead = leads_[action.lead];
    if (!lead.owner.empty()) {
      record["owner"] = lead.owner;
    }
    if (!lead.manager.empty()) {
      record["manager"] = lead.manager;
    }
    records_(record.dump());
    ++counts_.actions;
  }
  for (const sla::ViolationRecord& violation : outputs.violations) {
    nlohmann::ordered_json record = {{"record", "violation"},
                                     {"lead", violation.lead},
                                     {"violation", sla::Name(violation.kind)},
                                     {"from", violation.from},
                                     {"to", violation.to},
                                     {"message", violation.message},
                                     {"at", FormatInstant(violation.at_ms)}};
    records_(record.dump());
    ++counts_.violations;
  }
  for (const sla::OutcomeRecord& outcome : outputs.outcomes) {
    nlohmann::ordered_json record = {{"record", "outcome"},
                                     {"lead", outcome.lead},
                                     {"sla", outcome.sla},
                                     {"step", outcome.step},
                                     {"cycle", outcome.cycle},
                                     {"outcome", sla::Name(outcome.kind)},
                                     {"tier", outcome.tier},
                                     {"start", FormatInstant(outcome.start_ms)},
                                     {"end", FormatInstant(outcome.end_ms)},
                                     {"elapsed_ms", outcome.elapsed_ms},
                                     {"target_ms", outcome.target_ms}};
    if (outcome.breached_ms != kNever) {
      record["breached_at"] = FormatInstant(outcome.breached_ms);
    }
    records_(record.dump());
    ++counts_.outcomes;
  }
}

}  // namespace slac::replay
