// Helpers for evaluation tests: compile a policy held in memory down to the IR and read
// results back by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"
#include "ir/ir.h"
#include "ir/record_builder.h"
#include "ir/tables.h"
#include "jit/jit.h"

namespace slac::testing {

/// A policy compiled to the IR, with its string pool and tables.
struct Compiled {
  SourceManager sources;
  DiagnosticSink sink;
  ir::Program program;
  ir::StringPool pool;
  std::unique_ptr<ir::Tables> tables;
  std::unique_ptr<ir::RecordBuilder> lead;
  /// The JIT-compiled evaluator, made on first use.
  std::unique_ptr<jit::CompiledPolicy> native;

  /// The diagnostics, for a failure message.
  std::string Diagnostics() const;
};

/// Checks and lowers `text`; the result has no errors if `sink.HasErrors()` is false.
std::unique_ptr<Compiled> CompileText(const std::string& text);

/// The index in `program.results` of the slot named `name` of kind `kind`.
int ResultIndex(const ir::Program& program, ir::ResultSlot::Kind kind, const std::string& name);

/// Milliseconds since the epoch of an RFC 3339 instant such as 2026-03-10T15:00:00Z.
int64_t Instant(const std::string& text);

inline constexpr int64_t kMinute = 60'000;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

}  // namespace slac::testing
