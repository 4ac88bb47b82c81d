// Invariant checks. A failed check is a bug in slac, never a user's mistake: it prints an
// "internal error" banner with the location and exits with a code of its own, so scripts
// can tell a crash of the tool from a policy with errors.
#pragma once

namespace slac {

/// Exit code used when an internal invariant fails.
inline constexpr int kInternalErrorExitCode = 3;

[[noreturn]] void FailCheck(const char* condition, const char* file, int line, const char* reason);

}  // namespace slac

#define SLAC_CHECK(condition, reason)                              \
  do {                                                             \
    if (!(condition)) {                                            \
      ::slac::FailCheck(#condition, __FILE__, __LINE__, (reason)); \
    }                                                              \
  } while (false)
