// The example policy's lead rules (examples/acme-inbound/acme.sla: fit, engagement, the
// enterprise segment, the hot let, the mql stage rules and the first_touch tier) written by
// hand in C++, over the same record layout and interned strings as the generated evaluator.
// It is the yardstick the JIT is measured against: what a careful engineer would write.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/ir.h"
#include "ir/tables.h"
#include "jit/jit.h"

namespace slac::bench {

class HandWritten {
 public:
  struct Result {
    double fit;
    double engagement;
    bool enterprise;
    bool hot;
    int64_t stage;
    int64_t tier;
  };

  /// Finds the slots of the example's fields and events in `program`'s layout, and
  /// computes the string flags (senior title, free-mail domain) for every string in `pool`.
  HandWritten(const ir::Program& program, const ir::StringPool& pool);

  void EvaluateBatch(const ir::Record* records, size_t count, int64_t now_ms,
                     Result* results) const;

  /// How many of the leads get another fit, engagement, segment, let, stage or tier from
  /// `native`.
  size_t CountDisagreements(const jit::CompiledPolicy& native, const ir::Tables& tables,
                            const ir::Record* records, size_t count, int64_t now_ms) const;

 private:
  Result Evaluate(const ir::Record& record, int64_t now_ms) const;

  const ir::Program& program_;
  int employees_ = 0;
  int industry_ = 0;
  int title_ = 0;
  int email_ = 0;
  int64_t saas_ = 0;
  int64_t fintech_ = 0;
  int64_t pricing_view_ = 0;
  int64_t demo_request_ = 0;
  int64_t webinar_ = 0;
  int64_t ebook_ = 0;
  int64_t unsubscribe_ = 0;
  int64_t stage_new_ = 0;
  int64_t stage_mql_ = 0;
  std::vector<uint8_t> senior_title_;
  std::vector<uint8_t> free_mail_;
};

}  // namespace slac::bench
