// The `slac` command line.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_codes.h"
#include "sema/suggest.h"

int main(int argc, char** argv) {
  CLI::App app{"slac: compiler and runtime for sales and marketing SLA policies"};
  app.name("slac");
  app.set_version_flag("--version", std::string("slac ") + SLAC_VERSION);
  app.require_subcommand(1);

  // Each subcommand registers itself; the one the command line names is run.
  std::map<const CLI::App*, slac::cli::CommandRunner> runners;
  for (auto* registration :
       {&slac::cli::RegisterCheck, &slac::cli::RegisterCompile, &slac::cli::RegisterTest,
        &slac::cli::RegisterFmt, &slac::cli::RegisterEval, &slac::cli::RegisterGen,
        &slac::cli::RegisterReplay}) {
    slac::cli::CommandRunner run = (*registration)(app);
    runners[app.get_subcommands({}).back()] = std::move(run);
  }

  // An unknown command would otherwise read as a missing one; name it and suggest.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* subcommand : app.get_subcommands({})) {
      names.push_back(subcommand->get_name());
    }
    std::string given = argv[1];
    if (std::find(names.begin(), names.end(), given) == names.end()) {
      std::cerr << "slac: unknown command `" << given << "`";
      if (auto closest = slac::ClosestName(given, names)) {
        std::cerr << "; did you mean `" << *closest << "`?";
      }
      std::cerr << "\nRun with --help for the list of commands.\n";
      return slac::cli::kExitUsage;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return slac::cli::kExitUsage;
  }

  for (const auto& [subcommand, run] : runners) {
    if (subcommand->parsed()) {
      return run();
    }
  }
  return slac::cli::kExitUsage;
}
