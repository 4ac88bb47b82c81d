// The declaration printers of the formatter: each turns one construct into layout units.
// Internal to the formatter; see format.h for the interface.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "format/expr_printer.h"
#include "format/layout.h"
#include "format/source_text.h"

namespace slac::format_internal {

using Units = std::vector<Unit>;

class Formatter {
 public:
  Formatter(const ast::PolicyFile& file, const SourceText& text) : file_(file), text_(text) {}

  /// The whole file as layout units, in source order.
  Units File() const;

 private:
  // Building blocks (formatter.cpp).
  Unit Line(size_t indent, std::string text, const SourceRange& range) const;
  /// `head {`, the items, `}`; `head {}` when there are no items. Groups of items are
  /// put in source order.
  Units Block(size_t indent, const std::string& head, const SourceRange& range,
              std::vector<Units> groups) const;
  /// `prefix EXPR suffix` on one line, or broken before each `and`/`or` of the
  /// expression's top-level chain when too long; a breakable suffix (`else "..."`) then
  /// goes on a line of its own if needed.
  std::vector<std::string> Fit(size_t indent, const std::string& prefix, const ast::Expr& expr,
                               const std::string& suffix = "", bool suffix_breaks = false) const;
  void BreakChain(size_t indent, const std::string& prefix, const ast::Expr& expr,
                  const std::string& continuation, std::vector<std::string>& lines) const;
  std::vector<std::string> Broken(size_t indent, const std::string& prefix,
                                  const ast::Expr& expr) const;
  /// A field or attribute declaration, its enum values broken over lines when too long.
  std::vector<std::string> FieldLines(size_t indent, const ast::FieldDecl& field,
                                      const std::string& after = "") const;
  bool HasCommentInside(const SourceRange& range) const;
  std::string Type(const ast::TypeRef& type) const;
  std::string Title(const std::optional<ast::StringValue>& title) const;
  std::string Action(const ast::Action& action) const;

  // Header and declarations (formatter.cpp).
  Units Header(const ast::Header& header) const;
  Units Decl(const ast::Decl& decl) const;
  Units Lead(const ast::LeadDecl& decl) const;
  Units Events(const ast::EventsDecl& decl) const;
  Units Calendar(const ast::CalendarDecl& decl) const;
  Units Holidays(const ast::HolidaysDecl& decl) const;
  Units Score(const ast::ScoreDecl& decl) const;
  Units Stages(const ast::StagesDecl& decl) const;

  // Service levels and the declarations around them (format_sla.cpp).
  Units Sla(const ast::SlaDecl& decl) const;
  Units Guard(const ast::GuardDecl& decl) const;
  Units Disposition(const ast::DispositionDecl& decl) const;
  Units Commitment(const ast::CommitmentDecl& decl) const;
  std::string Target(const ast::Target& target) const;
  std::string SimpleTarget(const ast::SimpleTarget& target) const;
  std::string Metric(const ast::Metric& metric) const;

  // Tests (format_tests.cpp).
  Units Test(const ast::TestDecl& decl) const;
  Units Step(size_t indent, const ast::TestStep& step) const;
  Units LeadStep(size_t indent, const ast::TestStep& step) const;
  Units EventsStep(size_t indent, const ast::TestStep& step) const;
  std::vector<std::string> EventLines(size_t indent, const ast::EventValue& value) const;

  const ast::PolicyFile& file_;
  const SourceText& text_;
  ExprPrinter expr_{text_};
};

/// `text` padded with spaces to `width` columns.
std::string Padded(const std::string& text, size_t width);

}  // namespace slac::format_internal
