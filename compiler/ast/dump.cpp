#include "ast/dump.h"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/check.h"

namespace slac::ast {
namespace {

// ---- Atoms ----------------------------------------------------------------------------

// Escapes control characters so that every dumped string stays on its node's line.
std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\r') {
      quoted += "\\r";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      fmt::format_to(std::back_inserter(quoted), "\\x{:02x}", byte);
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

// Error recovery can leave a name empty; a visible marker keeps the columns of the line
// from collapsing into something that looks well formed.
std::string Ident(const Identifier& identifier) {
  return identifier.text.empty() ? "<missing>" : identifier.text;
}

std::string Name(const QualifiedName& name) {
  return name.parts.empty() ? "<missing>" : name.Joined();
}

std::string JoinIdents(const std::vector<Identifier>& identifiers, std::string_view separator) {
  std::string joined;
  for (const Identifier& identifier : identifiers) {
    if (!joined.empty()) {
      joined += separator;
    }
    joined += Ident(identifier);
  }
  return joined;
}

std::string FormatDate(const Date& date) {
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

bool IsSet(const Date& date) { return date.year != 0 || date.month != 0 || date.day != 0; }

// Seconds since midnight as HH:MM:SS.
std::string FormatClock(int64_t seconds) {
  const char* sign = seconds < 0 ? "-" : "";
  const int64_t magnitude = seconds < 0 ? -seconds : seconds;
  return fmt::format("{}{:02}:{:02}:{:02}", sign, magnitude / 3600, magnitude / 60 % 60,
                     magnitude % 60);
}

std::string TitleSuffix(const std::optional<StringValue>& title) {
  return title ? " " + Quote(title->value) : "";
}

// The type as it would be written, e.g. `enum(saas, fintech)?` or `set(string)`.
std::string TypeText(const TypeRef& type) {
  std::string text = type.is_enum ? "enum" : Ident(type.name);
  if (type.is_enum || !type.enum_values.empty()) {
    text += "(" + JoinIdents(type.enum_values, ", ") + ")";
  }
  if (type.argument) {
    text += "(" + TypeText(*type.argument) + ")";
  }
  if (type.optional) {
    text += "?";
  }
  return text;
}

// ---- Enum spellings -------------------------------------------------------------------

const char* UnaryTag(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNegate:
      return "neg";
    case UnaryOp::kPlus:
      return "pos";
    case UnaryOp::kNot:
      return "not";
  }
  SLAC_CHECK(false, "unary operator out of range");
  return "?";
}

const char* WindowTag(WindowOp op) {
  switch (op) {
    case WindowOp::kAny:
      return "any";
    case WindowOp::kEach:
      return "each";
    case WindowOp::kCount:
      return "count";
    case WindowOp::kDistinct:
      return "distinct";
  }
  SLAC_CHECK(false, "window operator out of range");
  return "?";
}

const char* SlaStateTag(SlaState state) {
  switch (state) {
    case SlaState::kBreached:
      return "breached";
    case SlaState::kMet:
      return "met";
  }
  SLAC_CHECK(false, "SLA state out of range");
  return "?";
}

const char* HolidayRuleTag(HolidayRuleKind kind) {
  switch (kind) {
    case HolidayRuleKind::kFixedDay:
      return "fixed-day";
    case HolidayRuleKind::kNthWeekday:
      return "nth-weekday";
    case HolidayRuleKind::kMovable:
      return "movable";
    case HolidayRuleKind::kOneOff:
      return "one-off";
  }
  SLAC_CHECK(false, "holiday rule kind out of range");
  return "?";
}

const char* SimpleTargetTag(SimpleTargetKind kind) {
  switch (kind) {
    case SimpleTargetKind::kDuration:
      return "within";
    case SimpleTargetKind::kSameBusinessDay:
      return "same-business-day";
    case SimpleTargetKind::kNextBusinessDay:
      return "next-business-day";
  }
  SLAC_CHECK(false, "target kind out of range");
  return "?";
}

const char* ActionTag(ActionKind kind) {
  switch (kind) {
    case ActionKind::kNotify:
      return "notify";
    case ActionKind::kReassign:
      return "reassign";
    case ActionKind::kFlag:
      return "flag";
    case ActionKind::kBreach:
      return "breach";
    case ActionKind::kRelease:
      return "release";
  }
  SLAC_CHECK(false, "action kind out of range");
  return "?";
}

const char* MetricTag(MetricKind kind) {
  switch (kind) {
    case MetricKind::kEntered:
      return "entered";
    case MetricKind::kMet:
      return "met";
    case MetricKind::kBreached:
      return "breached";
    case MetricKind::kFunction:
      return "function";
  }
  SLAC_CHECK(false, "metric kind out of range");
  return "?";
}

const char* ExpectationTag(ExpectationKind kind) {
  switch (kind) {
    case ExpectationKind::kCondition:
      return "condition";
    case ExpectationKind::kAction:
      return "action";
    case ExpectationKind::kViolation:
      return "violation";
  }
  SLAC_CHECK(false, "expectation kind out of range");
  return "?";
}

const char* TestStepTag(TestStepKind kind) {
  switch (kind) {
    case TestStepKind::kAt:
      return "at";
    case TestStepKind::kLead:
      return "lead";
    case TestStepKind::kEvents:
      return "events";
    case TestStepKind::kExpect:
      return "expect";
  }
  SLAC_CHECK(false, "test step kind out of range");
  return "?";
}

// ---- The tree -------------------------------------------------------------------------

// Writes one line per node. A node's line holds its tag and scalar fields; its children
// follow on deeper lines, and its closing parenthesis ends its last descendant's line.
//
// Fields that only some kinds of a node use (an action's role, a holiday rule's month)
// are printed for the kinds that use them, and for other kinds only when set, so a
// builder that fills the wrong field shows up in the dump instead of vanishing.
class Dumper {
 public:
  explicit Dumper(bool with_ranges) : with_ranges_(with_ranges) {}

  std::string Run(const PolicyFile& file) {
    OpenLabel("file");
    if (file.header) {
      Dump(*file.header);
    }
    for (const DeclPtr& decl : file.decls) {
      Dump(*decl);
    }
    Close();
    out_ += '\n';
    return std::move(out_);
  }

 private:
  // ---- Lines ----

  std::string RangeSuffix(const SourceRange& range) const {
    if (!with_ranges_) {
      return "";
    }
    return fmt::format(" @{}:{}-{}:{}", range.begin.line, range.begin.column, range.end.line,
                       range.end.column);
  }

  void StartLine(std::string_view head) {
    if (!out_.empty()) {
      out_ += '\n';
    }
    out_.append(2 * depth_, ' ');
    out_ += '(';
    out_ += head;
    ++depth_;
  }

  // Starts a node's line; its children follow until the matching Close.
  void Open(std::string_view head, const SourceRange& range) {
    StartLine(head);
    out_ += RangeSuffix(range);
  }

  // Starts a line that groups or labels children but is not a node with a range.
  void OpenLabel(std::string_view head) { StartLine(head); }

  void Close() {
    out_ += ')';
    --depth_;
  }

  void Leaf(std::string_view head, const SourceRange& range) {
    Open(head, range);
    Close();
  }

  void LeafLabel(std::string_view head) {
    OpenLabel(head);
    Close();
  }

  // Types are short and have no children, so they stay on their owner's line.
  std::string TypeInline(const TypeRef& type) const {
    return fmt::format("(type {}{})", TypeText(type), RangeSuffix(type.range));
  }

  // ---- Expressions ----

  // A required expression; a null pointer is a builder bug worth seeing, not a crash.
  void Dump(const ExprPtr& expr) {
    if (!expr) {
      LeafLabel("missing");
      return;
    }
    Dump(*expr);
  }

  void DumpIfPresent(const ExprPtr& expr) {
    if (expr) {
      Dump(*expr);
    }
  }

  void Dump(const Expr& expr) {
    const SourceRange& range = expr.range;
    switch (expr.kind) {
      case ExprKind::kInt:
        Leaf(fmt::format("int {}", As<IntLiteral>(expr).value), range);
        return;
      case ExprKind::kNumber:
        Leaf(fmt::format("number {}", As<NumberLiteral>(expr).value), range);
        return;
      case ExprKind::kPercent: {
        const auto& percent = As<PercentLiteral>(expr);
        Leaf(fmt::format("percent {} {}", percent.fraction, Quote(percent.text)), range);
        return;
      }
      case ExprKind::kDuration: {
        const auto& duration = As<DurationLiteral>(expr);
        Leaf(fmt::format("duration {}ms {}", duration.milliseconds, Quote(duration.text)), range);
        return;
      }
      case ExprKind::kString:
        Leaf("string " + Quote(As<StringLiteral>(expr).value), range);
        return;
      case ExprKind::kBool:
        Leaf(fmt::format("bool {}", As<BoolLiteral>(expr).value), range);
        return;
      case ExprKind::kDate:
        Leaf("date " + FormatDate(As<DateLiteral>(expr).date), range);
        return;
      case ExprKind::kInstant:
        Dump(As<InstantLiteral>(expr));
        return;
      case ExprKind::kTimeOfDay:
        Leaf("time " + FormatClock(As<TimeOfDayLiteral>(expr).seconds), range);
        return;
      case ExprKind::kNow:
        Leaf("now", range);
        return;
      case ExprKind::kName:
        Leaf("name " + Name(As<NameExpr>(expr).name), range);
        return;
      case ExprKind::kCall:
        Dump(As<CallExpr>(expr));
        return;
      case ExprKind::kSet:
        Open("set", range);
        for (const ExprPtr& element : As<SetExpr>(expr).elements) {
          Dump(element);
        }
        Close();
        return;
      case ExprKind::kUnary: {
        const auto& unary = As<UnaryExpr>(expr);
        Open(UnaryTag(unary.op), range);
        Dump(unary.operand);
        Close();
        return;
      }
      case ExprKind::kBinary: {
        const auto& binary = As<BinaryExpr>(expr);
        Open(Spelling(binary.op), range);
        Dump(binary.lhs);
        Dump(binary.rhs);
        Close();
        return;
      }
      case ExprKind::kMatches: {
        const auto& matches = As<MatchesExpr>(expr);
        Open(fmt::format("matches /{}/{}", matches.pattern, matches.flags), range);
        Dump(matches.subject);
        Close();
        return;
      }
      case ExprKind::kBusiness: {
        const auto& business = As<BusinessExpr>(expr);
        Open(business.calendar ? "business " + Ident(*business.calendar) : "business", range);
        Dump(business.duration);
        Close();
        return;
      }
      case ExprKind::kSlaState: {
        const auto& state = As<SlaStateExpr>(expr);
        Open(fmt::format("sla-state {}", SlaStateTag(state.state)), range);
        Dump(state.sla);
        Close();
        return;
      }
      case ExprKind::kWindow:
        Dump(As<WindowExpr>(expr));
        return;
      case ExprKind::kSince:
        Open("since", range);
        Dump(As<SinceExpr>(expr).event);
        Close();
        return;
      case ExprKind::kCase:
        Dump(As<CaseExpr>(expr));
        return;
      case ExprKind::kError:
        Leaf("error", range);
        return;
    }
    SLAC_CHECK(false, "expression kind out of range");
  }

  void Dump(const InstantLiteral& instant) {
    const std::string offset = instant.utc_offset_minutes
                                   ? fmt::format("offset {}", *instant.utc_offset_minutes)
                                   : "local";
    Leaf(fmt::format("instant {} {} {:+}ms {}", Quote(instant.text), FormatDate(instant.date),
                     instant.time_of_day_ms, offset),
         instant.range);
  }

  void Dump(const CallExpr& call) {
    Open("call " + Name(call.callee), call.range);
    for (const ExprPtr& argument : call.arguments) {
      Dump(argument);
    }
    Close();
  }

  void Dump(const EventPattern& event) {
    Open("event " + Ident(event.kind), event.range);
    for (const AttributeFilter& filter : event.filters) {
      OpenLabel("filter " + Ident(filter.attribute));
      Dump(filter.value);
      Close();
    }
    Close();
  }

  void Dump(const WindowExpr& window) {
    std::string head = fmt::format("window {}", WindowTag(window.op));
    if (window.op == WindowOp::kDistinct || window.attribute) {
      head += " " + (window.attribute ? Ident(*window.attribute) : std::string("<missing>"));
    }
    Open(head, window.range);
    Dump(window.event);
    if (window.within) {
      OpenLabel("in-last");
      Dump(*window.within);
      Close();
    }
    Close();
  }

  void Dump(const CaseExpr& case_expr) {
    Open("case", case_expr.range);
    for (const CaseArm& arm : case_expr.arms) {
      Open(arm.condition ? "arm" : "otherwise", arm.range);
      DumpIfPresent(arm.condition);
      Dump(arm.value);
      Close();
    }
    Close();
  }

  // ---- Header and declarations ----

  void Dump(const Header& header) {
    std::string head =
        fmt::format("header {} {}", header.is_module ? "module" : "policy", Name(header.name));
    if (!header.is_module || !header.version.value.empty()) {
      head += " version " + Quote(header.version.value);
    }
    if (header.owner) {
      head += " owner " + Quote(header.owner->value);
    }
    if (header.timezone) {
      head += " timezone " + Quote(header.timezone->value);
    }
    if (header.effective) {
      head += " effective " + FormatDate(*header.effective);
    }
    Leaf(head, header.range);
  }

  void Dump(const Decl& decl) {
    switch (decl.kind) {
      case DeclKind::kUse:
        Dump(As<UseDecl>(decl));
        return;
      case DeclKind::kLead:
        Open("lead", decl.range);
        for (const FieldDecl& field : As<LeadDecl>(decl).fields) {
          Dump(field);
        }
        Close();
        return;
      case DeclKind::kEvents:
        Dump(As<EventsDecl>(decl));
        return;
      case DeclKind::kCalendar:
        Dump(As<CalendarDecl>(decl));
        return;
      case DeclKind::kHolidays:
        Dump(As<HolidaysDecl>(decl));
        return;
      case DeclKind::kScore:
        Dump(As<ScoreDecl>(decl));
        return;
      case DeclKind::kSegment: {
        const auto& segment = As<SegmentDecl>(decl);
        Open("segment " + Ident(segment.name) + TitleSuffix(segment.title), decl.range);
        Dump(segment.condition);
        Close();
        return;
      }
      case DeclKind::kLet:
        Dump(As<LetDecl>(decl));
        return;
      case DeclKind::kStages:
        Open("stages", decl.range);
        for (const std::vector<Identifier>& chain : As<StagesDecl>(decl).chains) {
          LeafLabel("chain " + JoinIdents(chain, " -> "));
        }
        Close();
        return;
      case DeclKind::kStageRule: {
        const auto& rule = As<StageRuleDecl>(decl);
        Open("stage " + Ident(rule.stage), decl.range);
        Dump(rule.condition);
        Close();
        return;
      }
      case DeclKind::kSla:
        Dump(As<SlaDecl>(decl));
        return;
      case DeclKind::kGuard:
        Dump(As<GuardDecl>(decl));
        return;
      case DeclKind::kDisposition:
        Dump(As<DispositionDecl>(decl));
        return;
      case DeclKind::kCommitment:
        Dump(As<CommitmentDecl>(decl));
        return;
      case DeclKind::kTest:
        Dump(As<TestDecl>(decl));
        return;
    }
    SLAC_CHECK(false, "declaration kind out of range");
  }

  void Dump(const UseDecl& use) {
    std::string head = "use";
    if (use.module) {
      head += " module " + Name(*use.module);
    }
    if (use.path) {
      head += " path " + Quote(use.path->value);
    }
    if (use.alias) {
      head += " as " + Ident(*use.alias);
    }
    Leaf(head, use.range);
  }

  void Dump(const FieldDecl& field) {
    Leaf(fmt::format("field {} {}", Ident(field.name), TypeInline(field.type)), field.range);
  }

  void Dump(const EventsDecl& events) {
    Open("events", events.range);
    for (const EventKindDecl& kind : events.kinds) {
      Open("kind " + Ident(kind.name), kind.range);
      for (const FieldDecl& attribute : kind.attributes) {
        Dump(attribute);
      }
      Close();
    }
    Close();
  }

  // ---- Calendars and holidays ----

  void Dump(const CalendarDecl& calendar) {
    Open("calendar " + Ident(calendar.name), calendar.range);
    for (const OpenHours& open : calendar.open) {
      Open("open", open.range);
      for (const DayRange& days : open.days) {
        Leaf("days " + Ident(days.first) + (days.last ? ".." + Ident(*days.last) : ""), days.range);
      }
      for (const HoursRange& hours : open.hours) {
        Leaf(fmt::format("hours {}-{}", FormatClock(hours.open_seconds),
                         FormatClock(hours.close_seconds)),
             hours.range);
      }
      Close();
    }
    for (const ClosedItem& closed : calendar.closed) {
      std::string head = "closed";
      if (closed.first) {
        head += " " + FormatDate(*closed.first);
      }
      if (closed.last) {
        head += " to " + FormatDate(*closed.last);
      }
      if (closed.holidays) {
        head += " holidays " + Name(*closed.holidays);
      }
      Leaf(head, closed.range);
    }
    for (const StringValue& timezone : calendar.timezones) {
      Leaf("timezone " + Quote(timezone.value), timezone.range);
    }
    Close();
  }

  void Dump(const HolidaysDecl& holidays) {
    Open("holidays " + Ident(holidays.name) + TitleSuffix(holidays.title), holidays.range);
    for (const Holiday& holiday : holidays.holidays) {
      std::string head = "holiday " + Quote(holiday.label.value);
      if (holiday.observed) {
        head += " observed";
      }
      if (holiday.observed_rule) {
        head += " observed-rule " + Ident(*holiday.observed_rule);
      }
      if (holiday.from_year) {
        head += fmt::format(" from {}", *holiday.from_year);
      }
      Open(head, holiday.range);
      Dump(holiday.rule);
      Close();
    }
    Close();
  }

  void Dump(const HolidayRule& rule) {
    const bool fixed_day = rule.kind == HolidayRuleKind::kFixedDay;
    const bool nth_weekday = rule.kind == HolidayRuleKind::kNthWeekday;
    const bool movable = rule.kind == HolidayRuleKind::kMovable;
    const bool one_off = rule.kind == HolidayRuleKind::kOneOff;

    std::string head = fmt::format("rule {}", HolidayRuleTag(rule.kind));
    if (nth_weekday || !rule.ordinal.text.empty()) {
      head += " ordinal " + Ident(rule.ordinal);
    }
    if (nth_weekday || !rule.weekday.text.empty()) {
      head += " weekday " + Ident(rule.weekday);
    }
    if (fixed_day || nth_weekday || !rule.month.text.empty()) {
      head += " month " + Ident(rule.month);
    }
    if (fixed_day || rule.day != 0) {
      head += fmt::format(" day {}", rule.day);
    }
    if (movable || !rule.base.text.empty()) {
      head += " base " + Ident(rule.base);
    }
    if (movable || rule.offset_ms != 0) {
      head += fmt::format(" offset {:+}ms", rule.offset_ms);
    }
    if (one_off || IsSet(rule.date)) {
      head += " date " + FormatDate(rule.date);
    }
    Leaf(head, rule.range);
  }

  // ---- Scores, lets ----

  void Dump(const ScoreDecl& score) {
    Open(fmt::format("score {}{} {}..{}", Ident(score.name), TitleSuffix(score.title), score.min,
                     score.max),
         score.range);
    for (const ExprPtr& half_life : score.half_lives) {
      OpenLabel("decay-half-life");
      Dump(half_life);
      Close();
    }
    for (const ScoreRule& rule : score.rules) {
      std::string head = "rule" + TitleSuffix(rule.label) + fmt::format(" {:+}", rule.points);
      if (rule.cap) {
        head += fmt::format(" cap {}", *rule.cap);
      }
      Open(head, rule.range);
      Dump(rule.condition);
      Close();
    }
    Close();
  }

  void Dump(const LetDecl& let) {
    std::string head = "let " + Ident(let.name);
    if (let.type) {
      head += " " + TypeInline(*let.type);
    }
    Open(head, let.range);
    for (const Param& param : let.params) {
      LeafLabel(fmt::format("param {} {}", Ident(param.name), TypeInline(param.type)));
    }
    Dump(let.value);
    Close();
  }

  // ---- Service levels ----

  void Dump(const SlaDecl& sla) {
    Open("sla " + Ident(sla.name) + TitleSuffix(sla.title), sla.range);
    for (const TriggerClause& clause : sla.starts) {
      Dump("starts", clause);
    }
    for (const TriggerClause& clause : sla.met_by) {
      Dump("met-by", clause);
    }
    for (const TargetClause& clause : sla.targets) {
      Dump(clause);
    }
    for (const ExprClause& clause : sla.applies_when) {
      Dump("applies-when", clause);
    }
    for (const ExprClause& clause : sla.pause_while) {
      Dump("pause-while", clause);
    }
    for (const ExprClause& clause : sla.every) {
      Dump("every", clause);
    }
    for (const EscalateClause& clause : sla.escalations) {
      Dump(clause);
    }
    Close();
  }

  void Dump(std::string_view tag, const TriggerClause& clause) {
    Open(tag, clause.range);
    for (const SlaTrigger& trigger : clause.triggers) {
      std::string head = "trigger";
      if (trigger.entering) {
        head += " entering " + Ident(trigger.stage);
      } else if (!trigger.stage.text.empty()) {
        head += " stage " + Ident(trigger.stage);
      }
      Open(head, trigger.range);
      if (trigger.event) {
        Dump(*trigger.event);
      } else if (!trigger.entering) {
        LeafLabel("missing");
      }
      Close();
    }
    Close();
  }

  void Dump(std::string_view tag, const ExprClause& clause) {
    Open(tag, clause.range);
    Dump(clause.expr);
    Close();
  }

  void Dump(const TargetClause& clause) {
    Open(clause.tiered ? "target tiered" : "target", clause.range);
    for (const Tier& tier : clause.tiers) {
      Open(tier.condition ? "tier" : "tier otherwise", tier.range);
      DumpIfPresent(tier.condition);
      Dump(tier.target);
      Close();
    }
    Close();
  }

  void Dump(const Target& target) {
    Open("spec", target.range);
    if (target.single) {
      Dump(*target.single);
    }
    for (const TouchStep& step : target.steps) {
      Open(fmt::format("touch-step {} {}", Ident(step.event), step.ordinal), step.range);
      Dump(step.target);
      Close();
    }
    Close();
  }

  void Dump(const SimpleTarget& target) {
    std::string head = SimpleTargetTag(target.kind);
    if (target.calendar) {
      head += " calendar " + Ident(*target.calendar);
    }
    Open(head, target.range);
    if (target.kind == SimpleTargetKind::kDuration) {
      Dump(target.duration);
    } else {
      DumpIfPresent(target.duration);
    }
    Close();
  }

  void Dump(const EscalateClause& clause) {
    Open("escalate", clause.range);
    for (const Escalation& step : clause.steps) {
      Open("at", step.range);
      Dump(step.threshold);
      for (const Action& action : step.actions) {
        Dump(action);
      }
      Close();
    }
    Close();
  }

  void Dump(const Action& action) {
    const bool uses_role =
        action.kind == ActionKind::kNotify || action.kind == ActionKind::kRelease;
    const bool uses_text = action.kind == ActionKind::kReassign || action.kind == ActionKind::kFlag;

    std::string head = ActionTag(action.kind);
    if (uses_role) {
      head += " " + Ident(action.role);
    } else if (!action.role.text.empty()) {
      head += " role " + Ident(action.role);
    }
    if (uses_text) {
      head += " " + Quote(action.text.value);
    } else if (!action.text.value.empty()) {
      head += " text " + Quote(action.text.value);
    }
    Leaf(head, action.range);
  }

  // ---- Guards, dispositions, commitments ----

  void Dump(const GuardDecl& guard) {
    Open(fmt::format("guard {} -> {}", Ident(guard.from), Ident(guard.to)), guard.range);
    for (const Requirement& requirement : guard.requirements) {
      Open("require " + Quote(requirement.message.value), requirement.range);
      Dump(requirement.condition);
      Close();
    }
    Close();
  }

  void Dump(const DispositionDecl& disposition) {
    Open("disposition " + JoinIdents(disposition.stages, ", "), disposition.range);
    for (const ExprPtr& reasons : disposition.reason_sets) {
      OpenLabel("reason-in");
      Dump(reasons);
      Close();
    }
    for (const NoteRule& note : disposition.note_rules) {
      Open("note-required", note.range);
      DumpIfPresent(note.when);
      Close();
    }
    Close();
  }

  void Dump(const CommitmentDecl& commitment) {
    Open(fmt::format("commitment {} {}", Ident(commitment.team), Ident(commitment.period)),
         commitment.range);
    for (const CommitmentTarget& target : commitment.targets) {
      Open(fmt::format("commit {}", Spelling(target.op)), target.range);
      Dump(target.metric);
      Dump(target.value);
      Close();
    }
    Close();
  }

  void Dump(const Metric& metric) {
    Open(fmt::format("{} {}", MetricTag(metric.kind), Ident(metric.name)), metric.range);
    for (const Metric& argument : metric.arguments) {
      Dump(argument);
    }
    Close();
  }

  // ---- Tests ----

  void Dump(const TestDecl& test) {
    Open("test " + Quote(test.name.value), test.range);
    for (const TestStep& step : test.steps) {
      Dump(step);
    }
    for (const AfterStep& after : test.after_steps) {
      Open("after", after.range);
      Dump(after.advance);
      for (const TestStep& step : after.steps) {
        Dump(step);
      }
      Close();
    }
    Close();
  }

  void Dump(const TestStep& step) {
    Open(fmt::format("step {}", TestStepTag(step.kind)), step.range);
    if (step.kind == TestStepKind::kAt) {
      Dump(step.at);
    } else {
      DumpIfPresent(step.at);
    }
    for (const FieldValue& field : step.fields) {
      Open("value " + Ident(field.field), field.range);
      Dump(field.value);
      Close();
    }
    for (const EventValue& event : step.events) {
      Open("event-value", event.range);
      Dump(event.event);
      for (const ExprPtr& instant : event.instants) {
        Dump(instant);
      }
      Close();
    }
    if (step.kind == TestStepKind::kExpect) {
      Dump(step.expectation);
    }
    Close();
  }

  void Dump(const Expectation& expectation) {
    std::string head = fmt::format("expect {}{}", expectation.negated ? "not " : "",
                                   ExpectationTag(expectation.kind));
    if (expectation.violation) {
      head += " " + Quote(expectation.violation->value);
    }
    Open(head, expectation.range);
    if (expectation.kind == ExpectationKind::kCondition) {
      Dump(expectation.condition);
    } else {
      DumpIfPresent(expectation.condition);
    }
    if (expectation.kind == ExpectationKind::kAction) {
      Dump(expectation.action);
    }
    Close();
  }

  std::string out_;
  size_t depth_ = 0;
  const bool with_ranges_;
};

}  // namespace

std::string DumpAst(const PolicyFile& file) { return Dumper(/*with_ranges=*/false).Run(file); }

std::string DumpAstWithRanges(const PolicyFile& file) {
  return Dumper(/*with_ranges=*/true).Run(file);
}

}  // namespace slac::ast
