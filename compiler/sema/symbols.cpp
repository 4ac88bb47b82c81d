#include "sema/symbols.h"

#include <set>

namespace slac {
namespace {

// "a field", "an event kind", "an SLA".
std::string WithArticle(const std::string& kind) {
  bool vowel = kind.find_first_of("aeiouAEIOU") == 0 || kind == "SLA";
  return (vowel ? "an " : "a ") + kind;
}

class Collector {
 public:
  explicit Collector(DiagnosticSink& sink) : sink_(sink) {}

  void Define(std::map<std::string, Definition>& space, const ast::Identifier& name,
              const std::string& kind) {
    if (name.text.empty()) {
      return;
    }
    auto [existing, inserted] = space.emplace(name.text, Definition{kind, name.range});
    if (!inserted) {
      sink_.Report(DiagCode::kDuplicateDefinition, name.range, kind, name.text)
          .AddNote(fmt::format("`{}` is first defined here, as {}", name.text,
                               WithArticle(existing->second.kind)),
                   existing->second.range);
    }
  }

  void CheckEnum(const ast::TypeRef& type) {
    std::set<std::string> seen;
    for (const ast::Identifier& value : type.enum_values) {
      if (!seen.insert(value.text).second) {
        sink_.Report(DiagCode::kDuplicateEnumValue, value.range, value.text);
      }
    }
  }

  void AddStages(const ast::StagesDecl& decl, SymbolTable& table) {
    if (table.has_stage_graph) {
      sink_.Report(DiagCode::kDuplicateStageGraph, decl.range)
          .AddHelp("list every chain of stages in one `stages { ... }` block");
    }
    table.has_stage_graph = true;
    for (const auto& chain : decl.chains) {
      for (size_t i = 0; i < chain.size(); ++i) {
        const ast::Identifier& stage = chain[i];
        if (table.stages.emplace(stage.text, stage.range).second) {
          table.stage_order.push_back(stage.text);
        }
        if (i + 1 < chain.size()) {
          table.transitions[stage.text].push_back(chain[i + 1].text);
        }
      }
    }
  }

 private:
  DiagnosticSink& sink_;
};

}  // namespace

std::vector<std::string> SymbolTable::Names(const std::map<std::string, Definition>& space) {
  std::vector<std::string> names;
  for (const auto& [name, definition] : space) {
    names.push_back(name);
  }
  return names;
}

SymbolTable CollectSymbols(const ast::PolicyFile& file, DiagnosticSink& sink) {
  SymbolTable table;
  Collector collector(sink);
  for (const ast::DeclPtr& decl : file.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kLead:
        for (const ast::FieldDecl& field : ast::As<ast::LeadDecl>(*decl).fields) {
          collector.Define(table.values, field.name, "field");
          collector.CheckEnum(field.type);
        }
        break;
      case ast::DeclKind::kEvents:
        for (const ast::EventKindDecl& kind : ast::As<ast::EventsDecl>(*decl).kinds) {
          collector.Define(table.event_kinds, kind.name, "event kind");
          std::map<std::string, Definition> attributes;
          for (const ast::FieldDecl& attribute : kind.attributes) {
            collector.Define(attributes, attribute.name, "attribute");
            collector.CheckEnum(attribute.type);
          }
        }
        break;
      case ast::DeclKind::kCalendar:
        collector.Define(table.calendars, ast::As<ast::CalendarDecl>(*decl).name, "calendar");
        break;
      case ast::DeclKind::kHolidays:
        collector.Define(table.holidays, ast::As<ast::HolidaysDecl>(*decl).name, "holiday set");
        break;
      case ast::DeclKind::kScore:
        collector.Define(table.values, ast::As<ast::ScoreDecl>(*decl).name, "score");
        break;
      case ast::DeclKind::kSegment:
        collector.Define(table.values, ast::As<ast::SegmentDecl>(*decl).name, "segment");
        break;
      case ast::DeclKind::kLet:
        collector.Define(table.values, ast::As<ast::LetDecl>(*decl).name, "let");
        break;
      case ast::DeclKind::kSla:
        collector.Define(table.values, ast::As<ast::SlaDecl>(*decl).name, "SLA");
        break;
      case ast::DeclKind::kStages:
        collector.AddStages(ast::As<ast::StagesDecl>(*decl), table);
        break;
      case ast::DeclKind::kTest: {
        const auto& test = ast::As<ast::TestDecl>(*decl);
        collector.Define(table.tests, ast::Identifier{test.name.value, test.name.range}, "test");
        break;
      }
      case ast::DeclKind::kUse:
      case ast::DeclKind::kStageRule:
      case ast::DeclKind::kGuard:
      case ast::DeclKind::kDisposition:
      case ast::DeclKind::kCommitment:
        break;
    }
  }
  return table;
}

}  // namespace slac
