// Lowering of the clock plan (calendars, holidays, SLAs, guards, dispositions; see
// plan.h). The expression lowering stays in lower.cpp: the plan's lowering reaches it
// through PlanContext to put the per-lead values the clocks need into result slots.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "diagnostics/diagnostic.h"
#include "ir/ir.h"
#include "sema/analysis.h"

namespace slac::ir {

/// What the plan's lowering needs from the expression lowering.
struct PlanContext {
  FileAnalysis& analysis;
  DiagnosticSink& sink;
  /// The policy's time zone, which calendars without their own use.
  std::string timezone;
  Program& program;
  /// Lowers `expr` into a new result slot of `kind` and `type` named `name`, with the
  /// names in `enum_bindings` bound to those enum value indices; returns the slot index.
  std::function<int32_t(const ast::Expr& expr, ResultSlot::Kind kind, const std::string& name,
                        ValueType type, const std::map<std::string, int64_t>& enum_bindings)>
      output;
};

/// Fills `context.program.plan.calendars` from the file's calendars.
void LowerCalendars(PlanContext& context);

/// Fills the SLAs, guards, dispositions and transitions of `context.program.plan`. Runs
/// after LowerCalendars and after the tier and guard result slots exist.
void LowerSlas(PlanContext& context);

/// Both, in order.
inline void LowerPlan(PlanContext& context) {
  LowerCalendars(context);
  LowerSlas(context);
}

}  // namespace slac::ir
