#include "sla/clock.h"

#include <algorithm>

namespace slac::sla {

int64_t TimeBase::Span(int64_t from_ms, int64_t to_ms) const {
  if (to_ms <= from_ms) {
    return 0;
  }
  return calendar_ == nullptr ? to_ms - from_ms : calendar_->Elapsed(from_ms, to_ms);
}

int64_t TimeBase::Advance(int64_t from_ms, int64_t amount_ms) const {
  return calendar_ == nullptr ? from_ms + std::max<int64_t>(amount_ms, 0)
                              : calendar_->Add(from_ms, amount_ms);
}

void RunSpans::Pause(int64_t at_ms) {
  if (!running()) {
    return;
  }
  closed_.emplace_back(running_since_, std::max(at_ms, running_since_));
  running_since_ = calendar::kNever;
}

void RunSpans::Resume(int64_t at_ms) {
  if (!running()) {
    running_since_ = at_ms;
  }
}

int64_t RunSpans::Elapsed(const TimeBase& base, int64_t at_ms) const {
  int64_t total = 0;
  for (const auto& [from, to] : closed_) {
    total += base.Span(from, std::min(to, at_ms));
  }
  if (running()) {
    total += base.Span(running_since_, at_ms);
  }
  return total;
}

int64_t RunSpans::DueAt(const TimeBase& base, int64_t amount_ms) const {
  if (!running()) {
    return calendar::kNever;
  }
  int64_t counted = 0;
  for (const auto& [from, to] : closed_) {
    counted += base.Span(from, to);
  }
  return base.Advance(running_since_, amount_ms - counted);
}

}  // namespace slac::sla
