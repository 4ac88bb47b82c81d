// Coverage of a policy by its tests: which score rules fired, which stage rules held,
// which SLA tiers applied and which guards were seen both to pass and to block, over
// every lead the tests evaluated; and, on the SLA clocks, which escalation thresholds
// fired and which disposition reasons a stage change gave.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "sema/analysis.h"
#include "sema/workspace.h"
#include "testing/test_run.h"

namespace slac::testing {

/// A condition the tracker needs evaluated with each lead, lowered as a probe.
struct CoverageProbe {
  const ast::Expr* expr = nullptr;
};

class CoverageTracker {
 public:
  CoverageTracker(const LoadedFile& policy, const SourceManager& sources);

  /// Conditions to lower as probes, in order; their results are passed to `Record`.
  const std::vector<CoverageProbe>& probes() const { return probes_; }

  /// Records one evaluation: `slots` are the results of `program`, `probe_slots` the
  /// result index of each probe and `coverage_probes` the probe index of each of
  /// `probes()`.
  void Record(const ir::Program& program, const std::vector<int64_t>& slots,
              const std::vector<int>& probe_slots, const std::vector<int>& coverage_probes);

  /// Escalation threshold `escalation` (in the order the SLA lists them) of `sla` fired.
  void RecordAction(const std::string& sla, int32_t escalation);
  /// A person moved a lead to `stage` giving `reason`.
  void RecordMove(const std::string& stage, const std::string& reason);

  PolicyCoverage Report() const;

 private:
  struct Tracked {
    CoverageItem item;
    /// How the item is read from a result: the slot's kind and name, a probe, or a tier.
    ir::ResultSlot::Kind slot_kind = ir::ResultSlot::Kind::kProbe;
    std::string slot_name;
    int probe = -1;
    int64_t tier = -1;
    /// Escalations: the SLA (in `slot_name`) and the threshold's index.
    int32_t escalation = -1;
    /// Disposition reasons: the stages and the reason.
    std::vector<std::string> stages;
    std::string reason;
    bool held = false;
    bool failed = false;
  };

  void Add(CoverageItem::Kind kind, std::string name, SourceRange range, Tracked tracked);

  std::vector<Tracked> tracked_;
  std::vector<CoverageProbe> probes_;
};

}  // namespace slac::testing
