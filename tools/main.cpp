// The `slac` command line.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <string>

#include "commands.h"
#include "exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{"slac: compiler and runtime for sales and marketing SLA policies"};
  app.name("slac");
  app.set_version_flag("--version", std::string("slac ") + SLAC_VERSION);
  app.require_subcommand(1);

  std::map<const CLI::App*, slac::cli::CommandRunner> runners;
  CLI::App* check = nullptr;
  {
    slac::cli::CommandRunner run = slac::cli::RegisterCheck(app);
    check = app.get_subcommands({}).back();
    runners[check] = std::move(run);
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
