#include "diagnostics/check.h"

#include <cstdio>
#include <cstdlib>

namespace slac {

void FailCheck(const char* condition, const char* file, int line, const char* reason) {
  std::fprintf(stderr,
               "slac: internal error: %s\n  check `%s` failed at %s:%d\n"
               "  this is a bug in slac; please report it with the input that caused it\n",
               reason, condition, file, line);
  std::fflush(stderr);
  std::_Exit(kInternalErrorExitCode);
}

}  // namespace slac
