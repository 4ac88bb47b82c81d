// Stage rules and dispositions: a stage rule that repeats another or can never hold (also
// when a score it reads never gets that high or low), and a list of disposition reasons
// with no `other` for the reason nobody foresaw.
#include <map>
#include <set>

#include "ast/dump.h"
#include "sema/checks.h"
#include "sema/score_bounds.h"

namespace slac {
namespace {

// Two conditions are the same when their trees print the same; ranges are not printed.
std::string Shape(const ast::Expr& expr) {
  ast::PolicyFile wrapper;
  auto let = std::make_unique<ast::LetDecl>(SourceRange{});
  let->value = std::unique_ptr<ast::Expr>(const_cast<ast::Expr*>(&expr));
  wrapper.decls.push_back(std::move(let));
  std::string shape = ast::DumpAst(wrapper);
  // The tree is borrowed, not owned: give it back before the wrapper is destroyed.
  static_cast<ast::LetDecl&>(*wrapper.decls[0]).value.release();
  return shape;
}

}  // namespace

void LintStageRules(const CheckContext& context) {
  std::map<std::string, std::set<std::string>> seen;
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind != ast::DeclKind::kStageRule) {
      continue;
    }
    const auto& rule = ast::As<ast::StageRuleDecl>(*decl);
    if (ReportIfNeverHolds(context, *rule.condition, "stage rule")) {
      continue;
    }
    if (!seen[rule.stage.text].insert(Shape(*rule.condition)).second) {
      context.sink.Report(DiagCode::kShadowedStageRule, rule.range, rule.stage.text);
    }
  }
}

void LintDispositions(const CheckContext& context) {
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind != ast::DeclKind::kDisposition) {
      continue;
    }
    const auto& disposition = ast::As<ast::DispositionDecl>(*decl);
    bool has_other = false;
    for (const ast::ExprPtr& set : disposition.reason_sets) {
      for (const ast::ExprPtr& element : ast::As<ast::SetExpr>(*set).elements) {
        has_other = has_other || (element->kind == ast::ExprKind::kName &&
                                  ast::As<ast::NameExpr>(*element).name.Joined() == "other");
      }
    }
    if (!has_other && !disposition.reason_sets.empty()) {
      context.sink.Report(DiagCode::kDispositionWithoutOther, disposition.reason_sets[0]->range)
          .AddHelp("add `other`, with `note required when reason == other`");
    }
  }
}

}  // namespace slac
