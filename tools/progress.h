// A progress line on stderr for long runs: `slac eval: 120000 records...`, rewritten in
// place, shown only when stderr is a terminal and the run has taken a couple of seconds,
// so that short runs, pipes and logs never see it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace slac::cli {

class Progress {
 public:
  /// `what` opens the line (`slac eval`), `unit` follows the count (`records`).
  Progress(std::string what, std::string unit);

  /// Shows `count` so far, at most a few times a second.
  void Update(int64_t count);
  /// Erases the line, before other output to stderr or at the end.
  void Clear();

 private:
  std::string what_;
  std::string unit_;
  bool terminal_ = false;
  bool shown_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace slac::cli
