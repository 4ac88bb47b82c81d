// The seam between the test runner and the SLA clock engine. A test's `after` steps, its
// expectations on SLA state (`first_touch breached`, `first_touch.elapsed`) and on actions
// and violations run on a virtual clock that replays the test's events exactly as
// `slac replay` would. The runner drives that clock only through this interface, so the
// engine plugs in without the runner changing; until one is supplied, such tests are
// reported as errors that name what they wait for.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "ir/tables.h"

namespace slac::testing {

/// An escalation action or a violation the clocks emitted, as a test compares it.
struct ClockRecord {
  enum class Kind : uint8_t { kAction, kViolation };
  Kind kind = Kind::kAction;
  /// `notify owner`, `reassign queue "inbound-overflow"`, `breach`, or a guard's message.
  std::string text;
  int64_t at_ms = 0;
};

/// How one SLA stands at the clock's current instant.
struct SlaReading {
  bool open = false;
  bool met = false;
  bool breached = false;
  /// Elapsed time in the SLA's own measure (business time for a business target).
  std::optional<int64_t> elapsed_ms;
};

/// One lead on a virtual clock.
class VirtualClock {
 public:
  virtual ~VirtualClock() = default;

  /// Adds an event at `record`'s layout position; events arrive in time order.
  virtual void AddEvents(const ir::Record& record) = 0;

  /// Moves the clock forward by calendar time.
  virtual void Advance(int64_t ms) = 0;

  /// Moves the clock forward by business time of `calendar`; false when the policy has no
  /// such calendar.
  virtual bool AdvanceBusiness(int64_t ms, const std::string& calendar) = 0;

  virtual int64_t Now() const = 0;

  /// The SLA named `sla`; nothing when the policy has none.
  virtual std::optional<SlaReading> Read(const std::string& sla) const = 0;

  /// Actions and violations emitted since the previous call.
  virtual std::vector<ClockRecord> TakeRecords() = 0;
};

/// Makes a clock for one lead of one policy, started at `start_ms`.
class ClockEngine {
 public:
  virtual ~ClockEngine() = default;
  virtual std::unique_ptr<VirtualClock> Start(const ir::Program& program, const ir::Tables& tables,
                                              const ir::Record& lead, int64_t start_ms) = 0;
};

}  // namespace slac::testing
