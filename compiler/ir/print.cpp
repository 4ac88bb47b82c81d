#include <date/date.h>
#include <fmt/format.h>

#include "ir/ir.h"

namespace slac::ir {
namespace {

std::string Register(int32_t reg) { return reg < 0 ? "-" : fmt::format("%{}", reg); }

const char* Name(WindowKind kind) {
  switch (kind) {
    case WindowKind::kAny:
      return "any";
    case WindowKind::kCount:
      return "count";
    case WindowKind::kDistinct:
      return "distinct";
    case WindowKind::kSince:
      return "since";
    case WindowKind::kDecayedSum:
      return "decayed_sum";
    case WindowKind::kAnyWeight:
      return "any_weight";
    case WindowKind::kFuture:
      return "future";
  }
  return "?";
}

const char* Name(StringOp::Kind kind) {
  switch (kind) {
    case StringOp::Kind::kMatches:
      return "matches";
    case StringOp::Kind::kDomain:
      return "domain";
    case StringOp::Kind::kLower:
      return "lower";
    case StringOp::Kind::kUpper:
      return "upper";
    case StringOp::Kind::kLength:
      return "length";
    case StringOp::Kind::kContains:
      return "contains";
    case StringOp::Kind::kStartsWith:
      return "starts_with";
    case StringOp::Kind::kEndsWith:
      return "ends_with";
  }
  return "?";
}

const char* Name(ResultSlot::Kind kind) {
  switch (kind) {
    case ResultSlot::Kind::kScore:
      return "score";
    case ResultSlot::Kind::kRuleContribution:
      return "rule";
    case ResultSlot::Kind::kSegment:
      return "segment";
    case ResultSlot::Kind::kLet:
      return "let";
    case ResultSlot::Kind::kStage:
      return "stage";
    case ResultSlot::Kind::kTier:
      return "tier";
    case ResultSlot::Kind::kTarget:
      return "target";
    case ResultSlot::Kind::kGuard:
      return "guard";
    case ResultSlot::Kind::kFutureEvents:
      return "future_events";
    case ResultSlot::Kind::kApplies:
      return "applies";
    case ResultSlot::Kind::kPaused:
      return "paused";
    case ResultSlot::Kind::kNoteRequired:
      return "note_required";
    case ResultSlot::Kind::kProbe:
      return "probe";
  }
  return "?";
}

std::string Operands(const Instr& instr) {
  std::string text;
  for (int32_t reg : {instr.a, instr.b, instr.c}) {
    if (reg >= 0) {
      text += " " + Register(reg);
    }
  }
  return text;
}

}  // namespace

const char* Name(ValueType type) {
  switch (type) {
    case ValueType::kBool:
      return "bool";
    case ValueType::kInt:
      return "int";
    case ValueType::kNumber:
      return "number";
    case ValueType::kString:
      return "string";
    case ValueType::kTime:
      return "time";
    case ValueType::kDuration:
      return "duration";
    case ValueType::kDate:
      return "date";
    case ValueType::kEnum:
      return "enum";
  }
  return "?";
}

const char* Name(Op op) {
  switch (op) {
    case Op::kConst:
      return "const";
    case Op::kString:
      return "string";
    case Op::kField:
      return "field";
    case Op::kNow:
      return "now";
    case Op::kIsPresent:
      return "is_present";
    case Op::kNeg:
      return "neg";
    case Op::kNot:
      return "not";
    case Op::kAdd:
      return "add";
    case Op::kSub:
      return "sub";
    case Op::kMul:
      return "mul";
    case Op::kDiv:
      return "div";
    case Op::kIntToNumber:
      return "int_to_number";
    case Op::kScale:
      return "scale";
    case Op::kEqual:
      return "eq";
    case Op::kNotEqual:
      return "ne";
    case Op::kLess:
      return "lt";
    case Op::kLessEqual:
      return "le";
    case Op::kGreater:
      return "gt";
    case Op::kGreaterEqual:
      return "ge";
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    case Op::kSelect:
      return "select";
    case Op::kStringOp:
      return "string_op";
    case Op::kInSet:
      return "in_set";
    case Op::kWindow:
      return "window";
    case Op::kMin:
      return "min";
    case Op::kMax:
      return "max";
    case Op::kClamp:
      return "clamp";
  }
  return "?";
}

std::string FormatInstant(int64_t ms) {
  date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds{ms}};
  if (ms % 1000 == 0) {
    return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(instant));
  }
  return date::format("%FT%TZ", instant);
}

std::string FormatDuration(int64_t ms) {
  struct Unit {
    int64_t ms;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {604'800'000, "w"}, {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  if (ms == 0) {
    return "0s";
  }
  for (const Unit& unit : kUnits) {
    if (ms % unit.ms == 0) {
      return fmt::format("{}{}", ms / unit.ms, unit.suffix);
    }
  }
  return fmt::format("{}ms", ms);
}

std::string Print(const Program& program) {
  std::string text = fmt::format("policy {} version {}\n", program.policy, program.version);

  text += "\nrecord (event stride " + std::to_string(program.layout.event_stride) + ")\n";
  for (size_t i = 0; i < program.layout.fields.size(); ++i) {
    const FieldLayout& field = program.layout.fields[i];
    text += fmt::format("  field {} {}: {}{}\n", i, field.name, Name(field.type),
                        field.optional ? "?" : "");
  }
  for (size_t i = 0; i < program.layout.event_kinds.size(); ++i) {
    const EventKindLayout& kind = program.layout.event_kinds[i];
    text += fmt::format("  event {} {}", i, kind.name);
    for (size_t k = 0; k < kind.attributes.size(); ++k) {
      text += fmt::format(" {}={}:{}", k, kind.attributes[k].name, Name(kind.attributes[k].type));
    }
    text += "\n";
  }

  for (size_t i = 0; i < program.string_ops.size(); ++i) {
    const StringOp& op = program.string_ops[i];
    text += fmt::format("string_op {} {} \"{}\"{}\n", i, Name(op.kind), op.pattern,
                        op.case_insensitive ? " i" : "");
  }
  for (size_t i = 0; i < program.sets.size(); ++i) {
    const ConstSet& set = program.sets[i];
    text += fmt::format("set {} {} {{", i, Name(set.element));
    for (int64_t value : set.values) {
      text += fmt::format(" {}", value);
    }
    for (const std::string& value : set.strings) {
      text += fmt::format(" \"{}\"", value);
    }
    text += " }\n";
  }
  for (size_t i = 0; i < program.windows.size(); ++i) {
    const Window& window = program.windows[i];
    text += fmt::format("window {} {}", i, Name(window.kind));
    if (window.kind != WindowKind::kFuture) {
      text += fmt::format(" kind {}", window.event_kind);
    }
    for (const WindowFilter& filter : window.filters) {
      text += fmt::format(" attr{}=={}", filter.slot, Register(filter.value));
    }
    if (window.within >= 0) {
      text += " within " + Register(window.within);
    }
    if (window.attribute_slot >= 0) {
      text += fmt::format(" of attr{}", window.attribute_slot);
    }
    if (window.half_life_ms > 0) {
      text += fmt::format(" half_life {}ms", window.half_life_ms);
    }
    if (window.points != 0) {
      text += fmt::format(" points {}", window.points);
    }
    text += "\n";
  }

  text += "\ncode\n";
  for (size_t i = 0; i < program.code.size(); ++i) {
    const Instr& instr = program.code[i];
    std::string detail;
    switch (instr.op) {
      case Op::kConst:
        detail = instr.type == ValueType::kNumber ? fmt::format(" {}", instr.fimm)
                 : instr.imm == kMissing          ? " missing"
                                                  : fmt::format(" {}", instr.imm);
        break;
      case Op::kString:
        detail = fmt::format(" \"{}\"", program.strings[static_cast<size_t>(instr.imm)]);
        break;
      case Op::kField:
        detail = fmt::format(" {}", program.layout.fields[static_cast<size_t>(instr.imm)].name);
        break;
      case Op::kStringOp:
      case Op::kInSet:
      case Op::kWindow:
        detail = fmt::format(" #{}", instr.aux);
        break;
      default:
        if (instr.fimm != 0) {
          detail = " as_number";
        }
        break;
    }
    text += fmt::format("  %{} = {} {}{}{}\n", i, Name(instr.type), Name(instr.op), detail,
                        Operands(instr));
  }

  text += "\nresults\n";
  for (size_t i = 0; i < program.results.size(); ++i) {
    const ResultSlot& slot = program.results[i];
    text += fmt::format("  {} {} \"{}\" = {}\n", i, Name(slot.kind), slot.name, Register(slot.reg));
  }
  return text;
}

}  // namespace slac::ir
