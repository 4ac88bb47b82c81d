// The calling convention between a host and a generated evaluator. The generated function
// reads everything it needs from one EvalArgs and writes one slot per result; windows and
// sets of strings call back into the runtime through the pointers given here.
#pragma once

#include <cstdint>

namespace slac::codegen {

struct EvalArgs;

/// Computes window `window` with its length and filter values in `operands`.
using WindowHook = int64_t (*)(const void* context, int32_t window, const EvalArgs* args,
                               const int64_t* operands);
/// Whether `value` is in constant set `set`.
using InSetHook = int64_t (*)(const void* context, int32_t set, int64_t value);

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
  WindowHook window;
  InSetHook in_set;
};

/// The generated evaluator.
using EvaluateFunction = void (*)(const EvalArgs* args, int64_t* results);

/// The name of the generated function in its module.
inline constexpr const char* kEvaluateSymbol = "slac_evaluate";

}  // namespace slac::codegen
