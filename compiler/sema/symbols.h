// The names a policy file defines, by namespace. Fields, scores, segments, lets and SLAs
// share one namespace because expressions refer to all of them by bare name; event kinds,
// calendars, holiday sets, stages and tests each have their own.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"

namespace slac {

struct Definition {
  std::string kind;  // "field", "let", "calendar", ... for messages
  SourceRange range;
};

struct SymbolTable {
  std::map<std::string, Definition> values;
  std::map<std::string, Definition> event_kinds;
  std::map<std::string, Definition> calendars;
  std::map<std::string, Definition> holidays;
  std::map<std::string, Definition> tests;
  /// Stages in the order they first appear in the `stages` graph.
  std::vector<std::string> stage_order;
  std::map<std::string, SourceRange> stages;
  /// Transitions of the graph, as "from" -> set of "to".
  std::map<std::string, std::vector<std::string>> transitions;
  bool has_stage_graph = false;

  static std::vector<std::string> Names(const std::map<std::string, Definition>& space);
  std::vector<std::string> StageNames() const { return stage_order; }
};

/// Collects the definitions of `file`, reporting names defined twice in one namespace.
SymbolTable CollectSymbols(const ast::PolicyFile& file, DiagnosticSink& sink);

}  // namespace slac
