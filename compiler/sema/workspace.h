// The files of one run: each policy, module and test file is read and parsed once, however
// many files `use` it, and its analysis is shared. Resolves `use std.x` to the standard
// library and `use "path.sla"` relative to the file that says it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"
#include "diagnostics/source.h"

namespace slac {

class FileAnalysis;

struct SemaOptions {
  /// Folder of the standard library: module `std.a.b` is `<stdlib_dir>/a/b.sla`.
  std::string stdlib_dir;
};

/// A file read and parsed, with whether parsing succeeded without errors.
struct LoadedFile {
  std::string path;
  std::string canonical_path;
  FileId file = kNoFile;
  ast::PolicyFile ast;
  bool parsed_cleanly = false;
};

class Workspace {
 public:
  Workspace(SourceManager& sources, DiagnosticSink& sink, SemaOptions options);
  ~Workspace();

  /// Reads and parses `path` once. Returns nothing if it cannot be read.
  LoadedFile* Load(const std::string& path);

  /// Parses `text` as the file `path`, for tests and tools that hold a policy in memory.
  LoadedFile* LoadText(const std::string& path, std::string text);

  /// The file a `use` in `from` names; reports a module that does not exist.
  LoadedFile* Resolve(const LoadedFile& from, const ast::UseDecl& use);

  /// The analysis of `file`, built on first request.
  FileAnalysis& AnalysisOf(LoadedFile& file);

  /// Runs every check on `file` once.
  void Check(LoadedFile& file);

  /// Runs every check on every file loaded so far, including modules pulled in by `use`.
  void CheckAll();

  DiagnosticSink& sink() { return sink_; }
  SourceManager& sources() { return sources_; }

  /// Files whose environments are being built, innermost last, to detect cycles of `use`.
  std::vector<LoadedFile*>& building() { return building_; }

 private:
  SourceManager& sources_;
  DiagnosticSink& sink_;
  SemaOptions options_;
  std::map<std::string, std::unique_ptr<LoadedFile>> files_;
  std::map<const LoadedFile*, std::unique_ptr<FileAnalysis>> analyses_;
  std::vector<LoadedFile*> building_;
};

}  // namespace slac
