// The analysis of one file: the names it can see (its own, those of the modules it uses,
// and those of the policy a test file uses) and the checks run over its declarations.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"
#include "diagnostics/diagnostic.h"
#include "sema/types.h"
#include "sema/workspace.h"

namespace slac {

/// Something an expression can name: a field, let, segment, score, SLA or parameter.
struct ValueSymbol {
  enum class Kind { kField, kLet, kSegment, kScore, kSla, kParam };
  Kind kind = Kind::kField;
  Type type;
  const ast::LetDecl* let = nullptr;
  FileAnalysis* owner = nullptr;
  SourceRange range;
};

/// "a field", "a let", ... for messages.
const char* Describe(ValueSymbol::Kind kind);

struct EventKindSymbol {
  std::map<std::string, Type> attributes;
  SourceRange range;
};

/// Longest chain of lets defined in terms of one another, and of files using one another.
inline constexpr size_t kMaxLetChain = 256;
inline constexpr size_t kMaxUseChain = 64;

class FileAnalysis {
 public:
  FileAnalysis(Workspace& workspace, LoadedFile& file);

  /// Checks every declaration of the file, once.
  void CheckAll();

  // Name lookup, through used modules and a used policy.
  const ValueSymbol* FindValue(const std::string& name);
  FileAnalysis* FindModule(const std::string& prefix);
  const EventKindSymbol* FindEvent(const std::string& name);
  bool HasCalendar(const std::string& name);
  size_t CalendarCount();
  bool HasHolidays(const ast::QualifiedName& name);
  bool HasStage(const std::string& name);

  /// Candidates for "did you mean" among values, events, calendars and stages.
  std::vector<std::string> ValueNames();
  std::vector<std::string> EventNames();
  std::vector<std::string> CalendarNames();
  std::vector<std::string> StageNames();

  /// Every event kind the file can name, its own first, each name once.
  std::vector<std::pair<std::string, const EventKindSymbol*>> VisibleEventKinds();

  /// The type of a let, computed on first use; a cycle among lets is reported once.
  Type LetType(const ValueSymbol& symbol);

  /// The type a schema declares, reporting unknown type names.
  Type Resolve(const ast::TypeRef& type, const std::string& enum_name);

  /// What the checker learnt about an expression, for lowering: its type, and for a name
  /// or call the definition it refers to.
  void RecordType(const ast::Expr& expr, const Type& type) { expr_types_[&expr] = type; }
  void RecordSymbol(const ast::Expr& expr, const ValueSymbol& symbol) {
    expr_symbols_[&expr] = &symbol;
  }
  const Type* TypeOf(const ast::Expr& expr) const;
  const ValueSymbol* SymbolOf(const ast::Expr& expr) const;

  Workspace& workspace() { return workspace_; }
  DiagnosticSink& sink() { return workspace_.sink(); }
  const LoadedFile& file() const { return file_; }
  const std::shared_ptr<const EnumValues>& stage_enum() const { return stage_enum_; }
  /// Every disposition reason of the policy.
  const std::shared_ptr<const EnumValues>& reason_enum() const { return reason_enum_; }
  /// The module name others use to qualify this file's names.
  std::string ExportPrefix() const;

 private:
  void Build();
  void Collect();
  void ImportUses();

  Workspace& workspace_;
  LoadedFile& file_;
  bool built_ = false;
  bool checked_ = false;

  std::map<std::string, ValueSymbol> values_;
  std::map<std::string, EventKindSymbol> events_;
  std::map<std::string, SourceRange> calendars_;
  std::map<std::string, SourceRange> holidays_;
  std::map<std::string, FileAnalysis*> modules_;
  std::vector<FileAnalysis*> unqualified_;  // modules' event kinds; a test file's policy
  FileAnalysis* policy_ = nullptr;
  std::set<std::string> stages_;
  std::shared_ptr<const EnumValues> stage_enum_;
  std::shared_ptr<const EnumValues> reason_enum_;
  std::unique_ptr<EventKindSymbol> moved_;

  std::unordered_map<const ast::Expr*, Type> expr_types_;
  std::unordered_map<const ast::Expr*, const ValueSymbol*> expr_symbols_;

  enum class LetState { kPending, kInProgress, kDone };
  std::map<const ast::LetDecl*, LetState> let_states_;
  std::map<const ast::LetDecl*, Type> let_types_;
  std::vector<const ast::LetDecl*> let_stack_;
  bool reported_let_chain_ = false;
};

}  // namespace slac
