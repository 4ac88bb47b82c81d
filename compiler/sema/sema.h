// Semantic analysis of a parsed policy: the checks that need more than the grammar, such
// as duplicate definitions, stages missing from the graph or a time zone that does not
// exist. Reports into the sink; never throws for a user's mistake.
#pragma once

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"

namespace slac {

/// Runs every registered check on `file`.
void CheckPolicy(const ast::PolicyFile& file, DiagnosticSink& sink);

}  // namespace slac
