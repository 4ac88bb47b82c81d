#include "testing/coverage.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "testing/test_values.h"

namespace slac::testing {

const char* Name(CoverageItem::Kind kind) {
  switch (kind) {
    case CoverageItem::Kind::kScoreRule:
      return "score_rule";
    case CoverageItem::Kind::kStageRule:
      return "stage_rule";
    case CoverageItem::Kind::kTier:
      return "tier";
    case CoverageItem::Kind::kGuard:
      return "guard";
    case CoverageItem::Kind::kEscalation:
      return "escalation";
    case CoverageItem::Kind::kDisposition:
      return "disposition_reason";
  }
  return "?";
}

const char* Name(CoverageItem::State state) {
  switch (state) {
    case CoverageItem::State::kExercised:
      return "exercised";
    case CoverageItem::State::kMissed:
      return "missed";
  }
  return "?";
}

int PolicyCoverage::Exercised() const {
  return static_cast<int>(std::count_if(items.begin(), items.end(), [](const CoverageItem& item) {
    return item.state == CoverageItem::State::kExercised;
  }));
}

double PolicyCoverage::Percent() const {
  int total = static_cast<int>(items.size());
  return total == 0 ? 100.0 : 100.0 * Exercised() / total;
}

CoverageTracker::CoverageTracker(const LoadedFile& policy, const SourceManager& sources) {
  using Kind = CoverageItem::Kind;
  for (const ast::DeclPtr& decl : policy.ast.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kScore: {
        const auto& score = ast::As<ast::ScoreDecl>(*decl);
        for (const ast::ScoreRule& rule : score.rules) {
          // Lowering names each rule's contribution `score/label`.
          std::string label =
              rule.label ? rule.label->value : fmt::format("rule {}", rule.range.begin.line);
          Tracked tracked;
          tracked.slot_kind = ir::ResultSlot::Kind::kRuleContribution;
          tracked.slot_name = score.name.text + "/" + label;
          Add(Kind::kScoreRule, fmt::format("{}: \"{}\"", score.name.text, label), rule.range,
              tracked);
        }
        break;
      }
      case ast::DeclKind::kStageRule: {
        const auto& rule = ast::As<ast::StageRuleDecl>(*decl);
        Tracked tracked;
        tracked.probe = static_cast<int>(probes_.size());
        probes_.push_back(CoverageProbe{rule.condition.get()});
        Add(Kind::kStageRule,
            fmt::format("{} when {}", rule.stage.text, SourceText(sources, rule.condition->range)),
            rule.range, tracked);
        break;
      }
      case ast::DeclKind::kSla: {
        const auto& sla = ast::As<ast::SlaDecl>(*decl);
        if (!sla.targets.empty()) {
          const auto& tiers = sla.targets.front().tiers;
          for (size_t i = 0; i < tiers.size(); ++i) {
            Tracked tracked;
            tracked.slot_kind = ir::ResultSlot::Kind::kTier;
            tracked.slot_name = sla.name.text;
            tracked.tier = static_cast<int64_t>(i);
            std::string tier = tiers[i].condition
                                   ? SourceText(sources, tiers[i].condition->range)
                                   : std::string(sla.targets.front().tiered ? "otherwise" : "");
            Add(Kind::kTier,
                tier.empty() ? sla.name.text : fmt::format("{}: {}", sla.name.text, tier),
                tiers[i].range, tracked);
          }
        }
        // Lowering numbers the thresholds in this order.
        int32_t index = 0;
        for (const ast::EscalateClause& clause : sla.escalations) {
          for (const ast::Escalation& step : clause.steps) {
            Tracked tracked;
            tracked.slot_name = sla.name.text;
            tracked.escalation = index++;
            Add(Kind::kEscalation,
                fmt::format("{} at {}", sla.name.text, SourceText(sources, step.threshold->range)),
                step.range, tracked);
          }
        }
        break;
      }
      case ast::DeclKind::kGuard: {
        const auto& guard = ast::As<ast::GuardDecl>(*decl);
        for (size_t i = 0; i < guard.requirements.size(); ++i) {
          Tracked tracked;
          tracked.slot_kind = ir::ResultSlot::Kind::kGuard;
          tracked.slot_name = fmt::format("{} -> {} #{}", guard.from.text, guard.to.text, i + 1);
          Add(Kind::kGuard,
              fmt::format("{} -> {}: \"{}\"", guard.from.text, guard.to.text,
                          guard.requirements[i].message.value),
              guard.requirements[i].range, tracked);
        }
        break;
      }
      case ast::DeclKind::kDisposition: {
        const auto& disposition = ast::As<ast::DispositionDecl>(*decl);
        std::string stages;
        std::vector<std::string> stage_names;
        for (const ast::Identifier& stage : disposition.stages) {
          stages += (stages.empty() ? "" : ", ") + stage.text;
          stage_names.push_back(stage.text);
        }
        for (const ast::ExprPtr& set : disposition.reason_sets) {
          if (set->kind != ast::ExprKind::kSet) {
            continue;
          }
          for (const ast::ExprPtr& reason : ast::As<ast::SetExpr>(*set).elements) {
            Tracked tracked;
            tracked.stages = stage_names;
            tracked.reason = SourceText(sources, reason->range);
            Add(Kind::kDisposition, fmt::format("{}: {}", stages, tracked.reason), reason->range,
                tracked);
          }
        }
        break;
      }
      default:
        break;
    }
  }
}

void CoverageTracker::Add(CoverageItem::Kind kind, std::string name, SourceRange range,
                          Tracked tracked) {
  tracked.item.kind = kind;
  tracked.item.name = std::move(name);
  tracked.item.range = range;
  tracked.item.state = CoverageItem::State::kMissed;
  tracked_.push_back(std::move(tracked));
}

void CoverageTracker::Record(const ir::Program& program, const std::vector<int64_t>& slots,
                             const std::vector<int>& probe_slots,
                             const std::vector<int>& coverage_probes) {
  for (Tracked& tracked : tracked_) {
    bool clocks = tracked.item.kind == CoverageItem::Kind::kEscalation ||
                  tracked.item.kind == CoverageItem::Kind::kDisposition;
    if (clocks) {
      continue;
    }
    int slot = -1;
    if (tracked.probe >= 0) {
      slot = probe_slots[coverage_probes[tracked.probe]];
    } else {
      for (size_t i = 0; i < program.results.size(); ++i) {
        if (program.results[i].kind == tracked.slot_kind &&
            program.results[i].name == tracked.slot_name) {
          slot = static_cast<int>(i);
        }
      }
    }
    if (slot < 0) {
      continue;
    }
    int64_t value = slots[slot];
    bool holds = false;
    switch (tracked.item.kind) {
      case CoverageItem::Kind::kScoreRule: {
        // A rule fired when it contributed points.
        double points = std::bit_cast<double>(value);
        holds = !std::isnan(points) && points != 0;
        break;
      }
      case CoverageItem::Kind::kTier:
        holds = value == tracked.tier;
        break;
      case CoverageItem::Kind::kStageRule:
      case CoverageItem::Kind::kGuard:
        holds = value != 0;
        break;
      case CoverageItem::Kind::kEscalation:
      case CoverageItem::Kind::kDisposition:
        break;
    }
    tracked.held = tracked.held || holds;
    tracked.failed = tracked.failed || !holds;
    // A guard is exercised once tests saw it both let a lead through and hold one back.
    bool exercised = tracked.item.kind == CoverageItem::Kind::kGuard
                         ? tracked.held && tracked.failed
                         : tracked.held;
    if (exercised) {
      tracked.item.state = CoverageItem::State::kExercised;
    }
  }
}

void CoverageTracker::RecordAction(const std::string& sla, int32_t escalation) {
  for (Tracked& tracked : tracked_) {
    if (tracked.item.kind == CoverageItem::Kind::kEscalation && tracked.slot_name == sla &&
        tracked.escalation == escalation) {
      tracked.item.state = CoverageItem::State::kExercised;
    }
  }
}

void CoverageTracker::RecordMove(const std::string& stage, const std::string& reason) {
  for (Tracked& tracked : tracked_) {
    if (tracked.item.kind == CoverageItem::Kind::kDisposition && tracked.reason == reason &&
        std::find(tracked.stages.begin(), tracked.stages.end(), stage) != tracked.stages.end()) {
      tracked.item.state = CoverageItem::State::kExercised;
    }
  }
}

PolicyCoverage CoverageTracker::Report() const {
  PolicyCoverage report;
  for (const Tracked& tracked : tracked_) {
    report.items.push_back(tracked.item);
  }
  return report;
}

}  // namespace slac::testing
