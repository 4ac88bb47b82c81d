// Type checking of expressions: names are resolved, units checked, enum values read in
// the light of what they are compared with (`industry in {saas, fintech}`).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "ast/ast.h"
#include "sema/analysis.h"
#include "sema/types.h"

namespace slac {

/// Where an expression stands, which decides what it may name.
struct ExprContext {
  /// Tests may name SLA members (`first_touch.target`) and the lead's `stage`.
  bool in_test = false;
  /// A disposition's `note required when reason == other` names its reasons.
  std::shared_ptr<const EnumValues> reasons;
  /// Parameters of a parameterised let.
  const std::map<std::string, Type>* params = nullptr;
};

class ExprChecker {
 public:
  ExprChecker(FileAnalysis& analysis, ExprContext context)
      : analysis_(analysis), context_(std::move(context)) {}

  /// The type of `expr`; `expected` lets bare names read as enum values or stages. The
  /// type, and for names the definition they resolve to, are recorded in the analysis.
  Type Check(const ast::Expr& expr, const Type* expected = nullptr);

  /// Checks that `expr` is a bool; `what` names the place ("a segment's condition").
  void ExpectBool(const ast::Expr& expr, const std::string& what);

  /// Checks that `expr` is a duration (business time allowed when `allow_business`).
  void ExpectDuration(const ast::Expr& expr, const std::string& what, bool allow_business);

  /// Checks that `expr` has type `want` (int widens to number).
  void ExpectType(const ast::Expr& expr, const Type& want, const std::string& what);

  /// Checks an event pattern: the kind exists and each filter names an attribute.
  const EventKindSymbol* CheckEvent(const ast::EventPattern& pattern);

  /// Reports a calendar that does not exist or, when none is named, that none or several
  /// exist.
  void CheckCalendarChoice(const std::optional<ast::Identifier>& calendar, SourceRange range);

  /// Whether `each` is accepted at the top of the next checked expression.
  void AllowEach() { allow_each_ = true; }

 private:
  Type CheckKind(const ast::Expr& expr, const Type* expected);
  Type CheckName(const ast::NameExpr& name, const Type* expected);
  Type CheckQualified(const ast::NameExpr& name);
  Type CheckCall(const ast::CallExpr& call);
  /// Reports a call of a function nobody defines, suggesting the closest one in reach.
  void ReportUnknownFunction(const ast::CallExpr& call);
  Type CheckBinary(const ast::BinaryExpr& binary);
  Type CheckArithmetic(const ast::BinaryExpr& binary, const Type& lhs, const Type& rhs);
  Type CheckSet(const ast::SetExpr& set, const Type* expected);
  Type CheckWindow(const ast::WindowExpr& window);
  Type CheckCase(const ast::CaseExpr& expr);
  Type SymbolType(const ValueSymbol& symbol);
  bool IsUnresolvedBareName(const ast::Expr& expr);

  FileAnalysis& analysis_;
  ExprContext context_;
  bool allow_each_ = false;
};

}  // namespace slac
