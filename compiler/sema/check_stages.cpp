// Stages: every stage a rule, guard, disposition, SLA or commitment names is in the
// `stages` graph; guards sit on transitions of the graph; every stage can be reached.
#include <deque>
#include <set>

#include "sema/checks.h"
#include "sema/suggest.h"

namespace slac {
namespace {

void CheckStage(const CheckContext& context, const ast::Identifier& stage) {
  if (stage.text.empty() || context.symbols.stages.count(stage.text) > 0) {
    return;
  }
  Diagnostic& diagnostic = context.sink.Report(DiagCode::kUnknownStage, stage.range, stage.text);
  if (!context.symbols.has_stage_graph) {
    diagnostic.AddHelp("declare the lifecycle first, such as `stages { new -> mql -> sal }`");
    return;
  }
  if (auto closest = ClosestName(stage.text, context.symbols.StageNames())) {
    diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
  } else {
    diagnostic.AddHelp(fmt::format("add `{}` to the `stages` graph", stage.text));
  }
}

void CheckTriggers(const CheckContext& context, const std::vector<ast::TriggerClause>& clauses) {
  for (const ast::TriggerClause& clause : clauses) {
    for (const ast::SlaTrigger& trigger : clause.triggers) {
      if (trigger.entering) {
        CheckStage(context, trigger.stage);
      }
    }
  }
}

void CheckMetric(const CheckContext& context, const ast::Metric& metric) {
  if (metric.kind == ast::MetricKind::kEntered) {
    CheckStage(context, metric.name);
  }
  for (const ast::Metric& argument : metric.arguments) {
    CheckMetric(context, argument);
  }
}

bool HasTransition(const SymbolTable& symbols, const std::string& from, const std::string& to) {
  auto edges = symbols.transitions.find(from);
  if (edges == symbols.transitions.end()) {
    return false;
  }
  for (const std::string& target : edges->second) {
    if (target == to) {
      return true;
    }
  }
  return false;
}

}  // namespace

void CheckStageReferences(const CheckContext& context) {
  for (const ast::DeclPtr& decl : context.file.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kStageRule:
        CheckStage(context, ast::As<ast::StageRuleDecl>(*decl).stage);
        break;
      case ast::DeclKind::kGuard: {
        const auto& guard = ast::As<ast::GuardDecl>(*decl);
        size_t errors = context.sink.ErrorCount();
        CheckStage(context, guard.from);
        CheckStage(context, guard.to);
        if (context.sink.ErrorCount() == errors &&
            !HasTransition(context.symbols, guard.from.text, guard.to.text)) {
          SourceRange range{guard.from.range.file, guard.from.range.begin, guard.to.range.end};
          context.sink
              .Report(DiagCode::kTransitionNotInGraph, range, guard.from.text, guard.to.text)
              .AddHelp(
                  "a guard only runs on a move the graph allows; add the transition to "
                  "`stages` or guard another one");
        }
        break;
      }
      case ast::DeclKind::kDisposition:
        for (const ast::Identifier& stage : ast::As<ast::DispositionDecl>(*decl).stages) {
          CheckStage(context, stage);
        }
        break;
      case ast::DeclKind::kSla: {
        const auto& sla = ast::As<ast::SlaDecl>(*decl);
        CheckTriggers(context, sla.starts);
        CheckTriggers(context, sla.met_by);
        break;
      }
      case ast::DeclKind::kCommitment:
        for (const ast::CommitmentTarget& target : ast::As<ast::CommitmentDecl>(*decl).targets) {
          CheckMetric(context, target.metric);
        }
        break;
      case ast::DeclKind::kUse:
      case ast::DeclKind::kLead:
      case ast::DeclKind::kEvents:
      case ast::DeclKind::kCalendar:
      case ast::DeclKind::kHolidays:
      case ast::DeclKind::kScore:
      case ast::DeclKind::kSegment:
      case ast::DeclKind::kLet:
      case ast::DeclKind::kStages:
      case ast::DeclKind::kTest:
        break;
    }
  }
}

void CheckStageReachability(const CheckContext& context) {
  const SymbolTable& symbols = context.symbols;
  if (symbols.stage_order.empty()) {
    return;
  }

  // Every lead starts in the first stage written; the rest must be reachable from it.
  const std::string& start = symbols.stage_order.front();
  std::set<std::string> reached = {start};
  std::deque<std::string> queue = {start};
  while (!queue.empty()) {
    std::string stage = queue.front();
    queue.pop_front();
    auto edges = symbols.transitions.find(stage);
    if (edges == symbols.transitions.end()) {
      continue;
    }
    for (const std::string& next : edges->second) {
      if (reached.insert(next).second) {
        queue.push_back(next);
      }
    }
  }

  for (const std::string& stage : symbols.stage_order) {
    if (reached.count(stage) == 0) {
      context.sink.Report(DiagCode::kUnreachableStage, symbols.stages.at(stage), stage, start)
          .AddHelp(
              fmt::format("add a transition into `{}`, such as `{} -> {}`", stage, start, stage));
    }
  }
}

}  // namespace slac
