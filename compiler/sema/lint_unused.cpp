// Definitions nobody reads: lets, segments, event kinds and lead fields that no rule,
// target, guard or test of the file names. A module's definitions are its exports and
// are never reported.
#include <set>

#include "ast/walk.h"
#include "sema/checks.h"

namespace slac {
namespace {

struct Uses {
  std::set<std::string> names;
  std::set<std::string> events;

  void Event(const ast::EventPattern& pattern) { events.insert(pattern.kind.text); }
};

void CollectTriggers(const std::vector<ast::TriggerClause>& clauses, Uses& uses) {
  for (const ast::TriggerClause& clause : clauses) {
    for (const ast::SlaTrigger& trigger : clause.triggers) {
      if (trigger.event) {
        uses.Event(*trigger.event);
      }
    }
  }
}

Uses CollectUses(const ast::PolicyFile& file) {
  Uses uses;
  ast::WalkFile(file, [&](const ast::Expr& expr) {
    switch (expr.kind) {
      case ast::ExprKind::kName:
        uses.names.insert(ast::As<ast::NameExpr>(expr).name.parts.front().text);
        break;
      case ast::ExprKind::kCall: {
        const auto& call = ast::As<ast::CallExpr>(expr);
        uses.names.insert(call.callee.parts.front().text);
        break;
      }
      case ast::ExprKind::kWindow:
        uses.Event(ast::As<ast::WindowExpr>(expr).event);
        break;
      case ast::ExprKind::kSince:
        uses.Event(ast::As<ast::SinceExpr>(expr).event);
        break;
      default:
        break;
    }
  });

  // Event kinds also appear outside expressions: SLA triggers, touch steps, test events.
  for (const ast::DeclPtr& decl : file.decls) {
    if (decl->kind == ast::DeclKind::kSla) {
      const auto& sla = ast::As<ast::SlaDecl>(*decl);
      CollectTriggers(sla.starts, uses);
      CollectTriggers(sla.met_by, uses);
      for (const ast::TargetClause& clause : sla.targets) {
        for (const ast::Tier& tier : clause.tiers) {
          for (const ast::TouchStep& step : tier.target.steps) {
            uses.events.insert(step.event.text);
          }
        }
      }
    }
  }
  return uses;
}

}  // namespace

void LintUnused(const CheckContext& context) {
  const ast::PolicyFile& file = context.file;
  if (!file.header || file.header->is_module) {
    return;
  }
  Uses uses = CollectUses(file);
  auto report = [&](const ast::Identifier& name, const char* kind) {
    if (!name.text.empty() && uses.names.count(name.text) == 0) {
      context.sink.Report(DiagCode::kUnusedDefinition, name.range, kind, name.text);
    }
  };

  for (const ast::DeclPtr& decl : file.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kLet:
        report(ast::As<ast::LetDecl>(*decl).name, "let");
        break;
      case ast::DeclKind::kSegment:
        report(ast::As<ast::SegmentDecl>(*decl).name, "segment");
        break;
      case ast::DeclKind::kLead:
        for (const ast::FieldDecl& field : ast::As<ast::LeadDecl>(*decl).fields) {
          // `id` names the lead in every decision the runtime emits: it is always read.
          if (field.name.text != "id") {
            report(field.name, "field");
          }
        }
        break;
      case ast::DeclKind::kEvents:
        for (const ast::EventKindDecl& kind : ast::As<ast::EventsDecl>(*decl).kinds) {
          if (uses.events.count(kind.name.text) == 0) {
            context.sink.Report(DiagCode::kUnusedDefinition, kind.name.range, "event kind",
                                kind.name.text);
          }
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace slac
