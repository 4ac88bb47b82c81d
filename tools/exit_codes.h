// The exit codes of `slac`, stable across releases and listed in docs/cli.md.
#pragma once

#include "diagnostics/check.h"

namespace slac::cli {

/// Success: nothing to report at the level asked for.
inline constexpr int kExitOk = 0;
/// The input has errors (or warnings, with `--werror`).
inline constexpr int kExitErrors = 1;
/// The command line is wrong, or a file cannot be read.
inline constexpr int kExitUsage = 2;
/// A bug in slac; see SLAC_CHECK.
inline constexpr int kExitInternal = kInternalErrorExitCode;

}  // namespace slac::cli
