// Layout of test blocks: their steps, `after` steps, and the lead and events a test gives.
#include <algorithm>

#include "diagnostics/check.h"
#include "format/formatter.h"

namespace slac::format_internal {
namespace {

bool FitsAt(size_t indent, const std::string& text) {
  return Indent(indent).size() + text.size() <= kLineWidth;
}

std::string Joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (size_t index = 0; index < items.size(); ++index) {
    text += (index == 0 ? "" : separator) + items[index];
  }
  return text;
}

}  // namespace

Units Formatter::Test(const ast::TestDecl& decl) const {
  std::vector<Units> items;
  for (const ast::TestStep& step : decl.steps) {
    items.push_back(Step(1, step));
  }
  for (const ast::AfterStep& after : decl.after_steps) {
    // The `after` line is anchored to its own words only, so that comments among its
    // steps stay with them.
    Unit head = Line(1, "after " + expr_.Print(*after.advance) + ":", after.range);
    head.end = after.advance->range.end;
    Units group{head};
    for (const ast::TestStep& step : after.steps) {
      Units units = Step(2, step);
      if (group.size() == 1) {
        units.front().first_in_block = true;
      }
      group.insert(group.end(), units.begin(), units.end());
    }
    items.push_back(std::move(group));
  }
  return Block(0, "test " + text_.Literal(decl.name.range), decl.range, std::move(items));
}

Units Formatter::Step(size_t indent, const ast::TestStep& step) const {
  switch (step.kind) {
    case ast::TestStepKind::kAt:
      return {Line(indent, "at " + expr_.Print(*step.at), step.range)};
    case ast::TestStepKind::kLead:
      return LeadStep(indent, step);
    case ast::TestStepKind::kEvents:
      return EventsStep(indent, step);
    case ast::TestStepKind::kExpect: {
      const ast::Expectation& expectation = step.expectation;
      Unit unit = Line(indent, "", step.range);
      switch (expectation.kind) {
        case ast::ExpectationKind::kCondition:
          unit.lines = Fit(indent, "expect ", *expectation.condition);
          break;
        case ast::ExpectationKind::kAction:
          unit.lines = {std::string(expectation.negated ? "expect not action " : "expect action ") +
                        Action(expectation.action)};
          break;
        case ast::ExpectationKind::kViolation:
          unit.lines = {
              std::string(expectation.negated ? "expect not violation" : "expect violation") +
              (expectation.violation ? " " + text_.Literal(expectation.violation->range) : "")};
          break;
      }
      return {unit};
    }
  }
  SLAC_CHECK(false, "test step kind out of range");
  return {};
}

Units Formatter::LeadStep(size_t indent, const ast::TestStep& step) const {
  std::vector<std::string> fields;
  for (const ast::FieldValue& field : step.fields) {
    fields.push_back(field.field.text + ": " + expr_.Print(*field.value));
  }
  if (fields.empty()) {
    return {Line(indent, "lead {}", step.range)};
  }
  // Commas always separate the fields: without one, `1h business` followed by the next
  // field's name would read as a calendar.
  std::string single = "lead { " + Joined(fields, ", ") + " }";
  bool commented = HasCommentInside(step.range);
  if (!commented && FitsAt(indent, single)) {
    return {Line(indent, single, step.range)};
  }
  for (size_t index = 0; index + 1 < fields.size(); ++index) {
    fields[index] += ",";
  }
  if (commented) {
    std::vector<Units> items;
    for (size_t index = 0; index < fields.size(); ++index) {
      items.push_back({Line(indent + 1, fields[index], step.fields[index].range)});
    }
    return Block(indent, "lead", step.range, std::move(items));
  }

  // Without comments inside, fields fill lines the way a paragraph does.
  Unit unit = Line(indent, "lead {", step.range);
  std::string line;
  for (const std::string& field : fields) {
    if (!line.empty() && !FitsAt(indent + 1, line + " " + field)) {
      unit.lines.push_back(Indent(1) + line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + field;
  }
  unit.lines.push_back(Indent(1) + line);
  unit.lines.push_back("}");
  return {unit};
}

// One event of an `events` step at `indent`: on one line, or with its attributes filled
// onto lines under the first when that line would be too long.
std::vector<std::string> Formatter::EventLines(size_t indent, const ast::EventValue& value) const {
  std::vector<std::string> instants;
  for (const ast::ExprPtr& instant : value.instants) {
    instants.push_back(expr_.Print(*instant));
  }
  std::string tail = " at " + Joined(instants, ", ");
  std::string flat = expr_.Pattern(value.event) + tail;
  if (FitsAt(indent, flat) || value.event.filters.empty()) {
    return {flat};
  }

  std::string head = value.event.kind.text + "(";
  std::string hang(head.size(), ' ');
  std::vector<std::string> lines;
  std::string line = head;
  const auto& filters = value.event.filters;
  for (size_t index = 0; index < filters.size(); ++index) {
    std::string attribute =
        filters[index].attribute.text + ": " + expr_.Print(*filters[index].value);
    attribute += index + 1 < filters.size() ? "," : ")" + tail;
    bool fresh = line == head || line == hang;
    if (!fresh && !FitsAt(indent, line + " " + attribute)) {
      lines.push_back(line);
      line = hang;
      fresh = true;
    }
    line += (fresh ? "" : " ") + attribute;
  }
  lines.push_back(line);
  return lines;
}

Units Formatter::EventsStep(size_t indent, const ast::TestStep& step) const {
  std::vector<std::string> values;
  for (const ast::EventValue& value : step.events) {
    std::vector<std::string> instants;
    for (const ast::ExprPtr& instant : value.instants) {
      instants.push_back(expr_.Print(*instant));
    }
    values.push_back(expr_.Pattern(value.event) + " at " + Joined(instants, ", "));
  }
  if (values.empty()) {
    return {Line(indent, "events {}", step.range)};
  }
  std::string single = "events { " + Joined(values, "; ") + " }";
  bool commented = HasCommentInside(step.range);
  if (!commented && FitsAt(indent, single)) {
    return {Line(indent, single, step.range)};
  }

  // One event per line. A `;` stays only where the next line's event name would
  // otherwise be read as the calendar of a `business` duration ending this one.
  std::vector<std::vector<std::string>> events;
  for (size_t index = 0; index < step.events.size(); ++index) {
    events.push_back(EventLines(indent + 1, step.events[index]));
    const ast::Expr& last = *step.events[index].instants.back();
    bool ambiguous = index + 1 < step.events.size() && last.kind == ast::ExprKind::kBusiness &&
                     !ast::As<ast::BusinessExpr>(last).calendar;
    if (ambiguous) {
      events.back().back() += ";";
    }
  }
  if (commented) {
    std::vector<Units> items;
    for (size_t index = 0; index < events.size(); ++index) {
      Unit unit = Line(indent + 1, "", step.events[index].range);
      unit.lines = events[index];
      items.push_back({std::move(unit)});
    }
    return Block(indent, "events", step.range, std::move(items));
  }
  Unit unit = Line(indent, "events {", step.range);
  for (const std::vector<std::string>& lines : events) {
    for (const std::string& line : lines) {
      unit.lines.push_back(Indent(1) + line);
    }
  }
  unit.lines.push_back("}");
  return {unit};
}

}  // namespace slac::format_internal
