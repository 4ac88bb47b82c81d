// Lowering of a checked policy to the IR. Runs only on a file that checked without
// errors; every name is resolved and every expression typed by then.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "ir/ir.h"
#include "sema/analysis.h"

namespace slac::ir {

/// Lowers the policy analysed by `analysis`. Forms the evaluator does not compute (SLA
/// state in tests, business time inside expressions) are reported as E1101.
Program Lower(FileAnalysis& analysis, DiagnosticSink& sink);

/// An expression to evaluate beside the policy's results: a test's expectation or a
/// condition a coverage report watches. `scope` is the analysis that typed it (a test file
/// that uses the policy, or the policy itself). In a probe, `stage` is the qualified stage
/// and `SLA.target` the duration of the tier that applies.
struct Probe {
  const ast::Expr* expr = nullptr;
  FileAnalysis* scope = nullptr;
};

/// Lowers the policy as above, then each probe as a `ResultSlot::Kind::kProbe` result
/// named by its index, in order.
Program Lower(FileAnalysis& analysis, DiagnosticSink& sink, const std::vector<Probe>& probes);

}  // namespace slac::ir
