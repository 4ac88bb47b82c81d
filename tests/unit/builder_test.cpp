// The AST builder: shapes and source ranges of nodes. The full tree of every construct is
// covered by the golden dumps in tests/ast.
#include <catch2/catch.hpp>

#include "ast/dump.h"
#include "parse_helpers.h"

namespace slac::testing {
namespace {

const ast::Expr& LetValue(const Parsed& parsed, size_t index = 0) {
  REQUIRE(parsed.file.decls.size() > index);
  const auto& decl = parsed.file.decls[index];
  REQUIRE(decl->kind == ast::DeclKind::kLet);
  return *ast::As<ast::LetDecl>(*decl).value;
}

TEST_CASE("the header is decoded", "[builder]") {
  auto parsed = ParseText(
      "policy acme.inbound version 3.2.0-rc.1\n  owner \"revops@acme.example\"\n"
      "  timezone \"America/New_York\"\n  effective 2026-01-05\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const ast::Header& header = *parsed->file.header;
  CHECK_FALSE(header.is_module);
  CHECK(header.name.Joined() == "acme.inbound");
  CHECK(header.version.value == "3.2.0-rc.1");
  CHECK(header.owner->value == "revops@acme.example");
  CHECK(header.timezone->value == "America/New_York");
  CHECK(header.effective->month == 1u);
  CHECK(header.effective_range.begin == SourcePosition{4, 13});
}

TEST_CASE("binary operators nest by precedence, left to right", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) + "let x = 1 - 2 - 3 * 4\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const auto& outer = ast::As<ast::BinaryExpr>(LetValue(*parsed));
  CHECK(outer.op == ast::BinaryOp::kSubtract);
  CHECK(outer.rhs->kind == ast::ExprKind::kBinary);
  CHECK(ast::As<ast::BinaryExpr>(*outer.rhs).op == ast::BinaryOp::kMultiply);
  const auto& inner = ast::As<ast::BinaryExpr>(*outer.lhs);
  CHECK(inner.op == ast::BinaryOp::kSubtract);
  CHECK(ast::As<ast::IntLiteral>(*inner.lhs).value == 1);
}

TEST_CASE("every node carries its source range", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) + "let hot = engagement >= 80 and enterprise\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const auto& let = ast::As<ast::LetDecl>(*parsed->file.decls[0]);
  CHECK(let.range.begin == SourcePosition{2, 1});
  CHECK(let.range.end == SourcePosition{2, 42});
  CHECK(let.name.range.begin == SourcePosition{2, 5});
  const auto& conjunction = ast::As<ast::BinaryExpr>(*let.value);
  CHECK(conjunction.op_range.begin == SourcePosition{2, 28});
  CHECK(conjunction.op_range.end == SourcePosition{2, 31});
  CHECK(conjunction.lhs->range.begin == SourcePosition{2, 11});
  CHECK(conjunction.lhs->range.end == SourcePosition{2, 27});
}

TEST_CASE("columns count characters, not bytes", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) + "let x = \"caf\xC3\xA9\" == y\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const auto& comparison = ast::As<ast::BinaryExpr>(LetValue(*parsed));
  CHECK(comparison.lhs->range.end == SourcePosition{2, 15});
  CHECK(comparison.rhs->range.begin == SourcePosition{2, 19});
}

TEST_CASE("a parenthesised expression's range includes the parentheses", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) + "let x = (a or b)\n");
  const ast::Expr& value = LetValue(*parsed);
  CHECK(value.range.begin == SourcePosition{2, 9});
  CHECK(value.range.end == SourcePosition{2, 17});
}

TEST_CASE("a score rule keeps its label, points and cap", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) +
                          "score s \"Intent\" in -10..100 {\n"
                          "  decay half_life 30d\n"
                          "  \"pricing\": each pricing_view in last 7d => +15 capped 45\n"
                          "  any unsubscribe => -100\n"
                          "}\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const auto& score = ast::As<ast::ScoreDecl>(*parsed->file.decls[0]);
  CHECK(score.title->value == "Intent");
  CHECK(score.min == -10);
  CHECK(score.max == 100);
  REQUIRE(score.half_lives.size() == 1);
  CHECK(ast::As<ast::DurationLiteral>(*score.half_lives[0]).milliseconds == 30 * 86'400'000LL);
  REQUIRE(score.rules.size() == 2);
  CHECK(score.rules[0].label->value == "pricing");
  CHECK(score.rules[0].points == 15);
  CHECK(score.rules[0].cap == 45);
  CHECK_FALSE(score.rules[1].label.has_value());
  CHECK(score.rules[1].points == -100);
  const auto& window = ast::As<ast::WindowExpr>(*score.rules[0].condition);
  CHECK(window.op == ast::WindowOp::kEach);
  CHECK(window.event.kind.text == "pricing_view");
}

TEST_CASE("a tiered target keeps tiers in order with otherwise last", "[builder]") {
  auto parsed =
      ParseText(std::string(kHeader) +
                "sla first_touch {\n"
                "  starts entering mql\n"
                "  met by touch, entering sal\n"
                "  target {\n"
                "    hot: 5m\n"
                "    enterprise: 1h business sales_hours\n"
                "    otherwise: touch 1 within 4h business, touch 2 next business day\n"
                "  }\n"
                "  escalate { at 80%: notify owner  at 200%: reassign queue \"q\", breach }\n"
                "}\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const auto& sla = ast::As<ast::SlaDecl>(*parsed->file.decls[0]);
  REQUIRE(sla.met_by.size() == 1);
  CHECK(sla.met_by[0].triggers.size() == 2);
  CHECK(sla.met_by[0].triggers[1].entering);
  REQUIRE(sla.targets.size() == 1);
  const auto& tiers = sla.targets[0].tiers;
  REQUIRE(tiers.size() == 3);
  CHECK(ast::As<ast::NameExpr>(*tiers[0].condition).name.Joined() == "hot");
  CHECK(tiers[1].target.single->duration->kind == ast::ExprKind::kBusiness);
  CHECK(tiers[2].condition == nullptr);
  REQUIRE(tiers[2].target.steps.size() == 2);
  CHECK(tiers[2].target.steps[1].ordinal == 2);
  CHECK(tiers[2].target.steps[1].target.kind == ast::SimpleTargetKind::kNextBusinessDay);
  REQUIRE(sla.escalations.size() == 1);
  const auto& steps = sla.escalations[0].steps;
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].actions[0].kind == ast::ActionKind::kReassign);
  CHECK(steps[1].actions[0].text.value == "q");
  CHECK(steps[1].actions[1].kind == ast::ActionKind::kBreach);
}

TEST_CASE("a test block keeps steps before and after each advance", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) +
                          "test \"t\" {\n"
                          "  at 2026-03-06T17:30:00-05:00\n"
                          "  lead { employees: 2000, title: \"Director\" }\n"
                          "  events { pricing_view at -1d, -2d; touch(channel: phone) at now }\n"
                          "  expect stage == mql\n"
                          "  after 30m business:\n"
                          "    expect not first_touch breached\n"
                          "    expect action notify owner\n"
                          "  after 1h:\n"
                          "    expect violation \"recycling needs touches\"\n"
                          "}\n");
  REQUIRE(parsed->sink.diagnostics().empty());
  const auto& test = ast::As<ast::TestDecl>(*parsed->file.decls[0]);
  CHECK(test.name.value == "t");
  REQUIRE(test.steps.size() == 4);
  CHECK(test.steps[1].fields.size() == 2);
  REQUIRE(test.steps[2].events.size() == 2);
  CHECK(test.steps[2].events[0].instants.size() == 2);
  CHECK(test.steps[2].events[1].event.filters[0].attribute.text == "channel");
  REQUIRE(test.after_steps.size() == 2);
  CHECK(test.after_steps[0].steps.size() == 2);
  CHECK(test.after_steps[0].steps[1].expectation.kind == ast::ExpectationKind::kAction);
  CHECK(test.after_steps[1].steps[0].expectation.violation->value == "recycling needs touches");
}

TEST_CASE("keywords that open clauses may still be used as names", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) +
                          "lead { owner: string  note: string?  source: enum(open, closed) }\n"
                          "let x = owner == \"a\" and source == open\n");
  CHECK(parsed->sink.diagnostics().empty());
  const auto& lead = ast::As<ast::LeadDecl>(*parsed->file.decls[0]);
  REQUIRE(lead.fields.size() == 3);
  CHECK(lead.fields[1].type.optional);
  CHECK(lead.fields[2].type.enum_values[1].text == "closed");
}

TEST_CASE("after a syntax error the builder still returns the good declarations", "[builder]") {
  auto parsed = ParseText(std::string(kHeader) +
                          "let a = 1 +\n"
                          "let b = 2\n"
                          "sla x { target 5m }\n");
  CHECK(CodesAndPositions(parsed->sink) == "E0201@3:1");
  REQUIRE(parsed->file.decls.size() == 3);
  CHECK(ast::As<ast::LetDecl>(*parsed->file.decls[1]).name.text == "b");
  CHECK(parsed->file.decls[2]->kind == ast::DeclKind::kSla);
}

}  // namespace
}  // namespace slac::testing
