#include "interp/interp.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "diagnostics/check.h"

namespace slac::interp {

using ir::kMissing;
using ir::Op;
using ir::ValueType;

double AsNumber(int64_t slot) { return std::bit_cast<double>(slot); }
int64_t FromNumber(double value) { return std::bit_cast<int64_t>(value); }

double DecayWeight(int64_t age_ms, int64_t half_life_ms) {
  return std::pow(0.5, static_cast<double>(age_ms) / static_cast<double>(half_life_ms));
}

namespace {

bool IsMissing(ValueType type, int64_t slot) {
  return type == ValueType::kNumber ? std::isnan(AsNumber(slot)) : slot == kMissing;
}

// Integer arithmetic where overflow and division by zero give a missing value.
int64_t IntArithmetic(Op op, int64_t a, int64_t b) {
  if (a == kMissing || b == kMissing) {
    return kMissing;
  }
  int64_t result = 0;
  switch (op) {
    case Op::kAdd:
      return __builtin_add_overflow(a, b, &result) || result == kMissing ? kMissing : result;
    case Op::kSub:
      return __builtin_sub_overflow(a, b, &result) || result == kMissing ? kMissing : result;
    case Op::kMul:
      return __builtin_mul_overflow(a, b, &result) || result == kMissing ? kMissing : result;
    case Op::kDiv:
      return b == 0 || (a == kMissing && b == -1) ? kMissing : a / b;
    default:
      return kMissing;
  }
}

double NumberArithmetic(Op op, double a, double b) {
  switch (op) {
    case Op::kAdd:
      return a + b;
    case Op::kSub:
      return a - b;
    case Op::kMul:
      return a * b;
    case Op::kDiv:
      return a / b;
    default:
      return std::nan("");
  }
}

template <typename T>
bool Compare(Op op, T a, T b) {
  switch (op) {
    case Op::kEqual:
      return a == b;
    case Op::kNotEqual:
      return a != b;
    case Op::kLess:
      return a < b;
    case Op::kLessEqual:
      return a <= b;
    case Op::kGreater:
      return a > b;
    case Op::kGreaterEqual:
      return a >= b;
    default:
      return false;
  }
}

}  // namespace

int64_t EvaluateWindow(const ir::Program& program, int32_t window_index, const ir::Record& record,
                       int64_t now_ms, const int64_t* operands) {
  const ir::Window& window = program.windows[static_cast<size_t>(window_index)];
  const int64_t stride = program.layout.event_stride;
  int64_t within = window.within >= 0 ? operands[0] : -1;
  const int64_t* filter_values = operands + (window.within >= 0 ? 1 : 0);
  if (window.within >= 0 && within == kMissing) {
    within = -2;  // a missing window length matches nothing
  }

  int64_t count = 0;
  int64_t latest = kMissing;
  double sum = 0;
  double best_weight = 0;
  std::vector<int64_t> distinct;
  for (int64_t i = 0; i < record.event_count; ++i) {
    const int64_t* event = record.events + i * stride;
    int64_t at = event[0];
    if (window.kind == ir::WindowKind::kFuture) {
      count += at > now_ms;
      continue;
    }
    if (event[1] != window.event_kind || at > now_ms) {
      continue;
    }
    if (within == -2 || (within >= 0 && now_ms - at > within)) {
      continue;
    }
    bool matches = true;
    for (size_t f = 0; f < window.filters.size(); ++f) {
      matches = matches && event[2 + window.filters[f].slot] == filter_values[f];
    }
    if (!matches) {
      continue;
    }
    ++count;
    latest = std::max(latest, at);
    double weight = window.half_life_ms > 0 ? DecayWeight(now_ms - at, window.half_life_ms) : 1.0;
    sum += window.points * weight;
    best_weight = std::max(best_weight, weight);
    if (window.kind == ir::WindowKind::kDistinct) {
      int64_t value = event[2 + window.attribute_slot];
      if (value != kMissing &&
          std::find(distinct.begin(), distinct.end(), value) == distinct.end()) {
        distinct.push_back(value);
      }
    }
  }

  switch (window.kind) {
    case ir::WindowKind::kAny:
      return count > 0;
    case ir::WindowKind::kCount:
    case ir::WindowKind::kFuture:
      return count;
    case ir::WindowKind::kDistinct:
      return static_cast<int64_t>(distinct.size());
    case ir::WindowKind::kSince:
      return latest == kMissing ? kMissing : now_ms - latest;
    case ir::WindowKind::kDecayedSum:
      return FromNumber(sum);
    case ir::WindowKind::kAnyWeight:
      return FromNumber(best_weight);
  }
  return kMissing;
}

void Evaluate(const ir::Program& program, const ir::Tables& tables, const ir::Record& record,
              int64_t now_ms, std::vector<int64_t>& registers, int64_t* results) {
  registers.resize(program.code.size());
  for (size_t i = 0; i < program.code.size(); ++i) {
    const ir::Instr& instr = program.code[i];
    auto reg = [&](int32_t index) { return registers[static_cast<size_t>(index)]; };
    auto number = [&](int32_t index) { return AsNumber(reg(index)); };
    int64_t value = 0;
    switch (instr.op) {
      case Op::kConst:
        value = instr.type == ValueType::kNumber ? FromNumber(instr.fimm) : instr.imm;
        break;
      case Op::kString:
        value = tables.ConstantId(instr.imm);
        break;
      case Op::kField:
        value = record.fields[instr.imm];
        if (instr.type == ValueType::kBool && value == kMissing) {
          value = 0;
        }
        break;
      case Op::kNow:
        value = now_ms;
        break;
      case Op::kIsPresent: {
        ValueType type = program.code[static_cast<size_t>(instr.a)].type;
        value = !IsMissing(type, reg(instr.a));
        break;
      }
      case Op::kNeg:
        if (instr.type == ValueType::kNumber) {
          value = FromNumber(-number(instr.a));
        } else {
          value = reg(instr.a) == kMissing ? kMissing : -reg(instr.a);
        }
        break;
      case Op::kNot:
        value = !reg(instr.a);
        break;
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
        value = instr.type == ValueType::kNumber
                    ? FromNumber(NumberArithmetic(instr.op, number(instr.a), number(instr.b)))
                    : IntArithmetic(instr.op, reg(instr.a), reg(instr.b));
        break;
      case Op::kIntToNumber:
        value =
            FromNumber(reg(instr.a) == kMissing ? std::nan("") : static_cast<double>(reg(instr.a)));
        break;
      case Op::kScale: {
        double scaled = static_cast<double>(reg(instr.a)) * number(instr.b);
        bool fits = reg(instr.a) != kMissing && std::isfinite(scaled) && std::abs(scaled) < 9.0e18;
        value = fits ? std::llround(scaled) : kMissing;
        break;
      }
      case Op::kEqual:
      case Op::kNotEqual:
      case Op::kLess:
      case Op::kLessEqual:
      case Op::kGreater:
      case Op::kGreaterEqual:
        if (instr.fimm != 0) {
          double a = number(instr.a);
          double b = number(instr.b);
          value = !std::isnan(a) && !std::isnan(b) && Compare(instr.op, a, b);
        } else {
          int64_t a = reg(instr.a);
          int64_t b = reg(instr.b);
          value = a != kMissing && b != kMissing && Compare(instr.op, a, b);
        }
        break;
      case Op::kAnd:
        value = reg(instr.a) && reg(instr.b);
        break;
      case Op::kOr:
        value = reg(instr.a) || reg(instr.b);
        break;
      case Op::kSelect:
        value = reg(instr.a) ? reg(instr.b) : reg(instr.c);
        break;
      case Op::kStringOp:
        value = tables.StringOpResult(instr.aux, reg(instr.a));
        break;
      case Op::kInSet:
        value = tables.InSet(instr.aux, reg(instr.a));
        break;
      case Op::kWindow: {
        const ir::Window& window = program.windows[static_cast<size_t>(instr.aux)];
        int64_t operands[ir::kMaxWindowOperands];
        size_t count = 0;
        if (window.within >= 0) {
          operands[count++] = reg(window.within);
        }
        for (const ir::WindowFilter& filter : window.filters) {
          operands[count++] = reg(filter.value);
        }
        value = EvaluateWindow(program, instr.aux, record, now_ms, operands);
        break;
      }
      case Op::kMin:
        value = FromNumber(std::min(number(instr.a), number(instr.b)));
        break;
      case Op::kMax:
        value = FromNumber(std::max(number(instr.a), number(instr.b)));
        break;
      case Op::kClamp:
        value = FromNumber(std::clamp(number(instr.a), number(instr.b), number(instr.c)));
        break;
    }
    registers[i] = value;
  }

  for (size_t i = 0; i < program.results.size(); ++i) {
    results[i] = registers[static_cast<size_t>(program.results[i].reg)];
  }
}

}  // namespace slac::interp
