// Measuring an SLA's time: on the wall clock or in a calendar's opening hours, with the
// spans the SLA was paused left out.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "calendar/calendar.h"

namespace slac::sla {

/// A way of counting time: wall-clock when `calendar` is null, else opening hours.
class TimeBase {
 public:
  explicit TimeBase(const calendar::Calendar* calendar = nullptr) : calendar_(calendar) {}

  /// Time counted between two instants; 0 when `to_ms <= from_ms`.
  int64_t Span(int64_t from_ms, int64_t to_ms) const;
  /// The instant at which `amount_ms` has been counted since `from_ms` (kNever when the
  /// calendar never opens again).
  int64_t Advance(int64_t from_ms, int64_t amount_ms) const;

  const calendar::Calendar* calendar() const { return calendar_; }

 private:
  const calendar::Calendar* calendar_ = nullptr;
};

/// The spans during which an SLA's clock ran: closed spans, and the span running now.
class RunSpans {
 public:
  /// Starts running at `start_ms`.
  explicit RunSpans(int64_t start_ms) : running_since_(start_ms) {}

  bool running() const { return running_since_ != calendar::kNever; }
  void Pause(int64_t at_ms);
  void Resume(int64_t at_ms);

  /// Time counted on `base` while running, up to instant `at_ms`.
  int64_t Elapsed(const TimeBase& base, int64_t at_ms) const;
  /// The instant at which the time counted on `base` reaches `amount_ms`, if the clock
  /// keeps running; kNever while paused. An amount already reached returns the instant
  /// the current span started.
  int64_t DueAt(const TimeBase& base, int64_t amount_ms) const;

 private:
  std::vector<std::pair<int64_t, int64_t>> closed_;
  int64_t running_since_ = calendar::kNever;
};

}  // namespace slac::sla
