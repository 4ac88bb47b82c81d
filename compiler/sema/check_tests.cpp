// Test blocks: the lead names real fields with values of their types, events are declared
// kinds, instants and advances are times and durations, and expectations are bools.
#include <fmt/format.h>

#include "sema/analysis.h"
#include "sema/checks.h"
#include "sema/expr_checker.h"
#include "sema/suggest.h"

namespace slac {
namespace {

void CheckFields(ExprChecker& checker, FileAnalysis& analysis,
                 const std::vector<ast::FieldValue>& fields) {
  for (const ast::FieldValue& value : fields) {
    const ValueSymbol* symbol = analysis.FindValue(value.field.text);
    if (symbol == nullptr || symbol->kind != ValueSymbol::Kind::kField) {
      std::vector<std::string> names;
      for (const std::string& name : analysis.ValueNames()) {
        const ValueSymbol* candidate = analysis.FindValue(name);
        if (candidate != nullptr && candidate->kind == ValueSymbol::Kind::kField) {
          names.push_back(name);
        }
      }
      Diagnostic& diagnostic =
          analysis.sink().Report(DiagCode::kUnknownField, value.field.range, value.field.text);
      if (auto closest = ClosestName(value.field.text, names)) {
        diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
      }
      continue;
    }
    checker.ExpectType(*value.value, symbol->type.Required(),
                       fmt::format("the field `{}`", value.field.text));
  }
}

void CheckSteps(ExprChecker& checker, FileAnalysis& analysis,
                const std::vector<ast::TestStep>& steps) {
  for (const ast::TestStep& step : steps) {
    switch (step.kind) {
      case ast::TestStepKind::kAt:
        checker.ExpectType(*step.at, Type::Of(TypeKind::kTime), "a test's `at`");
        break;
      case ast::TestStepKind::kLead:
        CheckFields(checker, analysis, step.fields);
        break;
      case ast::TestStepKind::kEvents:
        for (const ast::EventValue& event : step.events) {
          checker.CheckEvent(event.event);
          for (const ast::ExprPtr& instant : event.instants) {
            Type type = checker.Check(*instant);
            bool fits = type.IsError() || type.kind == TypeKind::kTime ||
                        (type.kind == TypeKind::kDuration && !type.business);
            if (!fits) {
              analysis.sink().Report(DiagCode::kTypeMismatch, instant->range,
                                     "when an event happened",
                                     "an instant or an offset such as `-5m`", Describe(type));
            }
          }
        }
        break;
      case ast::TestStepKind::kExpect:
        if (step.expectation.kind == ast::ExpectationKind::kCondition) {
          checker.ExpectBool(*step.expectation.condition, "an expectation");
        }
        break;
    }
  }
}

}  // namespace

void CheckTests(const CheckContext& context) {
  FileAnalysis& analysis = *context.analysis;
  ExprContext test_context;
  test_context.in_test = true;
  ExprChecker checker(analysis, test_context);
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind != ast::DeclKind::kTest) {
      continue;
    }
    const auto& test = ast::As<ast::TestDecl>(*decl);
    CheckSteps(checker, analysis, test.steps);
    for (const ast::AfterStep& after : test.after_steps) {
      checker.ExpectDuration(*after.advance, "how far `after` moves the clock", true);
      CheckSteps(checker, analysis, after.steps);
    }
  }
}

}  // namespace slac
