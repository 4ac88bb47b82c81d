// The formatter keeps meaning and settles in one pass: for every policy of the repository
// (examples, the standard library, test policies) and for generated policies, formatting
// gives a file that parses to the same syntax tree and lowers to the same IR, and
// formatting that result again changes nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "ast/dump.h"
#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"
#include "format/format.h"
#include "generator.h"
#include "ir/ir.h"
#include "ir/lower.h"
#include "parse/parser.h"
#include "sema/workspace.h"

namespace slac::testing {
namespace {

std::string StdlibDir() { return std::string(SLAC_SOURCE_DIR) + "/stdlib"; }

// A text parsed on its own: its tree (without source positions) and canonical text.
struct Parsed {
  bool ok = false;
  std::string tree;
  std::string formatted;
};

Parsed Parse(const std::string& path, const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  FileId id = sources.Add(path, text);
  ast::PolicyFile file = ParseFile(sources, id, sink);
  Parsed parsed;
  parsed.ok = !sink.HasErrors();
  if (parsed.ok) {
    parsed.tree = ast::DumpAst(file);
    parsed.formatted = format::FormatPolicy(file, sources.Get(id));
  }
  return parsed;
}

// The IR a policy text lowers to, loaded under `path` so that its relative `use`s resolve
// beside the original; empty for a module or a text with errors.
std::string LowerText(const std::string& path, const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  Workspace workspace(sources, sink, SemaOptions{StdlibDir()});
  LoadedFile* file = workspace.LoadText(path, text);
  workspace.CheckAll();
  if (file == nullptr || sink.HasErrors() || !file->ast.header || file->ast.header->is_module) {
    return "";
  }
  ir::Program program = ir::Lower(workspace.AnalysisOf(*file), sink);
  return sink.HasErrors() ? "" : ir::Print(program);
}

void CheckRoundTrip(const std::string& path, const std::string& text) {
  INFO("file " << path);
  Parsed original = Parse(path, text);
  REQUIRE(original.ok);
  Parsed formatted = Parse(path, original.formatted);
  REQUIRE(formatted.ok);
  CHECK(formatted.tree == original.tree);
  CHECK(formatted.formatted == original.formatted);
  CHECK(LowerText(path, original.formatted) == LowerText(path, text));
}

std::vector<std::string> RepositoryPolicies() {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  for (const char* folder : {"examples", "stdlib", "tests/testrun/policies", "tests/fmt",
                             "tests/replay/policies", "tests/eval"}) {
    fs::path root = fs::path(SLAC_SOURCE_DIR) / folder;
    if (!fs::exists(root)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      std::string name = entry.path().filename().string();
      // Cases named `fail_` are broken on purpose.
      if (entry.is_regular_file() && entry.path().extension() == ".sla" &&
          name.rfind("fail_", 0) != 0) {
        paths.push_back(entry.path().string());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST_CASE("formatting every policy of the repository keeps its meaning", "[fmt]") {
  std::vector<std::string> paths = RepositoryPolicies();
  REQUIRE(paths.size() > 20);
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    CheckRoundTrip(path, text.str());
  }
}

TEST_CASE("formatting generated policies keeps their meaning", "[fmt]") {
  const PolicyShape shapes[] = {{1, 2, 1, 1, 1}, {3, 5, 4, 2, 3}, {4, 8, 6, 3, 5}};
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    const PolicyShape& shape = shapes[seed % 3];
    std::string text = GeneratePolicy(seed, shape);
    INFO("seed " << seed);
    CheckRoundTrip("generated.sla", text);
  }
}

}  // namespace
}  // namespace slac::testing
