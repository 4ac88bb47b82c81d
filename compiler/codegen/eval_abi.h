// The calling convention between a host and a generated evaluator. The generated function
// reads everything it needs from one EvalArgs and writes one slot per result. Windows are
// loops in the generated code; sets of strings and decay weights call back into the host
// through the pointers given here, so generated objects hold no addresses and can be cached.
#pragma once

#include <cstdint>

namespace slac::codegen {

/// Whether `value` is in constant set `set`.
using InSetHook = int64_t (*)(const void* context, int32_t set, int64_t value);
/// The weight `0.5 ^ (age / half_life)` of an event; the interpreter uses the same function
/// so both engines round it identically.
using DecayHook = double (*)(int64_t age_ms, int64_t half_life_ms);

/// Every member is one pointer-sized slot; the generated code reads them by index.
struct EvalArgs {
  const int64_t* fields;
  const int64_t* events;
  int64_t event_count;
  int64_t now_ms;
  const int64_t* const* string_tables;
  int64_t string_count;
  const int64_t* string_constants;
  const void* context;
  InSetHook in_set;
  DecayHook decay;
};

/// The generated evaluator.
using EvaluateFunction = void (*)(const EvalArgs* args, int64_t* results);

/// The name of the generated function in its module.
inline constexpr const char* kEvaluateSymbol = "slac_evaluate";

/// Changes whenever generated code reads EvalArgs or the IR differently, so cached objects
/// from an older convention are never loaded.
inline constexpr int kAbiVersion = 2;

}  // namespace slac::codegen
