// `slac fmt`: prints policies in the canonical layout, rewrites them in place, or checks
// that they already are.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "commands.h"
#include "diagnostics/source_loader.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "format/format.h"
#include "parse/parser.h"

namespace slac::cli {
namespace {

struct FmtOptions {
  std::vector<std::string> files;
  bool write = false;
  bool check = false;
  bool diff = false;
  std::string color = "auto";
};

// Replaces the file `given` names (the file a link points to) with `text` through a
// temporary file in the same folder and a rename, so a reader never sees half a policy.
// Returns an error message, or nothing.
std::string WriteAtomically(const std::string& given, const std::string& text) {
  namespace fs = std::filesystem;

  // A link is kept: the file it points to is what gets rewritten.
  std::error_code resolved;
  std::string path =
      fs::is_symlink(given, resolved) ? fs::canonical(given, resolved).string() : given;
  if (resolved) {
    return "cannot follow the link `" + given + "`: " + resolved.message();
  }
  std::string temporary = path + ".slac-fmt." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return "cannot write `" + temporary + "`";
    }
  }
  std::error_code error;
  fs::permissions(temporary, fs::status(path, error).permissions(), error);
  fs::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return "cannot replace `" + path + "`: " + error.message();
  }
  return "";
}

// `-` formats standard input, for editors that pipe a buffer through `slac fmt -`.
std::optional<FileId> ReadStandardInput(SourceManager& sources, DiagnosticSink& sink) {
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
    text.erase(0, 3);
  }
  FileId file = sources.Add("<stdin>", text);
  if (!ValidateSourceText(file, text, sink)) {
    return std::nullopt;
  }
  return file;
}

int RunFmt(const FmtOptions& options) {
  if (options.write &&
      std::find(options.files.begin(), options.files.end(), "-") != options.files.end()) {
    std::cerr << "slac: `-w` rewrites files; standard input (`-`) can only be printed\n";
    return kExitUsage;
  }
  SourceManager sources;
  DiagnosticSink sink;
  bool differs = false;
  bool write_failed = false;

  for (const std::string& path : options.files) {
    size_t errors_before = sink.ErrorCount();
    std::optional<FileId> file =
        path == "-" ? ReadStandardInput(sources, sink) : LoadSourceFile(path, sources, sink);
    if (!file) {
      continue;
    }
    ast::PolicyFile tree = ParseFile(sources, *file, sink);
    // A file that does not parse is left alone: its tree is incomplete.
    if (sink.ErrorCount() != errors_before) {
      continue;
    }

    const std::string& original = sources.Get(*file).text();
    std::string formatted = format::FormatPolicy(tree, sources.Get(*file));
    bool changed = formatted != original;
    differs = differs || changed;
    if (options.diff) {
      std::cout << format::UnifiedDiff(original, formatted, path);
    } else if (options.check) {
      if (changed) {
        std::cout << path << "\n";
      }
    } else if (options.write) {
      if (changed) {
        if (std::string error = WriteAtomically(path, formatted); !error.empty()) {
          std::cerr << "slac: " << error << "\n";
          write_failed = true;
        }
      }
    } else {
      std::cout << formatted;
    }
  }

  int code =
      ReportDiagnostics(sources, sink, OutputOptions{"text", options.color, options.files.size()});
  if (write_failed) {
    return kExitUsage;
  }
  if (code != kExitOk) {
    return code;
  }
  return options.check && differs ? kExitErrors : kExitOk;
}

}  // namespace

CommandRunner RegisterFmt(CLI::App& app) {
  auto options = std::make_shared<FmtOptions>();
  CLI::App* command =
      app.add_subcommand("fmt", "Print policy files in the canonical layout, or rewrite them");
  command->add_option("files", options->files, "Policy files (.sla); `-` reads standard input")
      ->required();
  CLI::Option* write =
      command->add_flag("-w,--write", options->write, "Rewrite the files in place");
  CLI::Option* check = command->add_flag(
      "--check", options->check, "Print the names of files not in canonical layout; exit 1 if any");
  command->add_flag("--diff", options->diff, "Print a unified diff instead of the formatted text")
      ->excludes(write);
  write->excludes(check);
  AddColorOption(*command, options->color);
  return [options] { return RunFmt(*options); };
}

}  // namespace slac::cli
