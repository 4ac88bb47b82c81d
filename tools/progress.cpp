#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace slac::cli {
namespace {

// A run shorter than this never shows progress.
constexpr auto kQuiet = std::chrono::seconds(2);
// Redrawing more often than this only costs time.
constexpr auto kRedraw = std::chrono::milliseconds(200);

}  // namespace

Progress::Progress(std::string what, std::string unit)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      terminal_(isatty(STDERR_FILENO) != 0),
      started_(std::chrono::steady_clock::now()),
      last_(started_) {}

void Progress::Update(int64_t count) {
  if (!terminal_) {
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (now - started_ < kQuiet || (shown_ && now - last_ < kRedraw)) {
    return;
  }
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, "\r%s: %lld %s...", what_.c_str(), static_cast<long long>(count),
               unit_.c_str());
  std::fflush(stderr);
}

void Progress::Clear() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }
}

}  // namespace slac::cli
