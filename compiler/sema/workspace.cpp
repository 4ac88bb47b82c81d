#include "sema/workspace.h"

#include <filesystem>

#include "diagnostics/source_loader.h"
#include "parse/parser.h"
#include "sema/analysis.h"

namespace slac {

Workspace::Workspace(SourceManager& sources, DiagnosticSink& sink, SemaOptions options)
    : sources_(sources), sink_(sink), options_(std::move(options)) {}

Workspace::~Workspace() = default;

LoadedFile* Workspace::Load(const std::string& path) {
  std::error_code error;
  std::string canonical = std::filesystem::weakly_canonical(path, error).string();
  if (error) {
    canonical = path;
  }
  if (auto found = files_.find(canonical); found != files_.end()) {
    return found->second.get();
  }

  std::optional<FileId> file = LoadSourceFile(path, sources_, sink_);
  if (!file) {
    return nullptr;
  }
  auto loaded = std::make_unique<LoadedFile>();
  loaded->path = path;
  loaded->canonical_path = canonical;
  loaded->file = *file;
  size_t errors_before = sink_.ErrorCount();
  loaded->ast = ParseFile(sources_, *file, sink_);
  loaded->parsed_cleanly = sink_.ErrorCount() == errors_before;
  LoadedFile* result = loaded.get();
  files_.emplace(canonical, std::move(loaded));
  return result;
}

LoadedFile* Workspace::LoadText(const std::string& path, std::string text) {
  FileId file = sources_.Add(path, text);
  auto loaded = std::make_unique<LoadedFile>();
  loaded->path = path;
  loaded->canonical_path = path;
  loaded->file = file;
  size_t errors_before = sink_.ErrorCount();
  if (ValidateSourceText(file, text, sink_)) {
    loaded->ast = ParseFile(sources_, file, sink_);
  }
  loaded->parsed_cleanly = sink_.ErrorCount() == errors_before;
  LoadedFile* result = loaded.get();
  files_[path] = std::move(loaded);
  return result;
}

LoadedFile* Workspace::Resolve(const LoadedFile& from, const ast::UseDecl& use) {
  namespace fs = std::filesystem;
  fs::path path;
  std::string shown;
  SourceRange range = use.range;
  if (use.module) {
    // `std.holidays.us` is stdlib/holidays/us.sla.
    shown = use.module->Joined();
    range = use.module->range;
    const auto& parts = use.module->parts;
    if (parts.empty() || parts[0].text != "std" || parts.size() < 2) {
      sink_.Report(DiagCode::kUnknownModule, range, shown)
          .AddHelp(
              "standard modules start with `std.`; a file of your own is used by its "
              "path in quotes, such as `use \"team.sla\"`");
      return nullptr;
    }
    path = options_.stdlib_dir;
    for (size_t i = 1; i < parts.size(); ++i) {
      path /= parts[i].text;
    }
    path += ".sla";
  } else if (use.path) {
    shown = use.path->value;
    range = use.path->range;
    path = fs::path(from.path).parent_path() / use.path->value;
  }

  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    Diagnostic& diagnostic = sink_.Report(DiagCode::kUnknownModule, range, shown);
    if (use.module) {
      diagnostic.AddHelp(
          "the standard library has std.freemail, std.holidays.us, "
          "std.holidays.uk, std.titles and std.crm");
    } else {
      diagnostic.AddNote(fmt::format("looked for `{}`", path.lexically_normal().string()));
    }
    return nullptr;
  }
  return Load(path.lexically_normal().string());
}

FileAnalysis& Workspace::AnalysisOf(LoadedFile& file) {
  auto found = analyses_.find(&file);
  if (found == analyses_.end()) {
    found = analyses_.emplace(&file, std::make_unique<FileAnalysis>(*this, file)).first;
  }
  return *found->second;
}

void Workspace::CheckAll() {
  // Checking a file can load more files; repeat until a pass loads nothing new.
  size_t checked = 0;
  while (checked != files_.size()) {
    checked = files_.size();
    std::vector<LoadedFile*> pending;
    for (auto& [path, file] : files_) {
      pending.push_back(file.get());
    }
    for (LoadedFile* file : pending) {
      Check(*file);
    }
  }
}

void Workspace::Check(LoadedFile& file) {
  if (!file.parsed_cleanly) {
    return;
  }
  AnalysisOf(file).CheckAll();
}

}  // namespace slac
