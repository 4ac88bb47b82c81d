// The policy IR: a checked policy as one straight-line program over 64-bit slots, with
// no syntax left. Both the reference interpreter and the LLVM code generator read it, so
// its semantics are written down here, once.
//
// Values. Every value is one 64-bit slot: bools are 0 or 1; ints, durations (ms), times
// (ms since the Unix epoch) and dates (days since the epoch) are int64; numbers and
// percents are doubles stored bit for bit; strings are ids of interned strings; enum
// values are their index in the enumeration. A missing value (an optional field that is
// absent, a `since` with no event) is INT64_MIN, or NaN for numbers. A missing bool reads
// as false.
//
// Arithmetic. A missing operand makes the result missing. Integer overflow and division
// by zero make the result missing too, so no input can trap the evaluator; number
// division by zero follows IEEE (infinity or NaN, NaN reading as missing).
//
// Comparisons. A comparison with a missing operand is false, `!=` included.
//
// Windows. Events of a lead are sorted by time. `in last D` takes the events with
// `now - D <= t <= now`; events after `now` are never counted, and their number is
// reported. Decay weighs an event of age `a` by `0.5 ^ (a / half_life)`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/plan.h"

namespace slac::ir {

enum class ValueType : uint8_t { kBool, kInt, kNumber, kString, kTime, kDuration, kDate, kEnum };

const char* Name(ValueType type);

/// The missing value of integer-like slots.
inline constexpr int64_t kMissing = INT64_MIN;

enum class Op : uint8_t {
  kConst,      // imm (or fimm for numbers)
  kString,     // the id of constant string strings[imm], fixed when strings are interned
  kField,      // the lead field in slot imm
  kNow,        // the evaluation instant
  kIsPresent,  // a is not missing
  kNeg,        // -a
  kNot,        // !a
  kAdd,        // a + b, by result type
  kSub,
  kMul,
  kDiv,
  kIntToNumber,  // (double)a
  kScale,        // duration a times number b (rounded to ms)
  kEqual,        // a == b, by operand type (fimm != 0 compares as numbers)
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,  // a && b (both evaluated; nothing has side effects)
  kOr,
  kSelect,    // a ? b : c
  kStringOp,  // table string_ops[aux] looked up by the string id a
  kInSet,     // a is one of sets[aux]
  kWindow,    // windows[aux] over the lead's events
  kMin,       // min(a, b) for numbers
  kMax,
  kClamp,  // a clamped to [fimm_low(b), fimm_high(c)]: b and c are registers
};

const char* Name(Op op);

/// One instruction; its result is the register with its own index.
struct Instr {
  Op op = Op::kConst;
  ValueType type = ValueType::kInt;
  int32_t a = -1;
  int32_t b = -1;
  int32_t c = -1;
  int32_t aux = -1;
  int64_t imm = 0;
  double fimm = 0;
};

/// A function of strings computed once per distinct string, never per lead.
struct StringOp {
  enum class Kind : uint8_t {
    kMatches,     // regex `pattern` (RE2 syntax) with `case_insensitive` → bool
    kDomain,      // the part after the last `@`, lower-cased → string
    kLower,       // → string
    kUpper,       // → string
    kLength,      // in code points → int
    kContains,    // contains `argument` → bool
    kStartsWith,  // → bool
    kEndsWith,    // → bool
  };
  Kind kind = Kind::kMatches;
  std::string pattern;  // regex, or the constant argument
  bool case_insensitive = false;
  bool dot_matches_newline = false;
};

/// A constant set; elements are slots (string ids are resolved when strings are interned,
/// so sets of strings keep their texts).
struct ConstSet {
  ValueType element = ValueType::kInt;
  std::vector<int64_t> values;
  std::vector<std::string> strings;
};

enum class WindowKind : uint8_t {
  kAny,         // bool: some matching event
  kCount,       // int: number of matching events
  kDistinct,    // int: distinct values of attribute `attribute_slot`
  kSince,       // duration: now minus the latest matching event; missing if none
  kDecayedSum,  // number: sum of points weighed by decay (each rule)
  kAnyWeight,   // number: weight of the most recent matching event, 0 if none (any rule)
  kFuture,      // int: events after `now`, which every other window ignores
};

/// An attribute filter: the attribute in `slot` equals register `value`.
struct WindowFilter {
  int32_t slot = 0;
  int32_t value = -1;
};

/// A window's length and filter values, counted together, fit in this many slots.
inline constexpr size_t kMaxWindowOperands = 16;

struct Window {
  WindowKind kind = WindowKind::kAny;
  int32_t event_kind = 0;
  std::vector<WindowFilter> filters;
  /// Register of the window length; -1 for all history.
  int32_t within = -1;
  int32_t attribute_slot = -1;
  /// Half-life in ms for the decayed kinds; 0 means no decay.
  int64_t half_life_ms = 0;
  double points = 0;
};

/// A lead field and its slot in a record.
struct FieldLayout {
  std::string name;
  ValueType type = ValueType::kInt;
  bool optional = false;
  std::vector<std::string> enum_values;
};

struct EventKindLayout {
  std::string name;
  std::vector<FieldLayout> attributes;
};

/// The fixed record layout decided from the `lead` and `events` schemas. Events are
/// stored flat, `event_stride` slots each: time, kind, then the kind's attributes.
struct RecordLayout {
  std::vector<FieldLayout> fields;
  std::vector<EventKindLayout> event_kinds;
  int32_t event_stride = 2;
};

/// What one slot of the result holds.
struct ResultSlot {
  enum class Kind : uint8_t {
    kScore,
    kRuleContribution,
    kSegment,
    kLet,
    kStage,
    kTier,
    kTarget,
    kGuard,
    kFutureEvents,
    kApplies,       // an SLA's `applies when`
    kPaused,        // an SLA's `pause while`
    kNoteRequired,  // a disposition's note rule for one reason ("stage/reason")
    kProbe,         // an expression lowered on request, such as a test's expectation
  };
  Kind kind = Kind::kScore;
  std::string name;  // "fit", "fit/target industry", "first_touch", ...
  ValueType type = ValueType::kNumber;
  int32_t reg = -1;
};

struct Program {
  std::string policy;
  std::string version;
  RecordLayout layout;
  std::vector<std::string> stages;
  std::vector<StringOp> string_ops;
  std::vector<ConstSet> sets;
  std::vector<Window> windows;
  /// Constant strings the code compares with; interned before evaluation.
  std::vector<std::string> strings;
  std::vector<Instr> code;
  std::vector<ResultSlot> results;
  /// Calendars, SLAs, guards and dispositions, for the runtime's clocks.
  Plan plan;
};

/// A duration as the policy language writes one: a whole number of the largest unit that
/// divides it (`90s`, `5m`, `2w`), `0s` for none, milliseconds when no unit divides it.
std::string FormatDuration(int64_t ms);

/// An instant in RFC 3339, UTC: `2026-03-10T15:00:00Z`, with milliseconds only when it has
/// some (`...:00.250Z`).
std::string FormatInstant(int64_t ms);

/// The program as text, for `slac compile --emit ir` and golden tests.
std::string Print(const Program& program);

}  // namespace slac::ir
