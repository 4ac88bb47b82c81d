// Lowering of a checked policy to the IR. Runs only on a file that checked without
// errors; every name is resolved and every expression typed by then.
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"
#include "ir/ir.h"
#include "sema/analysis.h"

namespace slac::ir {

/// Lowers the policy analysed by `analysis`. Forms the evaluator does not compute (SLA
/// state in tests, business time inside expressions) are reported as E1101.
Program Lower(FileAnalysis& analysis, DiagnosticSink& sink);

}  // namespace slac::ir
