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

/// `slac compile --emit ir|llvm|asm FILE`: print the policy IR, the optimised LLVM IR or the
/// native assembly of the evaluator.
CommandRunner RegisterCompile(CLI::App& app);

/// `slac fmt [-w] [--check] [--diff] FILE...`: print policies in the canonical layout.
CommandRunner RegisterFmt(CLI::App& app);

/// `slac test [PATHS...]`: run policy test blocks, with coverage and JUnit output.
CommandRunner RegisterTest(CLI::App& app);

/// `slac eval --policy P --leads FILE`: decide leads, one decision per lead on stdout.
CommandRunner RegisterEval(CLI::App& app);

/// `slac gen`: write deterministic synthetic leads.
CommandRunner RegisterGen(CLI::App& app);

/// `slac replay --policy P --events FILE`: run a CRM event stream through the SLA clocks.
CommandRunner RegisterReplay(CLI::App& app);

}  // namespace slac::cli
