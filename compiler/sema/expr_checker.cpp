#include "sema/expr_checker.h"

#include <fmt/format.h>

#include <array>

#include "sema/suggest.h"

namespace slac {
namespace {

struct Builtin {
  const char* name;
  std::vector<TypeKind> parameters;  // kError accepts any type
  TypeKind result;
};

const std::vector<Builtin>& Builtins() {
  static const std::vector<Builtin> builtins = {
      {"domain", {TypeKind::kString}, TypeKind::kString},
      {"lower", {TypeKind::kString}, TypeKind::kString},
      {"upper", {TypeKind::kString}, TypeKind::kString},
      {"length", {TypeKind::kString}, TypeKind::kInt},
      {"contains", {TypeKind::kString, TypeKind::kString}, TypeKind::kBool},
      {"starts_with", {TypeKind::kString, TypeKind::kString}, TypeKind::kBool},
      {"ends_with", {TypeKind::kString, TypeKind::kString}, TypeKind::kBool},
      {"present", {TypeKind::kError}, TypeKind::kBool},
  };
  return builtins;
}

const Builtin* FindBuiltin(const std::string& name) {
  for (const Builtin& builtin : Builtins()) {
    if (name == builtin.name) {
      return &builtin;
    }
  }
  return nullptr;
}

std::string Arguments(size_t count) {
  return fmt::format("{} argument{}", count, count == 1 ? "" : "s");
}

bool IsOrdered(const Type& type) {
  switch (type.kind) {
    case TypeKind::kInt:
    case TypeKind::kNumber:
    case TypeKind::kPercent:
    case TypeKind::kString:
    case TypeKind::kTime:
    case TypeKind::kDuration:
    case TypeKind::kDate:
    case TypeKind::kTimeOfDay:
    case TypeKind::kError:
      return true;
    default:
      return false;
  }
}

// Carries optionality from the operands to the result: a missing field makes the result
// missing too.
Type Result(TypeKind kind, const Type& lhs, const Type& rhs) {
  Type type = Type::Of(kind);
  type.optional = lhs.optional || rhs.optional;
  return type;
}

// A help line for the classic unit mistake: a bare number where a duration is meant.
std::string UnitHelp(const Type& a, const Type& b) {
  bool duration_and_number = (a.kind == TypeKind::kDuration && b.IsNumeric()) ||
                             (b.kind == TypeKind::kDuration && a.IsNumeric());
  if (duration_and_number) {
    return "give the number a unit, such as `3m`, `4h` or `2d`";
  }
  bool percent_and_number = (a.kind == TypeKind::kPercent && b.IsNumeric()) ||
                            (b.kind == TypeKind::kPercent && a.IsNumeric());
  if (percent_and_number) {
    return "write percents with `%`, such as `70%`";
  }
  return "";
}

}  // namespace

void ExprChecker::ExpectBool(const ast::Expr& expr, const std::string& what) {
  ExpectType(expr, Type::Of(TypeKind::kBool), what);
}

void ExprChecker::ExpectType(const ast::Expr& expr, const Type& want, const std::string& what) {
  Type type = Check(expr, &want);
  Type wanted = want;
  wanted.optional = true;  // a missing value is allowed wherever a value is
  if (type.kind == TypeKind::kEach) {
    return;
  }
  if (!IsAssignable(type, wanted)) {
    analysis_.sink().Report(DiagCode::kTypeMismatch, expr.range, what, Describe(want),
                            Describe(type));
  }
}

void ExprChecker::ExpectDuration(const ast::Expr& expr, const std::string& what,
                                 bool allow_business) {
  Type type = Check(expr);
  if (type.IsError()) {
    return;
  }
  if (type.kind != TypeKind::kDuration) {
    Diagnostic& diagnostic = analysis_.sink().Report(DiagCode::kTypeMismatch, expr.range, what,
                                                     "a duration", Describe(type));
    if (type.IsNumeric()) {
      diagnostic.AddHelp("give the number a unit, such as `30m`, `4h` or `7d`");
    }
    return;
  }
  if (type.business && !allow_business) {
    analysis_.sink().Report(DiagCode::kTypeMismatch, expr.range, what, "a calendar duration",
                            Describe(type));
  }
}

void ExprChecker::CheckCalendarChoice(const std::optional<ast::Identifier>& calendar,
                                      SourceRange range) {
  if (calendar) {
    if (!analysis_.HasCalendar(calendar->text)) {
      Diagnostic& diagnostic =
          analysis_.sink().Report(DiagCode::kUnknownCalendar, calendar->range, calendar->text);
      if (auto closest = ClosestName(calendar->text, analysis_.CalendarNames())) {
        diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
      }
    }
    return;
  }
  if (analysis_.CalendarCount() == 0) {
    analysis_.sink()
        .Report(DiagCode::kMissingCalendar, range)
        .AddHelp("declare one, such as `calendar office { open mon..fri 09:00-17:00 }`");
  } else if (analysis_.CalendarCount() > 1 && !context_.in_test) {
    analysis_.sink().Report(DiagCode::kAmbiguousCalendar, range, analysis_.CalendarNames()[0]);
  }
}

const EventKindSymbol* ExprChecker::CheckEvent(const ast::EventPattern& pattern) {
  const EventKindSymbol* kind = analysis_.FindEvent(pattern.kind.text);
  if (kind == nullptr) {
    if (pattern.kind.text.empty()) {
      return nullptr;
    }
    Diagnostic& diagnostic =
        analysis_.sink().Report(DiagCode::kUnknownEventKind, pattern.kind.range, pattern.kind.text);
    if (auto closest = ClosestName(pattern.kind.text, analysis_.EventNames())) {
      diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
    } else {
      diagnostic.AddHelp("declare it in `events { ... }`, or `use std.crm` for common kinds");
    }
    return nullptr;
  }

  for (const ast::AttributeFilter& filter : pattern.filters) {
    auto attribute = kind->attributes.find(filter.attribute.text);
    if (attribute == kind->attributes.end()) {
      std::vector<std::string> names;
      for (const auto& [name, type] : kind->attributes) {
        names.push_back(name);
      }
      Diagnostic& diagnostic =
          analysis_.sink().Report(DiagCode::kUnknownAttribute, filter.attribute.range,
                                  pattern.kind.text, filter.attribute.text);
      if (auto closest = ClosestName(filter.attribute.text, names)) {
        diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
      }
      continue;
    }
    ExpectType(*filter.value, attribute->second,
               fmt::format("the attribute `{}`", filter.attribute.text));
  }
  return kind;
}

Type ExprChecker::Check(const ast::Expr& expr, const Type* expected) {
  Type type = CheckKind(expr, expected);
  analysis_.RecordType(expr, type);
  return type;
}

Type ExprChecker::CheckKind(const ast::Expr& expr, const Type* expected) {
  bool each_allowed = allow_each_;
  allow_each_ = false;

  switch (expr.kind) {
    case ast::ExprKind::kInt:
      return Type::Of(TypeKind::kInt);
    case ast::ExprKind::kNumber:
      return Type::Of(TypeKind::kNumber);
    case ast::ExprKind::kPercent:
      return Type::Of(TypeKind::kPercent);
    case ast::ExprKind::kDuration:
      return Type::Of(TypeKind::kDuration);
    case ast::ExprKind::kString:
      return Type::Of(TypeKind::kString);
    case ast::ExprKind::kBool:
      return Type::Of(TypeKind::kBool);
    case ast::ExprKind::kDate:
      return Type::Of(TypeKind::kDate);
    case ast::ExprKind::kInstant:
    case ast::ExprKind::kNow:
      return Type::Of(TypeKind::kTime);
    case ast::ExprKind::kTimeOfDay:
      return Type::Of(TypeKind::kTimeOfDay);
    case ast::ExprKind::kError:
      return Type::Error();
    case ast::ExprKind::kName:
      return CheckName(ast::As<ast::NameExpr>(expr), expected);
    case ast::ExprKind::kCall:
      return CheckCall(ast::As<ast::CallExpr>(expr));
    case ast::ExprKind::kSet:
      return CheckSet(ast::As<ast::SetExpr>(expr), expected);
    case ast::ExprKind::kUnary: {
      const auto& unary = ast::As<ast::UnaryExpr>(expr);
      if (unary.op == ast::UnaryOp::kNot) {
        ExpectBool(*unary.operand, "the operand of `not`");
        return Type::Of(TypeKind::kBool);
      }
      Type operand = Check(*unary.operand);
      bool signed_kind = operand.IsNumeric() || operand.kind == TypeKind::kDuration ||
                         operand.kind == TypeKind::kPercent || operand.IsError();
      if (!signed_kind) {
        analysis_.sink().Report(DiagCode::kTypeMismatch, unary.operand->range,
                                "the operand of a sign", "a number, percent or duration",
                                Describe(operand));
        return Type::Error();
      }
      return operand;
    }
    case ast::ExprKind::kBinary:
      return CheckBinary(ast::As<ast::BinaryExpr>(expr));
    case ast::ExprKind::kMatches: {
      const auto& match = ast::As<ast::MatchesExpr>(expr);
      ExpectType(*match.subject, Type::Of(TypeKind::kString), "the subject of `matches`");
      return Type::Of(TypeKind::kBool);
    }
    case ast::ExprKind::kBusiness: {
      const auto& business = ast::As<ast::BusinessExpr>(expr);
      ExpectDuration(*business.duration, "the amount of business time", false);
      CheckCalendarChoice(business.calendar, expr.range);
      Type type = Type::Of(TypeKind::kDuration);
      type.business = true;
      return type;
    }
    case ast::ExprKind::kSlaState: {
      const auto& state = ast::As<ast::SlaStateExpr>(expr);
      if (!context_.in_test) {
        analysis_.sink().Report(DiagCode::kTestOnly, expr.range, "whether an SLA is met");
        return Type::Error();
      }
      Type sla = Check(*state.sla);
      if (!sla.IsError() && sla.kind != TypeKind::kSla) {
        analysis_.sink().Report(DiagCode::kTypeMismatch, state.sla->range,
                                "what is `breached` or `met`", "an SLA", Describe(sla));
      }
      return Type::Of(TypeKind::kBool);
    }
    case ast::ExprKind::kWindow: {
      const auto& window = ast::As<ast::WindowExpr>(expr);
      if (window.op == ast::WindowOp::kEach && !each_allowed) {
        analysis_.sink()
            .Report(DiagCode::kEachOutsideScore, expr.range)
            .AddHelp(
                "use `count` for the number of events, or `any` to ask whether one "
                "happened");
      }
      return CheckWindow(window);
    }
    case ast::ExprKind::kSince: {
      CheckEvent(ast::As<ast::SinceExpr>(expr).event);
      Type type = Type::Of(TypeKind::kDuration);
      type.optional = true;  // missing when no such event happened
      return type;
    }
    case ast::ExprKind::kCase:
      return CheckCase(ast::As<ast::CaseExpr>(expr));
  }
  return Type::Error();
}

Type ExprChecker::SymbolType(const ValueSymbol& symbol) {
  if (symbol.kind == ValueSymbol::Kind::kLet) {
    if (!symbol.let->params.empty()) {
      return Type::Error();
    }
    return symbol.owner->LetType(symbol);
  }
  return symbol.type;
}

bool ExprChecker::IsUnresolvedBareName(const ast::Expr& expr) {
  if (expr.kind != ast::ExprKind::kName) {
    return false;
  }
  const auto& name = ast::As<ast::NameExpr>(expr).name;
  if (name.parts.size() != 1) {
    return false;
  }
  const std::string& text = name.parts[0].text;
  bool is_param = context_.params != nullptr && context_.params->count(text) > 0;
  return !is_param && analysis_.FindValue(text) == nullptr && text != "stage" &&
         !(context_.reasons && text == "reason");
}

Type ExprChecker::CheckName(const ast::NameExpr& name, const Type* expected) {
  if (name.name.parts.size() != 1) {
    return CheckQualified(name);
  }
  const std::string& text = name.name.parts[0].text;

  // Where the context expects an enumeration that has this value, the value wins over a
  // definition of the same name: in `touch(channel: email)`, `email` is the channel even
  // when the lead also has an `email` field.
  const Type* hint = expected;
  if (hint != nullptr && hint->kind == TypeKind::kSet && hint->element) {
    hint = hint->element.get();
  }
  if (hint != nullptr && hint->kind == TypeKind::kEnum && hint->enumeration &&
      hint->enumeration->Contains(text)) {
    return Type::Enum(hint->enumeration);
  }

  if (context_.params != nullptr) {
    if (auto param = context_.params->find(text); param != context_.params->end()) {
      return param->second;
    }
  }
  if (const ValueSymbol* symbol = analysis_.FindValue(text)) {
    if (symbol->kind == ValueSymbol::Kind::kLet && !symbol->let->params.empty()) {
      analysis_.sink()
          .Report(DiagCode::kWrongArgumentCount, name.range, text,
                  Arguments(symbol->let->params.size()), "none were")
          .AddHelp(fmt::format("call it as `{}(...)`", text));
      return Type::Error();
    }
    analysis_.RecordSymbol(name, *symbol);
    return SymbolType(*symbol);
  }
  if (context_.reasons && text == "reason") {
    return Type::Enum(context_.reasons);
  }
  if (text == "stage" && analysis_.stage_enum()) {
    if (!context_.in_test) {
      analysis_.sink().Report(DiagCode::kTestOnly, name.range, "the lead's `stage`");
      return Type::Error();
    }
    return Type::Enum(analysis_.stage_enum());
  }

  // Suggest among the values of the expected enumeration when there is one.
  bool enum_expected = hint != nullptr && hint->kind == TypeKind::kEnum && hint->enumeration;
  std::vector<std::string> candidates =
      enum_expected ? hint->enumeration->values : analysis_.ValueNames();
  Diagnostic& diagnostic = analysis_.sink().Report(DiagCode::kUnknownName, name.range, text);
  if (auto closest = ClosestName(text, candidates)) {
    diagnostic.AddHelp(fmt::format("did you mean `{}`?", *closest));
  } else if (enum_expected) {
    std::string values;
    for (const std::string& value : hint->enumeration->values) {
      values += (values.empty() ? "`" : ", `") + value + "`";
    }
    diagnostic.AddHelp(fmt::format("the values of `{}` are {}", hint->enumeration->name, values));
  }
  return Type::Error();
}

Type ExprChecker::CheckQualified(const ast::NameExpr& name) {
  const auto& parts = name.name.parts;

  // `first_touch.target`: a member of an SLA, in tests.
  if (const ValueSymbol* symbol = analysis_.FindValue(parts[0].text);
      symbol != nullptr && symbol->kind == ValueSymbol::Kind::kSla && parts.size() == 2) {
    const std::string& member = parts[1].text;
    if (!context_.in_test) {
      analysis_.sink().Report(DiagCode::kTestOnly, name.range,
                              fmt::format("`{}`", name.name.Joined()));
      return Type::Error();
    }
    if (member == "target" || member == "elapsed") {
      Type type = Type::Of(TypeKind::kDuration);
      type.optional = true;
      return type;
    }
    if (member == "open") {
      return Type::Of(TypeKind::kBool);
    }
    analysis_.sink()
        .Report(DiagCode::kUnknownMember, parts[1].range, parts[0].text, member)
        .AddHelp(
            "an SLA has `target`, `elapsed` and `open`; write `first_touch breached` or "
            "`first_touch met` for its outcome");
    return Type::Error();
  }

  // `std.freemail.domains`: the longest prefix that names a used module.
  for (size_t split = parts.size() - 1; split >= 1; --split) {
    std::string prefix;
    for (size_t i = 0; i < split; ++i) {
      prefix += (i == 0 ? "" : ".") + parts[i].text;
    }
    FileAnalysis* module = analysis_.FindModule(prefix);
    if (module == nullptr) {
      continue;
    }
    const ValueSymbol* symbol =
        split + 1 == parts.size() ? module->FindValue(parts[split].text) : nullptr;
    if (symbol == nullptr) {
      Diagnostic& diagnostic = analysis_.sink().Report(DiagCode::kUnknownMember, parts[split].range,
                                                       prefix, parts[split].text);
      if (auto closest = ClosestName(parts[split].text, module->ValueNames())) {
        diagnostic.AddHelp(fmt::format("did you mean `{}.{}`?", prefix, *closest));
      }
      return Type::Error();
    }
    analysis_.RecordSymbol(name, *symbol);
    return SymbolType(*symbol);
  }

  Diagnostic& diagnostic =
      analysis_.sink().Report(DiagCode::kUnknownName, name.range, name.name.Joined());
  if (analysis_.FindValue(parts[0].text) == nullptr) {
    diagnostic.AddHelp(
        fmt::format("`{}` is neither a module this file uses nor an SLA", parts[0].text));
  }
  return Type::Error();
}

void ExprChecker::ReportUnknownFunction(const ast::CallExpr& call) {
  std::string callee = call.callee.Joined();
  Diagnostic& diagnostic =
      analysis_.sink().Report(DiagCode::kUnknownFunction, call.callee.range, callee);

  // Through a module (`team.shared.bigg(...)`), the candidates are the module's functions:
  // its parameterised lets. Otherwise they are the built-in functions and the parameterised
  // lets the file sees.
  size_t dot = callee.rfind('.');
  FileAnalysis* module =
      dot == std::string::npos ? nullptr : analysis_.FindModule(callee.substr(0, dot));
  if (dot != std::string::npos && module == nullptr) {
    diagnostic.AddHelp(fmt::format("`{}` is not a module this file uses", callee.substr(0, dot)));
    return;
  }
  std::string prefix = module != nullptr ? callee.substr(0, dot + 1) : "";
  FileAnalysis& scope = module != nullptr ? *module : analysis_;
  std::vector<std::string> names;
  if (module == nullptr) {
    for (const Builtin& known : Builtins()) {
      names.emplace_back(known.name);
    }
  }
  for (const std::string& name : scope.ValueNames()) {
    const ValueSymbol* symbol = scope.FindValue(name);
    if (symbol->kind == ValueSymbol::Kind::kLet && !symbol->let->params.empty()) {
      names.push_back(name);
    }
  }
  if (auto closest = ClosestName(callee.substr(prefix.size()), names)) {
    diagnostic.AddHelp(fmt::format("did you mean `{}{}`?", prefix, *closest));
  }
}

Type ExprChecker::CheckCall(const ast::CallExpr& call) {
  std::string callee = call.callee.Joined();

  // A parameterised let, here or in a used module.
  const ValueSymbol* symbol = nullptr;
  FileAnalysis* owner = &analysis_;
  if (call.callee.parts.size() == 1) {
    symbol = analysis_.FindValue(callee);
  } else {
    size_t dot = callee.rfind('.');
    if (FileAnalysis* module = analysis_.FindModule(callee.substr(0, dot))) {
      owner = module;
      symbol = module->FindValue(callee.substr(dot + 1));
    }
  }
  if (symbol != nullptr) {
    if (symbol->kind != ValueSymbol::Kind::kLet || symbol->let->params.empty()) {
      analysis_.sink().Report(DiagCode::kNotAFunction, call.callee.range, callee,
                              Describe(symbol->kind));
      return Type::Error();
    }
    const auto& params = symbol->let->params;
    if (params.size() != call.arguments.size()) {
      analysis_.sink().Report(
          DiagCode::kWrongArgumentCount, call.range, callee, Arguments(params.size()),
          fmt::format("{} {}", call.arguments.size(), call.arguments.size() == 1 ? "was" : "were"));
    }
    for (size_t i = 0; i < call.arguments.size() && i < params.size(); ++i) {
      Type want = owner->Resolve(params[i].type, params[i].name.text);
      ExpectType(*call.arguments[i], want,
                 fmt::format("the argument `{}` of `{}`", params[i].name.text, callee));
    }
    analysis_.RecordSymbol(call, *symbol);
    return owner->LetType(*symbol);
  }

  const Builtin* builtin = call.callee.parts.size() == 1 ? FindBuiltin(callee) : nullptr;
  if (builtin == nullptr) {
    ReportUnknownFunction(call);
    for (const ast::ExprPtr& argument : call.arguments) {
      Check(*argument);
    }
    return Type::Error();
  }

  if (builtin->parameters.size() != call.arguments.size()) {
    analysis_.sink().Report(
        DiagCode::kWrongArgumentCount, call.range, callee, Arguments(builtin->parameters.size()),
        fmt::format("{} {}", call.arguments.size(), call.arguments.size() == 1 ? "was" : "were"));
  }
  bool optional = false;
  for (size_t i = 0; i < call.arguments.size(); ++i) {
    if (i >= builtin->parameters.size() || builtin->parameters[i] == TypeKind::kError) {
      Check(*call.arguments[i]);
      continue;
    }
    Type want = Type::Of(builtin->parameters[i]);
    Type got = Check(*call.arguments[i], &want);
    optional = optional || got.optional;
    if (!IsAssignable(got.Required(), want)) {
      analysis_.sink().Report(DiagCode::kTypeMismatch, call.arguments[i]->range,
                              fmt::format("the argument of `{}`", callee), Describe(want),
                              Describe(got));
    }
  }
  Type result = Type::Of(builtin->result);
  result.optional = optional && builtin->result != TypeKind::kBool;
  return result;
}

Type ExprChecker::CheckBinary(const ast::BinaryExpr& binary) {
  switch (binary.op) {
    case ast::BinaryOp::kAnd:
    case ast::BinaryOp::kOr:
      ExpectBool(*binary.lhs, fmt::format("the left side of `{}`", ast::Spelling(binary.op)));
      ExpectBool(*binary.rhs, fmt::format("the right side of `{}`", ast::Spelling(binary.op)));
      return Type::Of(TypeKind::kBool);

    case ast::BinaryOp::kIn:
    case ast::BinaryOp::kNotIn: {
      Type lhs = Check(*binary.lhs);
      Type set = Check(*binary.rhs, &lhs);
      if (set.IsError() || lhs.IsError()) {
        return Type::Of(TypeKind::kBool);
      }
      if (set.kind != TypeKind::kSet) {
        analysis_.sink().Report(DiagCode::kNotASet, binary.rhs->range, Describe(set));
      } else if (set.element && !AreComparable(lhs.Required(), *set.element)) {
        analysis_.sink().Report(DiagCode::kUnitMismatch, binary.range, "look for", Describe(lhs),
                                "in " + Describe(set));
      }
      return Type::Of(TypeKind::kBool);
    }

    case ast::BinaryOp::kEqual:
    case ast::BinaryOp::kNotEqual:
    case ast::BinaryOp::kLess:
    case ast::BinaryOp::kLessEqual:
    case ast::BinaryOp::kGreater:
    case ast::BinaryOp::kGreaterEqual: {
      // An enum value on the left (`fintech == industry`) is read against the right.
      Type lhs;
      Type rhs;
      if (IsUnresolvedBareName(*binary.lhs) && !IsUnresolvedBareName(*binary.rhs)) {
        rhs = Check(*binary.rhs);
        lhs = Check(*binary.lhs, &rhs);
      } else {
        lhs = Check(*binary.lhs);
        rhs = Check(*binary.rhs, &lhs);
      }
      if (lhs.IsError() || rhs.IsError()) {
        return Type::Of(TypeKind::kBool);
      }
      bool ordering = binary.op != ast::BinaryOp::kEqual && binary.op != ast::BinaryOp::kNotEqual;
      if (!AreComparable(lhs.Required(), rhs.Required())) {
        Diagnostic& diagnostic = analysis_.sink().Report(DiagCode::kUnitMismatch, binary.range,
                                                         "compare", Describe(lhs), Describe(rhs));
        if (std::string help = UnitHelp(lhs, rhs); !help.empty()) {
          diagnostic.AddHelp(help);
        }
      } else if (ordering && !IsOrdered(lhs)) {
        analysis_.sink().Report(DiagCode::kUnitMismatch, binary.range, "order", Describe(lhs),
                                Describe(rhs));
      }
      return Type::Of(TypeKind::kBool);
    }

    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSubtract:
    case ast::BinaryOp::kMultiply:
    case ast::BinaryOp::kDivide: {
      Type lhs = Check(*binary.lhs);
      Type rhs = Check(*binary.rhs);
      if (lhs.IsError() || rhs.IsError()) {
        return Type::Error();
      }
      return CheckArithmetic(binary, lhs, rhs);
    }
  }
  return Type::Error();
}

Type ExprChecker::CheckArithmetic(const ast::BinaryExpr& binary, const Type& lhs, const Type& rhs) {
  TypeKind a = lhs.kind;
  TypeKind b = rhs.kind;
  bool additive = binary.op == ast::BinaryOp::kAdd || binary.op == ast::BinaryOp::kSubtract;
  auto both = [&](TypeKind kind) { return a == kind && b == kind; };

  if (lhs.IsNumeric() && rhs.IsNumeric()) {
    bool integral = both(TypeKind::kInt) && binary.op != ast::BinaryOp::kDivide;
    return Result(integral ? TypeKind::kInt : TypeKind::kNumber, lhs, rhs);
  }
  if (additive) {
    if (both(TypeKind::kDuration) || both(TypeKind::kPercent)) {
      Type type = Result(a, lhs, rhs);
      type.business = lhs.business || rhs.business;
      return type;
    }
    if (a == TypeKind::kTime && b == TypeKind::kDuration) {
      return Result(TypeKind::kTime, lhs, rhs);
    }
    if (a == TypeKind::kDuration && b == TypeKind::kTime && binary.op == ast::BinaryOp::kAdd) {
      return Result(TypeKind::kTime, lhs, rhs);
    }
    if (both(TypeKind::kTime) && binary.op == ast::BinaryOp::kSubtract) {
      return Result(TypeKind::kDuration, lhs, rhs);
    }
  } else {
    bool scale = rhs.IsNumeric() || b == TypeKind::kPercent;
    if (a == TypeKind::kDuration && scale) {
      return Result(TypeKind::kDuration, lhs, rhs);
    }
    if (binary.op == ast::BinaryOp::kMultiply && b == TypeKind::kDuration &&
        (lhs.IsNumeric() || a == TypeKind::kPercent)) {
      return Result(TypeKind::kDuration, lhs, rhs);
    }
    if (both(TypeKind::kDuration) && binary.op == ast::BinaryOp::kDivide) {
      return Result(TypeKind::kNumber, lhs, rhs);
    }
    bool percent_number = (a == TypeKind::kPercent && (rhs.IsNumeric() || b == a)) ||
                          (b == TypeKind::kPercent && lhs.IsNumeric());
    if (percent_number) {
      return Result(TypeKind::kNumber, lhs, rhs);
    }
  }

  const char* verb = binary.op == ast::BinaryOp::kAdd        ? "add"
                     : binary.op == ast::BinaryOp::kSubtract ? "subtract"
                     : binary.op == ast::BinaryOp::kMultiply ? "multiply"
                                                             : "divide";
  Diagnostic& diagnostic = analysis_.sink().Report(DiagCode::kUnitMismatch, binary.range, verb,
                                                   Describe(lhs), Describe(rhs));
  if (std::string help = UnitHelp(lhs, rhs); !help.empty()) {
    diagnostic.AddHelp(help);
  }
  return Type::Error();
}

Type ExprChecker::CheckSet(const ast::SetExpr& set, const Type* expected) {
  // The element type comes from what the set is compared with, or from its first element.
  const Type* hint = expected;
  if (hint != nullptr && hint->kind == TypeKind::kSet && hint->element) {
    hint = hint->element.get();
  }
  std::optional<Type> element;
  if (hint != nullptr && !hint->IsError()) {
    element = hint->Required();
  }
  for (const ast::ExprPtr& item : set.elements) {
    Type type = Check(*item, element ? &*element : nullptr);
    if (type.IsError()) {
      continue;
    }
    if (!element) {
      element = type;
    } else if (!AreComparable(type, *element)) {
      analysis_.sink().Report(DiagCode::kMixedSet, item->range, Describe(type), Describe(*element));
    }
  }
  if (!element) {
    Type empty = Type::Of(TypeKind::kSet);
    return empty;
  }
  return Type::SetOf(*element);
}

Type ExprChecker::CheckWindow(const ast::WindowExpr& window) {
  const EventKindSymbol* kind = CheckEvent(window.event);
  if (window.attribute && kind != nullptr && kind->attributes.count(window.attribute->text) == 0) {
    analysis_.sink().Report(DiagCode::kUnknownAttribute, window.attribute->range,
                            window.event.kind.text, window.attribute->text);
  }
  if (window.within) {
    ExpectDuration(*window.within, "the length of a window", false);
  }
  switch (window.op) {
    case ast::WindowOp::kAny:
      return Type::Of(TypeKind::kBool);
    case ast::WindowOp::kEach:
      return Type::Of(TypeKind::kEach);
    case ast::WindowOp::kCount:
    case ast::WindowOp::kDistinct:
      return Type::Of(TypeKind::kInt);
  }
  return Type::Error();
}

Type ExprChecker::CheckCase(const ast::CaseExpr& expr) {
  std::optional<Type> result;
  bool has_otherwise = false;
  for (const ast::CaseArm& arm : expr.arms) {
    if (arm.condition) {
      ExpectBool(*arm.condition, "the condition of a `case` arm");
    } else {
      has_otherwise = true;
    }
    Type value = Check(*arm.value, result ? &*result : nullptr);
    if (value.IsError()) {
      continue;
    }
    if (!result) {
      result = value;
    } else if (value.IsNumeric() && result->IsNumeric()) {
      if (value.kind == TypeKind::kNumber) {
        result->kind = TypeKind::kNumber;
      }
    } else if (!IsAssignable(value.Required(), result->Required())) {
      analysis_.sink().Report(DiagCode::kTypeMismatch, arm.value->range, "every `case` arm",
                              Describe(*result), Describe(value));
    }
  }
  if (!result) {
    return Type::Error();
  }
  result->optional = result->optional || !has_otherwise;
  return *result;
}

}  // namespace slac
