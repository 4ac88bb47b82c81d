// The registry of semantic checks. Each check is one function in its own file, reading
// the file and its symbol table and reporting into the sink.
#pragma once

#include <string_view>
#include <vector>

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"
#include "sema/symbols.h"

namespace slac {

class FileAnalysis;

struct CheckContext {
  const ast::PolicyFile& file;
  const SymbolTable& symbols;
  DiagnosticSink& sink;
  /// Names visible to the file, through the modules it uses.
  FileAnalysis* analysis;
};

using CheckFunction = void (*)(const CheckContext&);

struct NamedCheck {
  std::string_view name;
  CheckFunction run;
};

/// Every check, in the order they run.
const std::vector<NamedCheck>& AllChecks();

void CheckHeader(const CheckContext& context);
void CheckTimeZones(const CheckContext& context);
void CheckStageReferences(const CheckContext& context);
void CheckStageReachability(const CheckContext& context);
void CheckCalendars(const CheckContext& context);
void CheckRegexes(const CheckContext& context);
void CheckTypes(const CheckContext& context);
void CheckTests(const CheckContext& context);
void CheckHolidays(const CheckContext& context);
void LintUnused(const CheckContext& context);
void LintScores(const CheckContext& context);
void LintSlas(const CheckContext& context);
void LintStageRules(const CheckContext& context);
void LintDispositions(const CheckContext& context);

}  // namespace slac
