// The abstract syntax tree of a policy file.
//
// The AST mirrors what the author wrote, with every node carrying its source range, and
// nothing else: names are not resolved and types are not known until semantic analysis.
// Literals are already decoded (a duration holds milliseconds, a percent its fraction)
// and keep their source text for messages. No parser type is visible here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/source.h"

namespace slac::ast {

struct Identifier {
  std::string text;
  SourceRange range;
};

/// A dotted name such as `std.freemail.domains` or `first_touch.target`.
struct QualifiedName {
  std::vector<Identifier> parts;
  SourceRange range;

  std::string Joined() const;
};

/// A quoted string with its range.
struct StringValue {
  std::string value;
  SourceRange range;
};

/// A calendar date, as written; validity is checked when it is built.
struct Date {
  int32_t year = 0;
  uint32_t month = 0;
  uint32_t day = 0;
};

// ---- Expressions ----------------------------------------------------------------------

enum class ExprKind {
  kInt,
  kNumber,
  kPercent,
  kDuration,
  kString,
  kBool,
  kDate,
  kInstant,
  kTimeOfDay,
  kNow,
  kName,
  kCall,
  kSet,
  kUnary,
  kBinary,
  kMatches,
  kBusiness,
  kSlaState,
  kWindow,
  kSince,
  kCase,
  kError,
};

struct Expr {
  Expr(ExprKind kind, SourceRange range) : kind(kind), range(range) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  const ExprKind kind;
  SourceRange range;
  /// Levels of expressions below and including this one. The builder bounds it, so every
  /// phase may recurse over expressions without exhausting the stack.
  uint32_t depth = 1;
};

using ExprPtr = std::unique_ptr<Expr>;

/// The largest depth of the direct children of `expr` (0 for a leaf).
uint32_t MaxChildDepth(const Expr& expr);

/// Casts `expr` to the node type of its kind; the kind must match.
template <typename Node>
const Node& As(const Expr& expr) {
  return static_cast<const Node&>(expr);
}

struct IntLiteral : Expr {
  IntLiteral(SourceRange range, int64_t value) : Expr(ExprKind::kInt, range), value(value) {}
  int64_t value;
};

struct NumberLiteral : Expr {
  NumberLiteral(SourceRange range, double value) : Expr(ExprKind::kNumber, range), value(value) {}
  double value;
};

/// `70%`, held as the fraction 0.70.
struct PercentLiteral : Expr {
  PercentLiteral(SourceRange range, double fraction, std::string text)
      : Expr(ExprKind::kPercent, range), fraction(fraction), text(std::move(text)) {}
  double fraction;
  std::string text;
};

/// `90s`, `5m`, `2w`, held in milliseconds.
struct DurationLiteral : Expr {
  DurationLiteral(SourceRange range, int64_t milliseconds, std::string text)
      : Expr(ExprKind::kDuration, range), milliseconds(milliseconds), text(std::move(text)) {}
  int64_t milliseconds;
  std::string text;
};

struct StringLiteral : Expr {
  StringLiteral(SourceRange range, std::string value)
      : Expr(ExprKind::kString, range), value(std::move(value)) {}
  std::string value;
};

struct BoolLiteral : Expr {
  BoolLiteral(SourceRange range, bool value) : Expr(ExprKind::kBool, range), value(value) {}
  bool value;
};

struct DateLiteral : Expr {
  DateLiteral(SourceRange range, Date date) : Expr(ExprKind::kDate, range), date(date) {}
  Date date;
};

/// `2026-03-06T17:30:00-05:00`. Without an offset the instant is local to the policy's
/// time zone, which only semantic analysis knows.
struct InstantLiteral : Expr {
  InstantLiteral(SourceRange range, std::string text)
      : Expr(ExprKind::kInstant, range), text(std::move(text)) {}
  std::string text;
  Date date;
  /// Milliseconds since midnight of `date`, in local time.
  int64_t time_of_day_ms = 0;
  /// Offset from UTC in minutes when one was written (`Z` is 0).
  std::optional<int32_t> utc_offset_minutes;
};

/// `09:00`, held in seconds since midnight.
struct TimeOfDayLiteral : Expr {
  TimeOfDayLiteral(SourceRange range, int32_t seconds)
      : Expr(ExprKind::kTimeOfDay, range), seconds(seconds) {}
  int32_t seconds;
};

struct NowExpr : Expr {
  explicit NowExpr(SourceRange range) : Expr(ExprKind::kNow, range) {}
};

/// A reference by name: a field, let, segment, score, enum value, SLA or module member.
struct NameExpr : Expr {
  NameExpr(SourceRange range, QualifiedName name)
      : Expr(ExprKind::kName, range), name(std::move(name)) {}
  QualifiedName name;
};

struct CallExpr : Expr {
  CallExpr(SourceRange range, QualifiedName callee)
      : Expr(ExprKind::kCall, range), callee(std::move(callee)) {}
  QualifiedName callee;
  std::vector<ExprPtr> arguments;
};

/// `{saas, fintech}`.
struct SetExpr : Expr {
  explicit SetExpr(SourceRange range) : Expr(ExprKind::kSet, range) {}
  std::vector<ExprPtr> elements;
};

enum class UnaryOp { kNegate, kPlus, kNot };

struct UnaryExpr : Expr {
  UnaryExpr(SourceRange range, UnaryOp op, ExprPtr operand)
      : Expr(ExprKind::kUnary, range), op(op), operand(std::move(operand)) {}
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp {
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIn,
  kNotIn,
  kAnd,
  kOr,
};

const char* Spelling(BinaryOp op);

struct BinaryExpr : Expr {
  BinaryExpr(SourceRange range, BinaryOp op, ExprPtr lhs, ExprPtr rhs, SourceRange op_range)
      : Expr(ExprKind::kBinary, range),
        op(op),
        lhs(std::move(lhs)),
        rhs(std::move(rhs)),
        op_range(op_range) {}
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
  SourceRange op_range;
};

/// `title matches /\bVP\b/i`.
struct MatchesExpr : Expr {
  MatchesExpr(SourceRange range, ExprPtr subject)
      : Expr(ExprKind::kMatches, range), subject(std::move(subject)) {}
  ExprPtr subject;
  std::string pattern;
  std::string flags;
  SourceRange regex_range;
};

/// `1h business sales_hours`: a duration counted in a calendar's opening hours. The
/// calendar may be left out where only one is meant.
struct BusinessExpr : Expr {
  BusinessExpr(SourceRange range, ExprPtr duration)
      : Expr(ExprKind::kBusiness, range), duration(std::move(duration)) {}
  ExprPtr duration;
  std::optional<Identifier> calendar;
};

enum class SlaState { kBreached, kMet };

/// `first_touch breached`, in tests.
struct SlaStateExpr : Expr {
  SlaStateExpr(SourceRange range, ExprPtr sla, SlaState state)
      : Expr(ExprKind::kSlaState, range), sla(std::move(sla)), state(state) {}
  ExprPtr sla;
  SlaState state;
};

/// `channel: phone` inside an event pattern.
struct AttributeFilter {
  Identifier attribute;
  ExprPtr value;
};

/// `touch` or `touch(channel: phone)`.
struct EventPattern {
  Identifier kind;
  std::vector<AttributeFilter> filters;
  SourceRange range;
};

enum class WindowOp { kAny, kEach, kCount, kDistinct };

/// `any K`, `each K`, `count K`, `distinct ATTR of K`, each optionally `in last D`.
struct WindowExpr : Expr {
  WindowExpr(SourceRange range, WindowOp op, EventPattern event)
      : Expr(ExprKind::kWindow, range), op(op), event(std::move(event)) {}
  WindowOp op;
  EventPattern event;
  /// The attribute counted by `distinct`.
  std::optional<Identifier> attribute;
  /// The window length (a duration literal or a name); absent means all history.
  ExprPtr within;
};

/// `since K`: the time since the latest event of a kind.
struct SinceExpr : Expr {
  SinceExpr(SourceRange range, EventPattern event)
      : Expr(ExprKind::kSince, range), event(std::move(event)) {}
  EventPattern event;
};

struct CaseArm {
  /// Absent for `otherwise`.
  ExprPtr condition;
  ExprPtr value;
  SourceRange range;
};

/// `case { cond => value, ..., otherwise => value }`: the first arm whose condition holds.
struct CaseExpr : Expr {
  explicit CaseExpr(SourceRange range) : Expr(ExprKind::kCase, range) {}
  std::vector<CaseArm> arms;
};

/// Stands where an expression could not be parsed; a diagnostic was already reported.
struct ErrorExpr : Expr {
  explicit ErrorExpr(SourceRange range) : Expr(ExprKind::kError, range) {}
};

// ---- Schemas --------------------------------------------------------------------------

/// `string`, `int?`, `enum(a, b)`, `set(string)`.
struct TypeRef {
  Identifier name;  // "enum" for enumerations
  std::vector<Identifier> enum_values;
  std::unique_ptr<TypeRef> argument;
  bool optional = false;
  bool is_enum = false;
  SourceRange range;
};

struct FieldDecl {
  Identifier name;
  TypeRef type;
  SourceRange range;
};

struct EventKindDecl {
  Identifier name;
  std::vector<FieldDecl> attributes;
  SourceRange range;
};

// ---- Declarations ---------------------------------------------------------------------

enum class DeclKind {
  kUse,
  kLead,
  kEvents,
  kCalendar,
  kHolidays,
  kScore,
  kSegment,
  kLet,
  kStages,
  kStageRule,
  kSla,
  kGuard,
  kDisposition,
  kCommitment,
  kTest,
};

struct Decl {
  Decl(DeclKind kind, SourceRange range) : kind(kind), range(range) {}
  virtual ~Decl() = default;
  Decl(const Decl&) = delete;
  Decl& operator=(const Decl&) = delete;

  const DeclKind kind;
  SourceRange range;
};

using DeclPtr = std::unique_ptr<Decl>;

template <typename Node>
const Node& As(const Decl& decl) {
  return static_cast<const Node&>(decl);
}

/// `use std.freemail` or `use "team/events.sla" as team`.
struct UseDecl : Decl {
  explicit UseDecl(SourceRange range) : Decl(DeclKind::kUse, range) {}
  std::optional<QualifiedName> module;
  std::optional<StringValue> path;
  std::optional<Identifier> alias;
};

struct LeadDecl : Decl {
  explicit LeadDecl(SourceRange range) : Decl(DeclKind::kLead, range) {}
  std::vector<FieldDecl> fields;
};

struct EventsDecl : Decl {
  explicit EventsDecl(SourceRange range) : Decl(DeclKind::kEvents, range) {}
  std::vector<EventKindDecl> kinds;
};

/// `mon..fri`, or a single day.
struct DayRange {
  Identifier first;
  std::optional<Identifier> last;
  SourceRange range;
};

/// `09:00-18:00`, in seconds since midnight.
struct HoursRange {
  int32_t open_seconds = 0;
  int32_t close_seconds = 0;
  SourceRange range;
};

/// `open mon..fri 09:00-12:00, 13:00-18:00`.
struct OpenHours {
  std::vector<DayRange> days;
  std::vector<HoursRange> hours;
  SourceRange range;
};

/// One item of `closed`: a date, a range of dates, or a set of holidays by name.
struct ClosedItem {
  std::optional<Date> first;
  std::optional<Date> last;
  std::optional<QualifiedName> holidays;
  SourceRange range;
};

struct CalendarDecl : Decl {
  explicit CalendarDecl(SourceRange range) : Decl(DeclKind::kCalendar, range) {}
  Identifier name;
  std::vector<OpenHours> open;
  std::vector<ClosedItem> closed;
  std::vector<StringValue> timezones;
};

enum class HolidayRuleKind { kFixedDay, kNthWeekday, kMovable, kOneOff };

/// How a holiday's date is found in a given year.
struct HolidayRule {
  HolidayRuleKind kind = HolidayRuleKind::kFixedDay;
  /// kFixedDay: `dec 25` (month, day). kNthWeekday: `fourth thursday of nov + 1d`
  /// (ordinal, weekday, month, optional offset; ordinal may be `last`). kMovable:
  /// `easter - 2d` (base, offset).
  Identifier month;
  int32_t day = 0;
  Identifier ordinal;
  Identifier weekday;
  Identifier base;
  int64_t offset_ms = 0;
  /// kOneOff: a single date.
  Date date;
  SourceRange range;
};

struct Holiday {
  StringValue label;
  HolidayRule rule;
  /// `observed` moves a holiday that falls on a weekend; the name picks the rule.
  bool observed = false;
  std::optional<Identifier> observed_rule;
  std::optional<int32_t> from_year;
  SourceRange range;
};

struct HolidaysDecl : Decl {
  explicit HolidaysDecl(SourceRange range) : Decl(DeclKind::kHolidays, range) {}
  Identifier name;
  std::optional<StringValue> title;
  std::vector<Holiday> holidays;
};

struct ScoreRule {
  std::optional<StringValue> label;
  ExprPtr condition;
  double points = 0;
  SourceRange points_range;
  std::optional<double> cap;
  SourceRange cap_range;
  SourceRange range;
};

struct ScoreDecl : Decl {
  explicit ScoreDecl(SourceRange range) : Decl(DeclKind::kScore, range) {}
  Identifier name;
  std::optional<StringValue> title;
  double min = 0;
  double max = 0;
  SourceRange bounds_range;
  /// `decay half_life D` items; more than one is reported by semantic analysis.
  std::vector<ExprPtr> half_lives;
  std::vector<ScoreRule> rules;
};

struct SegmentDecl : Decl {
  explicit SegmentDecl(SourceRange range) : Decl(DeclKind::kSegment, range) {}
  Identifier name;
  std::optional<StringValue> title;
  ExprPtr condition;
};

struct Param {
  Identifier name;
  TypeRef type;
};

/// `let NAME = EXPR`, or a parameterised `let NAME(p: T) = EXPR`.
struct LetDecl : Decl {
  explicit LetDecl(SourceRange range) : Decl(DeclKind::kLet, range) {}
  Identifier name;
  std::vector<Param> params;
  std::optional<TypeRef> type;
  ExprPtr value;
};

/// `stages { new -> mql -> sal }`: each chain lists stages joined by transitions.
struct StagesDecl : Decl {
  explicit StagesDecl(SourceRange range) : Decl(DeclKind::kStages, range) {}
  std::vector<std::vector<Identifier>> chains;
};

struct StageRuleDecl : Decl {
  explicit StageRuleDecl(SourceRange range) : Decl(DeclKind::kStageRule, range) {}
  Identifier stage;
  ExprPtr condition;
};

/// `entering mql`, or an event such as `touch(channel: phone)`.
struct SlaTrigger {
  bool entering = false;
  Identifier stage;
  std::optional<EventPattern> event;
  SourceRange range;
};

struct TriggerClause {
  std::vector<SlaTrigger> triggers;
  SourceRange range;
};

enum class SimpleTargetKind { kDuration, kSameBusinessDay, kNextBusinessDay };

struct SimpleTarget {
  SimpleTargetKind kind = SimpleTargetKind::kDuration;
  /// For kDuration: a duration, possibly `... business CAL`.
  ExprPtr duration;
  /// For the business-day forms.
  std::optional<Identifier> calendar;
  SourceRange range;
};

/// `touch 1 within 5m`: one step of a touch sequence, a clock of its own.
struct TouchStep {
  Identifier event;
  int64_t ordinal = 0;
  SimpleTarget target;
  SourceRange range;
};

/// A target: one simple target, or a sequence of touch steps.
struct Target {
  std::optional<SimpleTarget> single;
  std::vector<TouchStep> steps;
  SourceRange range;
};

struct Tier {
  /// Absent for `otherwise`.
  ExprPtr condition;
  Target target;
  SourceRange range;
};

/// `target T` (one tier without a condition) or `target { tier: T ... }`.
struct TargetClause {
  bool tiered = false;
  std::vector<Tier> tiers;
  SourceRange range;
};

enum class ActionKind { kNotify, kReassign, kFlag, kBreach, kRelease };

struct Action {
  ActionKind kind = ActionKind::kBreach;
  /// kNotify and kRelease: the role.
  Identifier role;
  /// kReassign: the queue; kFlag: the tag.
  StringValue text;
  SourceRange range;
};

/// `at 80%: notify owner` or `at 2h: flag "stale"`.
struct Escalation {
  ExprPtr threshold;
  std::vector<Action> actions;
  SourceRange range;
};

struct EscalateClause {
  std::vector<Escalation> steps;
  SourceRange range;
};

struct ExprClause {
  ExprPtr expr;
  SourceRange range;
};

struct SlaDecl : Decl {
  explicit SlaDecl(SourceRange range) : Decl(DeclKind::kSla, range) {}
  Identifier name;
  std::optional<StringValue> title;
  std::vector<TriggerClause> starts;
  std::vector<TriggerClause> met_by;
  std::vector<TargetClause> targets;
  std::vector<ExprClause> applies_when;
  std::vector<ExprClause> pause_while;
  std::vector<ExprClause> every;
  std::vector<EscalateClause> escalations;
};

struct Requirement {
  ExprPtr condition;
  StringValue message;
  SourceRange range;
};

/// `guard mql -> recycled { require ... else "..." }`.
struct GuardDecl : Decl {
  explicit GuardDecl(SourceRange range) : Decl(DeclKind::kGuard, range) {}
  Identifier from;
  Identifier to;
  std::vector<Requirement> requirements;
};

struct NoteRule {
  /// Absent when a note is always required.
  ExprPtr when;
  SourceRange range;
};

struct DispositionDecl : Decl {
  explicit DispositionDecl(SourceRange range) : Decl(DeclKind::kDisposition, range) {}
  std::vector<Identifier> stages;
  /// Each `reason in {...}` clause, as a set expression.
  std::vector<ExprPtr> reason_sets;
  std::vector<NoteRule> note_rules;
};

enum class MetricKind { kEntered, kMet, kBreached, kFunction };

/// `entered mql`, `met first_touch`, `rate(entered sal, entered mql)`.
struct Metric {
  MetricKind kind = MetricKind::kEntered;
  Identifier name;
  std::vector<Metric> arguments;
  SourceRange range;
};

struct CommitmentTarget {
  Metric metric;
  BinaryOp op = BinaryOp::kGreaterEqual;
  ExprPtr value;
  SourceRange range;
};

struct CommitmentDecl : Decl {
  explicit CommitmentDecl(SourceRange range) : Decl(DeclKind::kCommitment, range) {}
  Identifier team;
  Identifier period;
  std::vector<CommitmentTarget> targets;
};

struct FieldValue {
  Identifier field;
  ExprPtr value;
  SourceRange range;
};

/// `pricing_view at -1d, -2d`: one event per instant.
struct EventValue {
  EventPattern event;
  std::vector<ExprPtr> instants;
  SourceRange range;
};

enum class ExpectationKind { kCondition, kAction, kViolation };

struct Expectation {
  ExpectationKind kind = ExpectationKind::kCondition;
  ExprPtr condition;
  Action action;
  std::optional<StringValue> violation;
  /// `expect not action ...`, `expect not violation ...`: none was emitted in the step.
  bool negated = false;
  SourceRange range;
};

enum class TestStepKind { kAt, kLead, kEvents, kExpect };

struct TestStep {
  TestStepKind kind = TestStepKind::kExpect;
  ExprPtr at;
  std::vector<FieldValue> fields;
  std::vector<EventValue> events;
  Expectation expectation;
  SourceRange range;
};

/// `after 30m business sales_hours:` and the steps under it.
struct AfterStep {
  ExprPtr advance;
  std::vector<TestStep> steps;
  SourceRange range;
};

struct TestDecl : Decl {
  explicit TestDecl(SourceRange range) : Decl(DeclKind::kTest, range) {}
  StringValue name;
  std::vector<TestStep> steps;
  std::vector<AfterStep> after_steps;
};

// ---- Files ----------------------------------------------------------------------------

/// `policy NAME version X.Y.Z ...` or `module NAME`.
struct Header {
  bool is_module = false;
  QualifiedName name;
  /// The version exactly as written; semantic analysis checks it is semver.
  StringValue version;
  std::optional<StringValue> owner;
  std::optional<StringValue> timezone;
  std::optional<Date> effective;
  SourceRange effective_range;
  SourceRange range;
};

/// A `# ...` comment. Only the formatter reads comments; every other phase ignores them.
struct Comment {
  /// From the `#` to the end of the line, without the line terminator.
  std::string text;
  SourceRange range;
};

struct PolicyFile {
  FileId file = kNoFile;
  std::optional<Header> header;
  std::vector<DeclPtr> decls;
  /// Every comment of the file, in source order.
  std::vector<Comment> comments;
};

}  // namespace slac::ast
