#include "ast/walk.h"

namespace slac::ast {
namespace {

void WalkOptional(const ExprPtr& expr, const ExprVisitor& visit) {
  if (expr) {
    WalkExpr(*expr, visit);
  }
}

void WalkPattern(const EventPattern& pattern, const ExprVisitor& visit) {
  for (const AttributeFilter& filter : pattern.filters) {
    WalkOptional(filter.value, visit);
  }
}

void WalkSimpleTarget(const SimpleTarget& target, const ExprVisitor& visit) {
  WalkOptional(target.duration, visit);
}

void WalkTarget(const Target& target, const ExprVisitor& visit) {
  if (target.single) {
    WalkSimpleTarget(*target.single, visit);
  }
  for (const TouchStep& step : target.steps) {
    WalkSimpleTarget(step.target, visit);
  }
}

void WalkTriggers(const std::vector<TriggerClause>& clauses, const ExprVisitor& visit) {
  for (const TriggerClause& clause : clauses) {
    for (const SlaTrigger& trigger : clause.triggers) {
      if (trigger.event) {
        WalkPattern(*trigger.event, visit);
      }
    }
  }
}

void WalkSla(const SlaDecl& sla, const ExprVisitor& visit) {
  WalkTriggers(sla.starts, visit);
  WalkTriggers(sla.met_by, visit);
  for (const TargetClause& clause : sla.targets) {
    for (const Tier& tier : clause.tiers) {
      WalkOptional(tier.condition, visit);
      WalkTarget(tier.target, visit);
    }
  }
  for (const auto* clauses : {&sla.applies_when, &sla.pause_while, &sla.every}) {
    for (const ExprClause& clause : *clauses) {
      WalkOptional(clause.expr, visit);
    }
  }
  for (const EscalateClause& clause : sla.escalations) {
    for (const Escalation& step : clause.steps) {
      WalkOptional(step.threshold, visit);
    }
  }
}

void WalkTestSteps(const std::vector<TestStep>& steps, const ExprVisitor& visit) {
  for (const TestStep& step : steps) {
    WalkOptional(step.at, visit);
    for (const FieldValue& field : step.fields) {
      WalkOptional(field.value, visit);
    }
    for (const EventValue& event : step.events) {
      WalkPattern(event.event, visit);
      for (const ExprPtr& instant : event.instants) {
        WalkOptional(instant, visit);
      }
    }
    WalkOptional(step.expectation.condition, visit);
  }
}

void WalkDecl(const Decl& decl, const ExprVisitor& visit) {
  switch (decl.kind) {
    case DeclKind::kScore: {
      const auto& score = As<ScoreDecl>(decl);
      for (const ExprPtr& half_life : score.half_lives) {
        WalkOptional(half_life, visit);
      }
      for (const ScoreRule& rule : score.rules) {
        WalkOptional(rule.condition, visit);
      }
      return;
    }
    case DeclKind::kSegment:
      WalkOptional(As<SegmentDecl>(decl).condition, visit);
      return;
    case DeclKind::kLet:
      WalkOptional(As<LetDecl>(decl).value, visit);
      return;
    case DeclKind::kStageRule:
      WalkOptional(As<StageRuleDecl>(decl).condition, visit);
      return;
    case DeclKind::kSla:
      WalkSla(As<SlaDecl>(decl), visit);
      return;
    case DeclKind::kGuard:
      for (const Requirement& requirement : As<GuardDecl>(decl).requirements) {
        WalkOptional(requirement.condition, visit);
      }
      return;
    case DeclKind::kDisposition: {
      const auto& disposition = As<DispositionDecl>(decl);
      for (const ExprPtr& reasons : disposition.reason_sets) {
        WalkOptional(reasons, visit);
      }
      for (const NoteRule& rule : disposition.note_rules) {
        WalkOptional(rule.when, visit);
      }
      return;
    }
    case DeclKind::kCommitment:
      for (const CommitmentTarget& target : As<CommitmentDecl>(decl).targets) {
        WalkOptional(target.value, visit);
      }
      return;
    case DeclKind::kTest: {
      const auto& test = As<TestDecl>(decl);
      WalkTestSteps(test.steps, visit);
      for (const AfterStep& after : test.after_steps) {
        WalkOptional(after.advance, visit);
        WalkTestSteps(after.steps, visit);
      }
      return;
    }
    case DeclKind::kUse:
    case DeclKind::kLead:
    case DeclKind::kEvents:
    case DeclKind::kCalendar:
    case DeclKind::kHolidays:
    case DeclKind::kStages:
      return;
  }
}

}  // namespace

void WalkExpr(const Expr& expr, const ExprVisitor& visit) {
  visit(expr);
  switch (expr.kind) {
    case ExprKind::kCall:
      for (const ExprPtr& argument : As<CallExpr>(expr).arguments) {
        WalkOptional(argument, visit);
      }
      return;
    case ExprKind::kSet:
      for (const ExprPtr& element : As<SetExpr>(expr).elements) {
        WalkOptional(element, visit);
      }
      return;
    case ExprKind::kUnary:
      WalkOptional(As<UnaryExpr>(expr).operand, visit);
      return;
    case ExprKind::kBinary:
      WalkOptional(As<BinaryExpr>(expr).lhs, visit);
      WalkOptional(As<BinaryExpr>(expr).rhs, visit);
      return;
    case ExprKind::kMatches:
      WalkOptional(As<MatchesExpr>(expr).subject, visit);
      return;
    case ExprKind::kBusiness:
      WalkOptional(As<BusinessExpr>(expr).duration, visit);
      return;
    case ExprKind::kSlaState:
      WalkOptional(As<SlaStateExpr>(expr).sla, visit);
      return;
    case ExprKind::kWindow:
      WalkPattern(As<WindowExpr>(expr).event, visit);
      WalkOptional(As<WindowExpr>(expr).within, visit);
      return;
    case ExprKind::kSince:
      WalkPattern(As<SinceExpr>(expr).event, visit);
      return;
    case ExprKind::kCase:
      for (const CaseArm& arm : As<CaseExpr>(expr).arms) {
        WalkOptional(arm.condition, visit);
        WalkOptional(arm.value, visit);
      }
      return;
    case ExprKind::kInt:
    case ExprKind::kNumber:
    case ExprKind::kPercent:
    case ExprKind::kDuration:
    case ExprKind::kString:
    case ExprKind::kBool:
    case ExprKind::kDate:
    case ExprKind::kInstant:
    case ExprKind::kTimeOfDay:
    case ExprKind::kNow:
    case ExprKind::kName:
    case ExprKind::kError:
      return;
  }
}

void WalkFile(const PolicyFile& file, const ExprVisitor& visit) {
  for (const DeclPtr& decl : file.decls) {
    WalkDecl(*decl, visit);
  }
}

}  // namespace slac::ast
