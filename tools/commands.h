// Subcommands of `slac`. Each registers its options on the CLI11 app and returns the
// exit code when run.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace slac::cli {

/// A subcommand's entry point, called after the command line is parsed.
using CommandRunner = std::function<int()>;

/// `slac check FILE...`: parse, check and lint policies.
CommandRunner RegisterCheck(CLI::App& app);

/// `slac compile --emit ir FILE`: print the policy IR.
CommandRunner RegisterCompile(CLI::App& app);

}  // namespace slac::cli
