// The reference interpreter: evaluates the IR one instruction at a time. It defines what
// a policy decides; the JIT must agree with it on every lead.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/ir.h"
#include "ir/tables.h"

namespace slac::interp {

/// Evaluates `program` on `record` at instant `now_ms` (ms since the Unix epoch) and
/// writes one slot per `program.results` entry into `results`. `registers` is scratch
/// space, reused across calls to spare an allocation per lead.
void Evaluate(const ir::Program& program, const ir::Tables& tables, const ir::Record& record,
              int64_t now_ms, std::vector<int64_t>& registers, int64_t* results);

/// Evaluates window `window` of `program` on `record`. `operands` holds the window
/// length (when the window has one) and then the value of each attribute filter.
int64_t EvaluateWindow(const ir::Program& program, int32_t window, const ir::Record& record,
                       int64_t now_ms, const int64_t* operands);

/// The decay weight `0.5 ^ (age / half_life)` of an event. Generated code calls this very
/// function, so both engines agree to the last bit.
double DecayWeight(int64_t age_ms, int64_t half_life_ms);

/// Bit casts between the slot and the double it holds.
double AsNumber(int64_t slot);
int64_t FromNumber(double value);

}  // namespace slac::interp
