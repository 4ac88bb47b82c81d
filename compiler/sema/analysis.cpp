#include "sema/analysis.h"

#include <fmt/format.h>

#include <algorithm>

#include "sema/checks.h"
#include "sema/expr_checker.h"
#include "sema/suggest.h"
#include "sema/symbols.h"

namespace slac {

const char* Describe(ValueSymbol::Kind kind) {
  switch (kind) {
    case ValueSymbol::Kind::kField:
      return "a field";
    case ValueSymbol::Kind::kLet:
      return "a let";
    case ValueSymbol::Kind::kSegment:
      return "a segment";
    case ValueSymbol::Kind::kScore:
      return "a score";
    case ValueSymbol::Kind::kSla:
      return "an SLA";
    case ValueSymbol::Kind::kParam:
      return "a parameter";
  }
  return "a name";
}

FileAnalysis::FileAnalysis(Workspace& workspace, LoadedFile& file)
    : workspace_(workspace), file_(file) {}

std::string FileAnalysis::ExportPrefix() const {
  return file_.ast.header ? file_.ast.header->name.Joined() : "";
}

void FileAnalysis::Build() {
  if (built_) {
    return;
  }
  built_ = true;
  Collect();
  ImportUses();
}

Type FileAnalysis::Resolve(const ast::TypeRef& type, const std::string& enum_name) {
  Type resolved;
  if (type.is_enum) {
    auto values = std::make_shared<EnumValues>();
    values->name = enum_name;
    for (const ast::Identifier& value : type.enum_values) {
      values->values.push_back(value.text);
    }
    resolved = Type::Enum(std::move(values));
  } else {
    static const std::map<std::string, TypeKind> kNamed = {
        {"bool", TypeKind::kBool},
        {"int", TypeKind::kInt},
        {"number", TypeKind::kNumber},
        {"string", TypeKind::kString},
        {"time", TypeKind::kTime},
        {"duration", TypeKind::kDuration},
        {"percent", TypeKind::kPercent},
        {"date", TypeKind::kDate},
        {"time_of_day", TypeKind::kTimeOfDay},
    };
    const std::string& name = type.name.text;
    if (name == "set" && type.argument) {
      resolved = Type::SetOf(Resolve(*type.argument, enum_name));
    } else if (auto found = kNamed.find(name); found != kNamed.end() && !type.argument) {
      resolved = Type::Of(found->second);
    } else {
      std::vector<std::string> names = {"set"};
      for (const auto& [known, kind] : kNamed) {
        names.push_back(known);
      }
      Diagnostic& diagnostic = sink().Report(DiagCode::kUnknownType, type.name.range, name);
      if (auto closest = ClosestName(name, names)) {
        diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
      } else {
        diagnostic.AddHelp(
            "the types are bool, int, number, string, time, duration, percent, "
            "date, enum(...) and set(T)");
      }
      return Type::Error();
    }
  }
  resolved.optional = type.optional;
  return resolved;
}

void FileAnalysis::Collect() {
  auto define = [&](const ast::Identifier& name, ValueSymbol::Kind kind, Type type,
                    const ast::LetDecl* let = nullptr) {
    ValueSymbol symbol;
    symbol.kind = kind;
    symbol.type = std::move(type);
    symbol.let = let;
    symbol.owner = this;
    symbol.range = name.range;
    values_.emplace(name.text, std::move(symbol));
  };
  std::set<std::string> reasons;

  for (const ast::DeclPtr& decl : file_.ast.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kLead:
        for (const ast::FieldDecl& field : ast::As<ast::LeadDecl>(*decl).fields) {
          define(field.name, ValueSymbol::Kind::kField, Resolve(field.type, field.name.text));
        }
        break;
      case ast::DeclKind::kEvents:
        for (const ast::EventKindDecl& kind : ast::As<ast::EventsDecl>(*decl).kinds) {
          EventKindSymbol symbol;
          symbol.range = kind.name.range;
          for (const ast::FieldDecl& attribute : kind.attributes) {
            symbol.attributes.emplace(attribute.name.text,
                                      Resolve(attribute.type, attribute.name.text));
          }
          events_.emplace(kind.name.text, std::move(symbol));
        }
        break;
      case ast::DeclKind::kCalendar: {
        const auto& calendar = ast::As<ast::CalendarDecl>(*decl);
        calendars_.emplace(calendar.name.text, calendar.name.range);
        break;
      }
      case ast::DeclKind::kHolidays: {
        const auto& holidays = ast::As<ast::HolidaysDecl>(*decl);
        holidays_.emplace(holidays.name.text, holidays.name.range);
        break;
      }
      case ast::DeclKind::kScore:
        define(ast::As<ast::ScoreDecl>(*decl).name, ValueSymbol::Kind::kScore,
               Type::Of(TypeKind::kNumber));
        break;
      case ast::DeclKind::kSegment:
        define(ast::As<ast::SegmentDecl>(*decl).name, ValueSymbol::Kind::kSegment,
               Type::Of(TypeKind::kBool));
        break;
      case ast::DeclKind::kLet: {
        const auto& let = ast::As<ast::LetDecl>(*decl);
        define(let.name, ValueSymbol::Kind::kLet, Type::Error(), &let);
        break;
      }
      case ast::DeclKind::kSla:
        define(ast::As<ast::SlaDecl>(*decl).name, ValueSymbol::Kind::kSla,
               Type::Of(TypeKind::kSla));
        break;
      case ast::DeclKind::kStages: {
        for (const auto& chain : ast::As<ast::StagesDecl>(*decl).chains) {
          for (const ast::Identifier& stage : chain) {
            stages_.insert(stage.text);
          }
        }
        break;
      }
      case ast::DeclKind::kDisposition:
        for (const ast::ExprPtr& set : ast::As<ast::DispositionDecl>(*decl).reason_sets) {
          for (const ast::ExprPtr& element : ast::As<ast::SetExpr>(*set).elements) {
            if (element->kind == ast::ExprKind::kName) {
              reasons.insert(ast::As<ast::NameExpr>(*element).name.Joined());
            }
          }
        }
        break;
      case ast::DeclKind::kUse:
      case ast::DeclKind::kStageRule:
      case ast::DeclKind::kGuard:
      case ast::DeclKind::kCommitment:
      case ast::DeclKind::kTest:
        break;
    }
  }

  if (!reasons.empty()) {
    auto values = std::make_shared<EnumValues>();
    values->name = "reason";
    values->values.assign(reasons.begin(), reasons.end());
    reason_enum_ = std::move(values);
  }

  if (!stages_.empty()) {
    auto values = std::make_shared<EnumValues>();
    values->name = "stage";
    values->values.assign(stages_.begin(), stages_.end());
    stage_enum_ = std::move(values);
  }
}

void FileAnalysis::ImportUses() {
  std::vector<LoadedFile*>& building = workspace_.building();
  building.push_back(&file_);

  for (const ast::DeclPtr& decl : file_.ast.decls) {
    if (decl->kind != ast::DeclKind::kUse) {
      continue;
    }
    const auto& use = ast::As<ast::UseDecl>(*decl);
    LoadedFile* used = workspace_.Resolve(file_, use);
    if (used == nullptr) {
      continue;
    }

    if (building.size() > kMaxUseChain) {
      sink()
          .Report(DiagCode::kNestingTooDeep, use.range, kMaxUseChain)
          .AddNote("files here `use` one another in a chain this long");
      continue;
    }

    // A file already being set up further out uses this one: a cycle.
    auto in_progress = std::find(building.begin(), building.end(), used);
    if (in_progress != building.end()) {
      std::string chain;
      for (auto it = in_progress; it != building.end(); ++it) {
        chain += (*it)->path + " -> ";
      }
      sink().Report(DiagCode::kModuleCycle, use.range, chain + used->path);
      continue;
    }
    if (!used->parsed_cleanly) {
      continue;
    }

    FileAnalysis& module = workspace_.AnalysisOf(*used);
    module.Build();
    bool is_policy = used->ast.header && !used->ast.header->is_module;
    if (is_policy && file_.ast.header) {
      sink()
          .Report(DiagCode::kPolicyUsesPolicy, use.range)
          .AddHelp("start the shared file with `module NAME` instead of `policy`");
      continue;
    }
    if (is_policy) {
      // A test file sees the policy it tests as if it were written there.
      if (policy_ != nullptr) {
        sink().Report(DiagCode::kTwoPolicies, use.range, policy_->file().path);
        continue;
      }
      policy_ = &module;
      unqualified_.push_back(&module);
      if (!stage_enum_) {
        stage_enum_ = module.stage_enum();
      }
      if (!reason_enum_) {
        reason_enum_ = module.reason_enum();
      }
      continue;
    }
    std::string prefix = use.alias    ? use.alias->text
                         : use.module ? use.module->Joined()
                                      : module.ExportPrefix();
    modules_[prefix] = &module;

    // Event kinds of modules are seen without a prefix, so two modules may not both
    // declare one the policy does not declare itself.
    for (const auto& [name, kind] : module.events_) {
      if (events_.count(name) > 0) {
        continue;
      }
      for (FileAnalysis* other : unqualified_) {
        auto clash = other->events_.find(name);
        if (clash != other->events_.end()) {
          sink()
              .Report(DiagCode::kDuplicateDefinition, use.range, "event kind", name)
              .AddNote(fmt::format("`{}` is also defined here", name), kind.range)
              .AddNote(fmt::format("`{}` is first defined here", name), clash->second.range);
        }
      }
    }
    unqualified_.push_back(&module);
  }

  building.pop_back();
}

const ValueSymbol* FileAnalysis::FindValue(const std::string& name) {
  Build();
  if (auto found = values_.find(name); found != values_.end()) {
    return &found->second;
  }
  return policy_ != nullptr ? policy_->FindValue(name) : nullptr;
}

FileAnalysis* FileAnalysis::FindModule(const std::string& prefix) {
  Build();
  if (auto found = modules_.find(prefix); found != modules_.end()) {
    return found->second;
  }
  return policy_ != nullptr ? policy_->FindModule(prefix) : nullptr;
}

const EventKindSymbol* FileAnalysis::FindEvent(const std::string& name) {
  Build();
  if (auto found = events_.find(name); found != events_.end()) {
    return &found->second;
  }
  // Event kinds of used modules are seen without a prefix: `use std.crm` then `any
  // demo_request`.
  for (FileAnalysis* module : unqualified_) {
    if (const EventKindSymbol* kind = module->FindEvent(name)) {
      return kind;
    }
  }

  // `moved(to: S, reason: R, note: "...")` is a stage change a person made in the CRM;
  // every policy with stages has it, so tests can drive guards and dispositions.
  if (name == "moved" && stage_enum_) {
    if (!moved_) {
      moved_ = std::make_unique<EventKindSymbol>();
      moved_->attributes.emplace("to", Type::Enum(stage_enum_));
      Type reason = reason_enum_ ? Type::Enum(reason_enum_) : Type::Of(TypeKind::kString);
      moved_->attributes.emplace("reason", reason);
      moved_->attributes.emplace("note", Type::Of(TypeKind::kString));
    }
    return moved_.get();
  }
  return nullptr;
}

std::vector<std::pair<std::string, const EventKindSymbol*>> FileAnalysis::VisibleEventKinds() {
  Build();
  std::vector<std::pair<std::string, const EventKindSymbol*>> kinds;
  std::set<std::string> seen;
  for (const auto& [name, kind] : events_) {
    seen.insert(name);
    kinds.emplace_back(name, &kind);
  }
  for (FileAnalysis* module : unqualified_) {
    for (const auto& [name, kind] : module->VisibleEventKinds()) {
      if (seen.insert(name).second) {
        kinds.emplace_back(name, kind);
      }
    }
  }
  if (stage_enum_ && seen.count("moved") == 0) {
    kinds.emplace_back("moved", FindEvent("moved"));
  }
  return kinds;
}

bool FileAnalysis::HasCalendar(const std::string& name) {
  Build();
  return calendars_.count(name) > 0 || (policy_ != nullptr && policy_->HasCalendar(name));
}

size_t FileAnalysis::CalendarCount() {
  Build();
  return calendars_.size() + (policy_ != nullptr ? policy_->CalendarCount() : 0);
}

bool FileAnalysis::HasHolidays(const ast::QualifiedName& name) {
  Build();
  const auto& parts = name.parts;
  if (parts.size() == 1) {
    return holidays_.count(parts[0].text) > 0;
  }
  std::string prefix;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    prefix += (i == 0 ? "" : ".") + parts[i].text;
  }
  FileAnalysis* module = FindModule(prefix);
  return module != nullptr && module->holidays_.count(parts.back().text) > 0;
}

bool FileAnalysis::HasStage(const std::string& name) {
  Build();
  return stages_.count(name) > 0 || (policy_ != nullptr && policy_->HasStage(name));
}

std::vector<std::string> FileAnalysis::ValueNames() {
  Build();
  std::vector<std::string> names;
  for (const auto& [name, symbol] : values_) {
    names.push_back(name);
  }
  if (policy_ != nullptr) {
    std::vector<std::string> more = policy_->ValueNames();
    names.insert(names.end(), more.begin(), more.end());
  }
  return names;
}

std::vector<std::string> FileAnalysis::EventNames() {
  Build();
  std::vector<std::string> names;
  for (const auto& [name, symbol] : events_) {
    names.push_back(name);
  }
  for (FileAnalysis* module : unqualified_) {
    std::vector<std::string> more = module->EventNames();
    names.insert(names.end(), more.begin(), more.end());
  }
  return names;
}

std::vector<std::string> FileAnalysis::CalendarNames() {
  Build();
  std::vector<std::string> names;
  for (const auto& [name, range] : calendars_) {
    names.push_back(name);
  }
  if (policy_ != nullptr) {
    std::vector<std::string> more = policy_->CalendarNames();
    names.insert(names.end(), more.begin(), more.end());
  }
  return names;
}

std::vector<std::string> FileAnalysis::StageNames() {
  Build();
  return std::vector<std::string>(stages_.begin(), stages_.end());
}

Type FileAnalysis::LetType(const ValueSymbol& symbol) {
  Build();
  const ast::LetDecl* let = symbol.let;
  if (symbol.owner != this) {
    return symbol.owner->LetType(symbol);
  }
  LetState& state = let_states_[let];
  if (state == LetState::kDone) {
    return let_types_[let];
  }
  if (state == LetState::kInProgress) {
    // Report the cycle once, at the let that closes it.
    std::string chain;
    auto start = std::find(let_stack_.begin(), let_stack_.end(), let);
    for (auto it = start; it != let_stack_.end(); ++it) {
      chain += (*it)->name.text + " -> ";
    }
    sink().Report(DiagCode::kLetCycle, let->name.range, let->name.text, chain + let->name.text);
    let_types_[let] = Type::Error();
    return Type::Error();
  }

  // Each let refers to the next on the stack; past a bound, the chain is rejected rather
  // than followed, since checking and lowering recurse along it.
  if (let_stack_.size() >= kMaxLetChain) {
    if (!reported_let_chain_) {
      sink()
          .Report(DiagCode::kNestingTooDeep, let->name.range, kMaxLetChain)
          .AddNote("lets here refer to one another in a chain this long");
      reported_let_chain_ = true;
    }
    let_states_[let] = LetState::kDone;
    let_types_[let] = Type::Error();
    return Type::Error();
  }
  state = LetState::kInProgress;
  let_stack_.push_back(let);
  std::map<std::string, Type> params;
  for (const ast::Param& param : let->params) {
    params.emplace(param.name.text, Resolve(param.type, param.name.text));
  }
  ExprContext context;
  context.params = &params;
  ExprChecker checker(*this, context);
  Type type = checker.Check(*let->value);
  if (type.kind == TypeKind::kEach) {
    type = Type::Error();
  }
  if (let->type) {
    Type declared = Resolve(*let->type, let->name.text);
    if (!IsAssignable(type, declared)) {
      sink().Report(DiagCode::kTypeMismatch, let->value->range,
                    fmt::format("the value of `{}`", let->name.text), Describe(declared),
                    Describe(type));
    }
    type = declared;
  }
  let_stack_.pop_back();

  // A cycle found inside may already have set this let's type to an error.
  if (let_states_[let] != LetState::kDone) {
    let_states_[let] = LetState::kDone;
    if (!let_types_.count(let)) {
      let_types_[let] = type;
    }
  }
  return let_types_[let];
}

const Type* FileAnalysis::TypeOf(const ast::Expr& expr) const {
  auto found = expr_types_.find(&expr);
  return found == expr_types_.end() ? nullptr : &found->second;
}

const ValueSymbol* FileAnalysis::SymbolOf(const ast::Expr& expr) const {
  auto found = expr_symbols_.find(&expr);
  return found == expr_symbols_.end() ? nullptr : found->second;
}

void FileAnalysis::CheckAll() {
  if (checked_) {
    return;
  }
  checked_ = true;
  Build();

  SymbolTable symbols = CollectSymbols(file_.ast, sink());
  CheckContext context{file_.ast, symbols, sink(), this};
  for (const NamedCheck& check : AllChecks()) {
    check.run(context);
  }
}

}  // namespace slac
