#include "format/formatter.h"

#include <algorithm>

#include "diagnostics/check.h"
#include "format/format.h"

namespace slac::format_internal {
namespace {

// Columns of `text`: code points, as the diagnostics count them.
size_t Width(const std::string& text) {
  size_t width = 0;
  for (char c : text) {
    width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return width;
}

bool Fits(size_t indent, const std::string& text) {
  return Indent(indent).size() + Width(text) <= kLineWidth;
}

// Continuation lines of a broken expression, two levels in from the line they continue.
const std::string kContinuation = Indent(2);

std::string Joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (size_t index = 0; index < items.size(); ++index) {
    text += (index == 0 ? "" : separator) + items[index];
  }
  return text;
}

bool IsBlock(ast::DeclKind kind) {
  switch (kind) {
    case ast::DeclKind::kUse:
    case ast::DeclKind::kSegment:
    case ast::DeclKind::kLet:
    case ast::DeclKind::kStageRule:
      return false;
    case ast::DeclKind::kLead:
    case ast::DeclKind::kEvents:
    case ast::DeclKind::kCalendar:
    case ast::DeclKind::kHolidays:
    case ast::DeclKind::kScore:
    case ast::DeclKind::kStages:
    case ast::DeclKind::kSla:
    case ast::DeclKind::kGuard:
    case ast::DeclKind::kDisposition:
    case ast::DeclKind::kCommitment:
    case ast::DeclKind::kTest:
      return true;
  }
  SLAC_CHECK(false, "declaration kind out of range");
  return true;
}

// A range from the start of `first` to the end of `last`.
SourceRange Span(const SourceRange& first, const SourceRange& last) {
  return SourceRange{first.file, first.begin, last.end};
}

}  // namespace

std::string Padded(const std::string& text, size_t width) {
  size_t own = Width(text);
  return own >= width ? text : text + std::string(width - own, ' ');
}

// ---- Building blocks ------------------------------------------------------------------

Unit Formatter::Line(size_t indent, std::string text, const SourceRange& range) const {
  Unit unit;
  unit.indent = indent;
  unit.lines.push_back(std::move(text));
  unit.begin = range.begin;
  unit.end = range.end;
  return unit;
}

Units Formatter::Block(size_t indent, const std::string& head, const SourceRange& range,
                       std::vector<Units> groups) const {
  std::erase_if(groups, [](const Units& group) { return group.empty(); });
  if (groups.empty()) {
    return {Line(indent, head + " {}", range)};
  }
  std::stable_sort(groups.begin(), groups.end(), [](const Units& a, const Units& b) {
    return a.front().begin < b.front().begin;
  });

  Unit opener = Line(indent, head + " {", range);
  opener.end = opener.begin;
  Units units{std::move(opener)};
  groups.front().front().first_in_block = true;
  for (Units& group : groups) {
    for (Unit& unit : group) {
      units.push_back(std::move(unit));
    }
  }
  Unit closer = Line(indent, "}", range);
  closer.begin = SourcePosition{range.end.line, std::max(range.end.column, 2u) - 1};
  closer.closer = true;
  units.push_back(std::move(closer));
  return units;
}

std::vector<std::string> Formatter::Fit(size_t indent, const std::string& prefix,
                                        const ast::Expr& expr, const std::string& suffix,
                                        bool suffix_breaks) const {
  std::string printed = expr_.Print(expr);
  if (Fits(indent, prefix + printed + suffix)) {
    return {prefix + printed + suffix};
  }

  // The expression broken before each `and` and `or` of its top-level chain, or in the
  // way its own form allows.
  std::vector<std::string> lines;
  if (suffix_breaks && Fits(indent, prefix + printed)) {
    lines = {prefix + printed};
  } else if (expr_.Chain(expr).size() > 1) {
    BreakChain(indent, prefix, expr, kContinuation, lines);
  } else {
    lines = Broken(indent, prefix, expr);
  }

  if (suffix_breaks && !Fits(indent, lines.back() + suffix)) {
    // The suffix starts with the space that separated it from the expression.
    lines.push_back(kContinuation + suffix.substr(1));
  } else {
    lines.back() += suffix;
  }
  return lines;
}

// Breaks the chain `expr` before each of its operators, the first operand after `prefix`
// and the others on lines starting with `continuation`. An operand still too long for its
// line, itself a chain that needs no parentheses (an `and` chain inside an `or`), is
// broken the same way, two columns further in.
void Formatter::BreakChain(size_t indent, const std::string& prefix, const ast::Expr& expr,
                           const std::string& continuation, std::vector<std::string>& lines) const {
  std::vector<ExprPrinter::ChainPiece> pieces = expr_.Chain(expr);
  for (size_t index = 0; index < pieces.size(); ++index) {
    const ExprPrinter::ChainPiece& piece = pieces[index];
    std::string head = index == 0 ? prefix : continuation;
    bool nested = !piece.parenthesised && expr_.Chain(*piece.operand).size() > 1;
    if (Fits(indent, head + piece.text) || !nested) {
      lines.push_back(head + piece.text);
      continue;
    }
    std::string operator_prefix = piece.spelled_op.empty() ? "" : piece.spelled_op + " ";
    BreakChain(indent, head + operator_prefix, *piece.operand, continuation + Indent(1), lines);
  }
}

// A long expression that is not an `and`/`or` chain: a set with one element a line, a
// `case` with one arm a line (arrows lined up), or else the expression on a continuation
// line of its own after the prefix.
std::vector<std::string> Formatter::Broken(size_t indent, const std::string& prefix,
                                           const ast::Expr& expr) const {
  std::vector<std::string> lines;
  if (expr.kind == ast::ExprKind::kSet && !ast::As<ast::SetExpr>(expr).elements.empty()) {
    lines.push_back(prefix + "{");
    for (const ast::ExprPtr& element : ast::As<ast::SetExpr>(expr).elements) {
      lines.push_back(Indent(1) + expr_.Print(*element) + ",");
    }
    lines.push_back("}");
    return lines;
  }
  if (expr.kind == ast::ExprKind::kCase && !ast::As<ast::CaseExpr>(expr).arms.empty()) {
    const auto& arms = ast::As<ast::CaseExpr>(expr).arms;
    std::vector<std::string> conditions;
    size_t width = 0;
    for (const ast::CaseArm& arm : arms) {
      conditions.push_back(arm.condition ? expr_.Print(*arm.condition) : "otherwise");
      width = std::max(width, Width(conditions.back()));
    }
    lines.push_back(prefix + "case {");
    for (size_t index = 0; index < arms.size(); ++index) {
      std::string value = " => " + expr_.Print(*arms[index].value) + ",";
      std::string padded = Padded(conditions[index], width);
      lines.push_back(Indent(1) + (Fits(indent + 1, padded + value) ? padded : conditions[index]) +
                      value);
    }
    lines.push_back("}");
    return lines;
  }

  std::string head = prefix;
  while (!head.empty() && head.back() == ' ') {
    head.pop_back();
  }
  if (head.empty()) {
    return {prefix + expr_.Print(expr)};
  }
  return {head, kContinuation + expr_.Print(expr)};
}

// `name: enum(a, b, ...)` too long for a line: the values filled onto continuation lines.
std::vector<std::string> Formatter::FieldLines(size_t indent, const ast::FieldDecl& field,
                                               const std::string& after) const {
  std::string flat = field.name.text + ": " + Type(field.type) + after;
  if (Fits(indent, flat) || !field.type.is_enum) {
    return {flat};
  }
  std::vector<std::string> lines{field.name.text + ": enum("};
  std::string line = Indent(1);
  for (size_t index = 0; index < field.type.enum_values.size(); ++index) {
    std::string value = field.type.enum_values[index].text + ",";
    if (line.size() > Indent(1).size() && !Fits(indent, line + " " + value)) {
      lines.push_back(line);
      line = Indent(1);
    }
    line += (line.size() > Indent(1).size() ? " " : "") + value;
  }
  lines.push_back(line);
  lines.push_back(std::string(")") + (field.type.optional ? "?" : "") + after);
  return lines;
}

bool Formatter::HasCommentInside(const SourceRange& range) const {
  return std::any_of(file_.comments.begin(), file_.comments.end(),
                     [&](const ast::Comment& comment) {
                       return range.begin < comment.range.begin && comment.range.begin < range.end;
                     });
}

std::string Formatter::Type(const ast::TypeRef& type) const {
  std::string text;
  if (type.is_enum) {
    std::vector<std::string> values;
    for (const ast::Identifier& value : type.enum_values) {
      values.push_back(value.text);
    }
    text = "enum(" + Joined(values, ", ") + ")";
  } else {
    text = type.name.text;
    if (type.argument) {
      text += "(" + Type(*type.argument) + ")";
    }
  }
  return type.optional ? text + "?" : text;
}

std::string Formatter::Title(const std::optional<ast::StringValue>& title) const {
  return title ? " " + text_.Literal(title->range) : "";
}

std::string Formatter::Action(const ast::Action& action) const {
  switch (action.kind) {
    case ast::ActionKind::kNotify:
      return "notify " + action.role.text;
    case ast::ActionKind::kReassign:
      return "reassign queue " + text_.Literal(action.text.range);
    case ast::ActionKind::kFlag:
      return "flag " + text_.Literal(action.text.range);
    case ast::ActionKind::kBreach:
      return "breach";
    case ast::ActionKind::kRelease:
      return "release " + action.role.text;
  }
  SLAC_CHECK(false, "action kind out of range");
  return "";
}

// ---- The file -------------------------------------------------------------------------

Units Formatter::File() const {
  Units units;
  if (file_.header) {
    units = Header(*file_.header);
  }
  bool previous_block = false;
  for (const ast::DeclPtr& decl : file_.decls) {
    Units own = Decl(*decl);
    if (own.empty()) {
      continue;
    }
    // Blocks stand apart; one-line declarations keep the grouping their author gave them.
    bool block = IsBlock(decl->kind);
    own.front().blank_before = block || previous_block || (&decl == &file_.decls.front());
    previous_block = block;
    for (Unit& unit : own) {
      units.push_back(std::move(unit));
    }
  }
  return units;
}

Units Formatter::Header(const ast::Header& header) const {
  if (header.is_module) {
    return {Line(0, "module " + Joined(header.name), header.name.range)};
  }
  Units units{
      Line(0, "policy " + Joined(header.name) + " version " + text_.Literal(header.version.range),
           Span(header.range, header.version.range))};
  units.front().begin = header.range.begin;

  // Items in the order written.
  Units items;
  if (header.owner) {
    items.push_back(Line(1, "owner " + text_.Literal(header.owner->range), header.owner->range));
  }
  if (header.timezone) {
    items.push_back(
        Line(1, "timezone " + text_.Literal(header.timezone->range), header.timezone->range));
  }
  if (header.effective) {
    items.push_back(
        Line(1, "effective " + text_.Literal(header.effective_range), header.effective_range));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Unit& a, const Unit& b) { return a.begin < b.begin; });
  if (!items.empty()) {
    items.front().first_in_block = true;
  }
  for (Unit& item : items) {
    units.push_back(std::move(item));
  }
  return units;
}

Units Formatter::Decl(const ast::Decl& decl) const {
  switch (decl.kind) {
    case ast::DeclKind::kUse: {
      const auto& use = ast::As<ast::UseDecl>(decl);
      std::string text =
          "use " + (use.module ? Joined(*use.module) : text_.Literal(use.path->range));
      if (use.alias) {
        text += " as " + use.alias->text;
      }
      return {Line(0, text, decl.range)};
    }
    case ast::DeclKind::kLead:
      return Lead(ast::As<ast::LeadDecl>(decl));
    case ast::DeclKind::kEvents:
      return Events(ast::As<ast::EventsDecl>(decl));
    case ast::DeclKind::kCalendar:
      return Calendar(ast::As<ast::CalendarDecl>(decl));
    case ast::DeclKind::kHolidays:
      return Holidays(ast::As<ast::HolidaysDecl>(decl));
    case ast::DeclKind::kScore:
      return Score(ast::As<ast::ScoreDecl>(decl));
    case ast::DeclKind::kSegment: {
      const auto& segment = ast::As<ast::SegmentDecl>(decl);
      Unit unit = Line(0, "", decl.range);
      unit.lines = Fit(0, "segment " + segment.name.text + Title(segment.title) + " when ",
                       *segment.condition);
      return {unit};
    }
    case ast::DeclKind::kLet: {
      const auto& let = ast::As<ast::LetDecl>(decl);
      std::string head = "let " + let.name.text;
      if (!let.params.empty()) {
        std::vector<std::string> params;
        for (const ast::Param& param : let.params) {
          params.push_back(param.name.text + ": " + Type(param.type));
        }
        head += "(" + Joined(params, ", ") + ")";
      }
      if (let.type) {
        head += ": " + Type(*let.type);
      }
      Unit unit = Line(0, "", decl.range);
      unit.lines = Fit(0, head + " = ", *let.value);
      return {unit};
    }
    case ast::DeclKind::kStages:
      return Stages(ast::As<ast::StagesDecl>(decl));
    case ast::DeclKind::kStageRule: {
      const auto& rule = ast::As<ast::StageRuleDecl>(decl);
      Unit unit = Line(0, "", decl.range);
      unit.lines = Fit(0, "stage " + rule.stage.text + " when ", *rule.condition);
      return {unit};
    }
    case ast::DeclKind::kSla:
      return Sla(ast::As<ast::SlaDecl>(decl));
    case ast::DeclKind::kGuard:
      return Guard(ast::As<ast::GuardDecl>(decl));
    case ast::DeclKind::kDisposition:
      return Disposition(ast::As<ast::DispositionDecl>(decl));
    case ast::DeclKind::kCommitment:
      return Commitment(ast::As<ast::CommitmentDecl>(decl));
    case ast::DeclKind::kTest:
      return Test(ast::As<ast::TestDecl>(decl));
  }
  SLAC_CHECK(false, "declaration kind out of range");
  return {};
}

// ---- Schemas, calendars, scores, stages -----------------------------------------------

Units Formatter::Lead(const ast::LeadDecl& decl) const {
  std::vector<Units> fields;
  for (const ast::FieldDecl& field : decl.fields) {
    Unit unit = Line(1, "", field.range);
    unit.lines = FieldLines(1, field);
    fields.push_back({std::move(unit)});
  }
  return Block(0, "lead", decl.range, std::move(fields));
}

Units Formatter::Events(const ast::EventsDecl& decl) const {
  std::vector<Units> kinds;
  for (const ast::EventKindDecl& kind : decl.kinds) {
    std::string text = kind.name.text;
    if (!kind.attributes.empty()) {
      std::vector<std::string> attributes;
      for (const ast::FieldDecl& attribute : kind.attributes) {
        attributes.push_back(attribute.name.text + ": " + Type(attribute.type));
      }
      text += "(" + Joined(attributes, ", ") + ")";
    }
    kinds.push_back({Line(1, text, kind.range)});
  }
  return Block(0, "events", decl.range, std::move(kinds));
}

Units Formatter::Calendar(const ast::CalendarDecl& decl) const {
  std::vector<Units> items;
  for (const ast::OpenHours& open : decl.open) {
    std::vector<std::string> days;
    for (const ast::DayRange& range : open.days) {
      days.push_back(range.first.text + (range.last ? ".." + range.last->text : ""));
    }
    std::vector<std::string> hours;
    for (const ast::HoursRange& range : open.hours) {
      hours.push_back(text_.Compact(range.range));
    }
    items.push_back(
        {Line(1, "open " + Joined(days, ", ") + " " + Joined(hours, ", "), open.range)});
  }

  // The tree keeps closed days as one list; a `closed` clause is a run of items with
  // only a comma between them in the source.
  std::vector<std::string> closed;
  SourceRange first;
  for (size_t index = 0; index < decl.closed.size(); ++index) {
    const ast::ClosedItem& item = decl.closed[index];
    if (closed.empty()) {
      first = item.range;
    }
    closed.push_back(item.holidays ? Joined(*item.holidays) : text_.Compact(item.range));
    bool ends = index + 1 == decl.closed.size();
    if (!ends) {
      SourceRange gap{item.range.file, item.range.end, decl.closed[index + 1].range.begin};
      ends = text_.Compact(gap) != ",";
    }
    if (ends) {
      items.push_back({Line(1, "closed " + Joined(closed, ", "), Span(first, item.range))});
      closed.clear();
    }
  }
  for (const ast::StringValue& zone : decl.timezones) {
    items.push_back({Line(1, "timezone " + text_.Literal(zone.range), zone.range)});
  }
  return Block(0, "calendar " + decl.name.text, decl.range, std::move(items));
}

Units Formatter::Holidays(const ast::HolidaysDecl& decl) const {
  // `+ 1d` as written, with one space after the sign.
  auto offset = [&](const SourcePosition& after, const SourceRange& rule) {
    std::string text = text_.Compact(SourceRange{rule.file, after, rule.end});
    return text.empty() ? text : " " + text.substr(0, 1) + " " + text.substr(1);
  };

  size_t label_width = 0;
  for (const ast::Holiday& holiday : decl.holidays) {
    label_width = std::max(label_width, Width(text_.Literal(holiday.label.range)) + 2);
  }
  std::vector<Units> holidays;
  for (const ast::Holiday& holiday : decl.holidays) {
    const ast::HolidayRule& rule = holiday.rule;
    std::string text;
    switch (rule.kind) {
      case ast::HolidayRuleKind::kFixedDay:
        text = rule.month.text + " " +
               text_.Compact(SourceRange{rule.range.file, rule.month.range.end, rule.range.end});
        break;
      case ast::HolidayRuleKind::kNthWeekday:
        text = rule.ordinal.text + " " + rule.weekday.text + " of " + rule.month.text +
               offset(rule.month.range.end, rule.range);
        break;
      case ast::HolidayRuleKind::kMovable:
        text = rule.base.text + offset(rule.base.range.end, rule.range);
        break;
      case ast::HolidayRuleKind::kOneOff:
        text = text_.Compact(rule.range);
        break;
    }
    if (holiday.observed) {
      text += " observed" + (holiday.observed_rule ? " " + holiday.observed_rule->text : "");
    }
    if (holiday.from_year) {
      text += " from " + std::to_string(*holiday.from_year);
    }
    std::string label = text_.Literal(holiday.label.range) + ":";
    holidays.push_back({Line(1, Padded(label, label_width) + text, holiday.range)});
  }
  return Block(0, "holidays " + decl.name.text + Title(decl.title), decl.range,
               std::move(holidays));
}

Units Formatter::Score(const ast::ScoreDecl& decl) const {
  std::vector<Units> items;
  for (const ast::ExprPtr& half_life : decl.half_lives) {
    items.push_back({Line(1, "decay half_life " + expr_.Print(*half_life), half_life->range)});
  }

  // Labels line up, and so do the arrows of every rule short enough to share a column.
  size_t label_width = 0;
  for (const ast::ScoreRule& rule : decl.rules) {
    if (rule.label) {
      label_width = std::max(label_width, Width(text_.Literal(rule.label->range)) + 2);
    }
  }
  std::vector<std::string> lefts;
  std::vector<std::string> rights;
  for (const ast::ScoreRule& rule : decl.rules) {
    std::string left = expr_.Print(*rule.condition);
    if (rule.label) {
      left = Padded(text_.Literal(rule.label->range) + ":", label_width) + left;
    }
    std::string right = "=> " + text_.Compact(rule.points_range);
    if (rule.cap) {
      right += " capped " + text_.Compact(rule.cap_range);
    }
    lefts.push_back(std::move(left));
    rights.push_back(std::move(right));
  }

  // The arrow column is the widest that keeps every rule padded to it within the line;
  // a rule whose condition reaches past it keeps one space before its arrow.
  std::vector<size_t> candidates;
  for (const std::string& left : lefts) {
    candidates.push_back(Width(left));
  }
  std::sort(candidates.rbegin(), candidates.rend());
  size_t arrow_column = 0;
  for (size_t column : candidates) {
    bool fits = true;
    for (size_t index = 0; index < lefts.size(); ++index) {
      fits = fits && (Width(lefts[index]) > column ||
                      Fits(1, Padded(lefts[index], column) + " " + rights[index]));
    }
    if (fits) {
      arrow_column = column;
      break;
    }
  }
  for (size_t index = 0; index < decl.rules.size(); ++index) {
    std::string text = Padded(lefts[index], arrow_column) + " " + rights[index];
    Unit unit = Line(1, text, decl.rules[index].range);
    if (!Fits(1, text)) {
      unit.lines = {lefts[index], kContinuation + rights[index]};
    }
    items.push_back({std::move(unit)});
  }
  return Block(
      0, "score " + decl.name.text + Title(decl.title) + " in " + text_.Compact(decl.bounds_range),
      decl.range, std::move(items));
}

Units Formatter::Stages(const ast::StagesDecl& decl) const {
  std::vector<Units> chains;
  for (const std::vector<ast::Identifier>& chain : decl.chains) {
    if (chain.empty()) {
      continue;
    }
    std::vector<std::string> names;
    for (const ast::Identifier& stage : chain) {
      names.push_back(stage.text);
    }
    chains.push_back(
        {Line(1, Joined(names, " -> "), Span(chain.front().range, chain.back().range))});
  }
  return Block(0, "stages", decl.range, std::move(chains));
}

}  // namespace slac::format_internal

namespace slac::format {

std::string FormatPolicy(const ast::PolicyFile& file, const SourceFile& source) {
  format_internal::SourceText text(source);
  format_internal::Formatter formatter(file, text);
  format_internal::Layout layout(text, file.comments);
  for (format_internal::Unit& unit : formatter.File()) {
    layout.Add(std::move(unit));
  }
  return layout.Render();
}

}  // namespace slac::format
