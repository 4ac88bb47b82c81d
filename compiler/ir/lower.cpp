#include "ir/lower.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <unordered_map>

#include "diagnostics/check.h"
#include "ir/lower_plan.h"
#include "sema/types.h"

namespace slac::ir {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

ValueType ToValueType(const Type& type) {
  switch (type.kind) {
    case TypeKind::kBool:
      return ValueType::kBool;
    case TypeKind::kInt:
      return ValueType::kInt;
    case TypeKind::kNumber:
    case TypeKind::kPercent:
      return ValueType::kNumber;
    case TypeKind::kString:
      return ValueType::kString;
    case TypeKind::kTime:
      return ValueType::kTime;
    case TypeKind::kDuration:
    case TypeKind::kTimeOfDay:
      return ValueType::kDuration;
    case TypeKind::kDate:
      return ValueType::kDate;
    case TypeKind::kEnum:
      return ValueType::kEnum;
    case TypeKind::kError:
    case TypeKind::kSet:
    case TypeKind::kStage:
    case TypeKind::kSla:
    case TypeKind::kEach:
      return ValueType::kInt;
  }
  return ValueType::kInt;
}

int64_t DaysSinceEpoch(const ast::Date& day) {
  date::year_month_day ymd{date::year{day.year}, date::month{day.month}, date::day{day.day}};
  return date::sys_days(ymd).time_since_epoch().count();
}

class Lowerer {
 public:
  Lowerer(FileAnalysis& analysis, DiagnosticSink& sink, const std::vector<Probe>& probes)
      : analysis_(analysis), sink_(sink), probes_(probes) {}

  Program Run() {
    const ast::PolicyFile& file = analysis_.file().ast;
    if (file.header) {
      program_.policy = file.header->name.Joined();
      program_.version = file.header->version.value;
      if (file.header->timezone) {
        timezone_ = file.header->timezone->value;
      }
    }
    BuildLayout(file);
    for (const ast::DeclPtr& decl : file.decls) {
      LowerDecl(*decl);
    }
    LowerStage(file);
    // The clocks' plan; the values it needs per lead become result slots.
    PlanContext plan{analysis_, sink_, timezone_, program_,
                     [this](const ast::Expr& expr, ResultSlot::Kind kind, const std::string& name,
                            ValueType type, const std::map<std::string, int64_t>& enums) {
                       std::map<std::string, int32_t> bound;
                       for (const auto& [enum_name, value] : enums) {
                         bound[enum_name] = Const(ValueType::kEnum, value);
                       }
                       std::swap(params_, bound);
                       int32_t reg = Lower(expr);
                       std::swap(params_, bound);
                       Output(kind, name, type, reg);
                       return static_cast<int32_t>(program_.results.size() - 1);
                     }};
    LowerPlan(plan);
    for (size_t i = 0; i < probes_.size(); ++i) {
      const Probe& probe = probes_[i];
      ValueType type = ValueType::kBool;
      int32_t reg = WithScope(probe.scope, [&] {
        type = ToValueType(TypeOf(*probe.expr));
        return Lower(*probe.expr);
      });
      Output(ResultSlot::Kind::kProbe, fmt::format("{}", i), type, reg);
    }

    Window future;
    future.kind = WindowKind::kFuture;
    int32_t future_count = EmitWindow(future, ValueType::kInt);
    Output(ResultSlot::Kind::kFutureEvents, "future events", ValueType::kInt, future_count);
    return std::move(program_);
  }

 private:
  // ---- Layout ---------------------------------------------------------------------------

  FieldLayout LayoutOf(const std::string& name, const Type& type) {
    FieldLayout field;
    field.name = name;
    field.type = ToValueType(type);
    field.optional = type.optional;
    if (type.kind == TypeKind::kEnum && type.enumeration) {
      field.enum_values = type.enumeration->values;
    }
    return field;
  }

  void BuildLayout(const ast::PolicyFile& file) {
    for (const ast::DeclPtr& decl : file.decls) {
      if (decl->kind != ast::DeclKind::kLead) {
        continue;
      }
      for (const ast::FieldDecl& field : ast::As<ast::LeadDecl>(*decl).fields) {
        const ValueSymbol* symbol = analysis_.FindValue(field.name.text);
        if (symbol == nullptr || field_slots_.count(symbol) > 0) {
          continue;
        }
        field_slots_[symbol] = static_cast<int32_t>(program_.layout.fields.size());
        program_.layout.fields.push_back(LayoutOf(field.name.text, symbol->type));
      }
    }

    size_t widest = 0;
    for (const auto& [name, kind] : analysis_.VisibleEventKinds()) {
      EventKindLayout layout;
      layout.name = name;
      std::map<std::string, int32_t> slots;
      for (const auto& [attribute, type] : kind->attributes) {
        slots[attribute] = static_cast<int32_t>(layout.attributes.size());
        layout.attributes.push_back(LayoutOf(attribute, type));
      }
      widest = std::max(widest, layout.attributes.size());
      event_ids_[name] = static_cast<int32_t>(program_.layout.event_kinds.size());
      attribute_slots_[name] = std::move(slots);
      program_.layout.event_kinds.push_back(std::move(layout));
    }
    program_.layout.event_stride = static_cast<int32_t>(2 + widest);
  }

  // ---- Emission -------------------------------------------------------------------------

  int32_t Emit(Instr instr) {
    program_.code.push_back(instr);
    return static_cast<int32_t>(program_.code.size() - 1);
  }

  int32_t Const(ValueType type, int64_t value) {
    Instr instr{Op::kConst, type};
    instr.imm = value;
    return Emit(instr);
  }

  int32_t Number(double value) {
    Instr instr{Op::kConst, ValueType::kNumber};
    instr.fimm = value;
    return Emit(instr);
  }

  int32_t Unary(Op op, ValueType type, int32_t a) {
    Instr instr{op, type};
    instr.a = a;
    return Emit(instr);
  }

  int32_t Binary(Op op, ValueType type, int32_t a, int32_t b, bool as_numbers = false) {
    Instr instr{op, type};
    instr.a = a;
    instr.b = b;
    instr.fimm = as_numbers ? 1 : 0;
    return Emit(instr);
  }

  int32_t Select(ValueType type, int32_t condition, int32_t when_true, int32_t when_false) {
    Instr instr{Op::kSelect, type};
    instr.a = condition;
    instr.b = when_true;
    instr.c = when_false;
    return Emit(instr);
  }

  int32_t EmitWindow(Window window, ValueType type) {
    Instr instr{Op::kWindow, type};
    instr.aux = static_cast<int32_t>(program_.windows.size());
    program_.windows.push_back(std::move(window));
    return Emit(instr);
  }

  int32_t StringConstant(const std::string& text) {
    auto [it, inserted] =
        string_indices_.emplace(text, static_cast<int32_t>(program_.strings.size()));
    if (inserted) {
      program_.strings.push_back(text);
    }
    Instr instr{Op::kString, ValueType::kString};
    instr.imm = it->second;
    return Emit(instr);
  }

  int32_t EmitStringOp(StringOp op, ValueType type, int32_t subject) {
    // Identical operations share one table.
    int32_t index = -1;
    for (size_t i = 0; i < program_.string_ops.size(); ++i) {
      const StringOp& known = program_.string_ops[i];
      if (known.kind == op.kind && known.pattern == op.pattern &&
          known.case_insensitive == op.case_insensitive &&
          known.dot_matches_newline == op.dot_matches_newline) {
        index = static_cast<int32_t>(i);
      }
    }
    if (index < 0) {
      index = static_cast<int32_t>(program_.string_ops.size());
      program_.string_ops.push_back(std::move(op));
    }
    Instr instr{Op::kStringOp, type};
    instr.a = subject;
    instr.aux = index;
    return Emit(instr);
  }

  void Output(ResultSlot::Kind kind, std::string name, ValueType type, int32_t reg) {
    program_.results.push_back(ResultSlot{kind, std::move(name), type, reg});
  }

  int32_t Unsupported(const ast::Expr& expr, const std::string& what) {
    sink_.Report(DiagCode::kNotEvaluable, expr.range, what);
    return Const(ValueType::kInt, kMissing);
  }

  // ---- Expressions ----------------------------------------------------------------------

  // The analysis that typed `expr`: the let's own module for module lets.
  const Type& TypeOf(const ast::Expr& expr) {
    for (FileAnalysis* analysis : scopes_) {
      if (const Type* type = analysis->TypeOf(expr)) {
        return *type;
      }
    }
    static const Type kUnknown = Type::Error();
    return kUnknown;
  }

  const ValueSymbol* SymbolOf(const ast::Expr& expr) {
    for (FileAnalysis* analysis : scopes_) {
      if (const ValueSymbol* symbol = analysis->SymbolOf(expr)) {
        return symbol;
      }
    }
    return nullptr;
  }

  // Converts an int register to a number where a number is wanted.
  int32_t AsNumber(int32_t reg, const Type& type) {
    return type.kind == TypeKind::kInt ? Unary(Op::kIntToNumber, ValueType::kNumber, reg) : reg;
  }

  int32_t Lower(const ast::Expr& expr) {
    const Type& type = TypeOf(expr);
    switch (expr.kind) {
      case ast::ExprKind::kInt:
        return Const(ValueType::kInt, ast::As<ast::IntLiteral>(expr).value);
      case ast::ExprKind::kNumber:
        return Number(ast::As<ast::NumberLiteral>(expr).value);
      case ast::ExprKind::kPercent:
        return Number(ast::As<ast::PercentLiteral>(expr).fraction);
      case ast::ExprKind::kDuration:
        return Const(ValueType::kDuration, ast::As<ast::DurationLiteral>(expr).milliseconds);
      case ast::ExprKind::kTimeOfDay:
        return Const(ValueType::kDuration,
                     int64_t{ast::As<ast::TimeOfDayLiteral>(expr).seconds} * 1000);
      case ast::ExprKind::kString:
        return StringConstant(ast::As<ast::StringLiteral>(expr).value);
      case ast::ExprKind::kBool:
        return Const(ValueType::kBool, ast::As<ast::BoolLiteral>(expr).value ? 1 : 0);
      case ast::ExprKind::kDate:
        return Const(ValueType::kDate, DaysSinceEpoch(ast::As<ast::DateLiteral>(expr).date));
      case ast::ExprKind::kInstant:
        return Const(ValueType::kTime, InstantMs(ast::As<ast::InstantLiteral>(expr)));
      case ast::ExprKind::kNow:
        return Emit(Instr{Op::kNow, ValueType::kTime});
      case ast::ExprKind::kName:
        return LowerName(ast::As<ast::NameExpr>(expr), type);
      case ast::ExprKind::kCall:
        return LowerCall(ast::As<ast::CallExpr>(expr), type);
      case ast::ExprKind::kSet:
        return Unsupported(expr, "a set outside `in`");
      case ast::ExprKind::kUnary: {
        const auto& unary = ast::As<ast::UnaryExpr>(expr);
        int32_t operand = Lower(*unary.operand);
        if (unary.op == ast::UnaryOp::kNot) {
          return Unary(Op::kNot, ValueType::kBool, operand);
        }
        if (unary.op == ast::UnaryOp::kPlus) {
          return operand;
        }
        return Unary(Op::kNeg, ToValueType(type), operand);
      }
      case ast::ExprKind::kBinary:
        return LowerBinary(ast::As<ast::BinaryExpr>(expr), type);
      case ast::ExprKind::kMatches: {
        const auto& match = ast::As<ast::MatchesExpr>(expr);
        StringOp op;
        op.kind = StringOp::Kind::kMatches;
        op.pattern = match.pattern;
        op.case_insensitive = match.flags.find('i') != std::string::npos;
        op.dot_matches_newline = match.flags.find('s') != std::string::npos;
        return EmitStringOp(std::move(op), ValueType::kBool, Lower(*match.subject));
      }
      case ast::ExprKind::kBusiness:
        return Unsupported(expr, "business time inside an expression");
      case ast::ExprKind::kSlaState:
        return Unsupported(expr, "the state of an SLA");
      case ast::ExprKind::kWindow:
        return LowerWindow(ast::As<ast::WindowExpr>(expr), 0, 0, false);
      case ast::ExprKind::kSince: {
        Window window;
        window.kind = WindowKind::kSince;
        FillPattern(ast::As<ast::SinceExpr>(expr).event, window);
        return EmitWindow(std::move(window), ValueType::kDuration);
      }
      case ast::ExprKind::kCase:
        return LowerCase(ast::As<ast::CaseExpr>(expr), type);
      case ast::ExprKind::kError:
        return Unsupported(expr, "an expression with errors");
    }
    return Unsupported(expr, "this expression");
  }

  int64_t InstantMs(const ast::InstantLiteral& instant) {
    int64_t local = DaysSinceEpoch(instant.date) * kMsPerDay + instant.time_of_day_ms;
    if (instant.utc_offset_minutes) {
      return local - int64_t{*instant.utc_offset_minutes} * 60'000;
    }
    // Without an offset, the instant is local to the policy's time zone.
    try {
      const date::time_zone* zone = date::locate_zone(timezone_);
      date::local_time<std::chrono::milliseconds> when{std::chrono::milliseconds(local)};
      auto utc = zone->to_sys(when, date::choose::earliest);
      return utc.time_since_epoch().count();
    } catch (const std::exception&) {
      return local;
    }
  }

  int32_t LowerName(const ast::NameExpr& name, const Type& type) {
    const std::string& text = name.name.parts.back().text;
    if (name.name.parts.size() == 1) {
      if (auto param = params_.find(text); param != params_.end()) {
        return param->second;
      }
    }
    const ValueSymbol* symbol = SymbolOf(name);
    if (symbol == nullptr) {
      // An enum value: its index in the enumeration.
      if (type.kind == TypeKind::kEnum && type.enumeration) {
        const auto& values = type.enumeration->values;
        auto found = std::find(values.begin(), values.end(), text);
        if (found != values.end() && text != "stage") {
          return Const(ValueType::kEnum, found - values.begin());
        }
      }
      if (int32_t reg = LowerTestName(name, type); reg >= 0) {
        return reg;
      }
      return Unsupported(name, fmt::format("`{}`", name.name.Joined()));
    }
    return LowerSymbol(*symbol, name);
  }

  // Names only tests use: the lead's `stage`, as an index into the enumeration the test
  // was typed with (sorted by name, where the stage register follows the graph), and
  // `SLA.target`. -1 for any other name.
  int32_t LowerTestName(const ast::NameExpr& name, const Type& type) {
    const auto& parts = name.name.parts;
    if (parts.size() == 1 && parts[0].text == "stage" && stage_reg_ >= 0 &&
        type.kind == TypeKind::kEnum && type.enumeration) {
      const auto& values = type.enumeration->values;
      int32_t stage = Const(ValueType::kEnum, kMissing);
      for (size_t i = 0; i < program_.stages.size(); ++i) {
        auto found = std::find(values.begin(), values.end(), program_.stages[i]);
        int32_t is_stage = Binary(Op::kEqual, ValueType::kBool, stage_reg_,
                                  Const(ValueType::kEnum, static_cast<int64_t>(i)));
        stage = Select(ValueType::kEnum, is_stage, Const(ValueType::kEnum, found - values.begin()),
                       stage);
      }
      return stage;
    }
    if (parts.size() == 2 && parts[1].text == "target") {
      if (auto target = sla_targets_.find(parts[0].text); target != sla_targets_.end()) {
        return target->second;
      }
    }
    return -1;
  }

  int32_t LowerSymbol(const ValueSymbol& symbol, const ast::Expr& at) {
    if (auto cached = symbol_registers_.find(&symbol); cached != symbol_registers_.end()) {
      return cached->second;
    }
    int32_t reg = -1;
    switch (symbol.kind) {
      case ValueSymbol::Kind::kField: {
        auto slot = field_slots_.find(&symbol);
        if (slot == field_slots_.end()) {
          return Unsupported(at, "a field of another file");
        }
        Instr instr{Op::kField, ToValueType(symbol.type)};
        instr.imm = slot->second;
        reg = Emit(instr);
        break;
      }
      case ValueSymbol::Kind::kLet:
        reg = WithScope(symbol.owner, [&] { return Lower(*symbol.let->value); });
        break;
      case ValueSymbol::Kind::kSegment:
        reg = Lower(*FindDecl<ast::SegmentDecl>(ast::DeclKind::kSegment, symbol)->condition);
        break;
      case ValueSymbol::Kind::kScore:
        reg = LowerScore(*FindDecl<ast::ScoreDecl>(ast::DeclKind::kScore, symbol));
        break;
      case ValueSymbol::Kind::kSla:
      case ValueSymbol::Kind::kParam:
        return Unsupported(at, "an SLA");
    }
    symbol_registers_[&symbol] = reg;
    return reg;
  }

  template <typename Decl>
  const Decl* FindDecl(ast::DeclKind kind, const ValueSymbol& symbol) {
    for (const ast::DeclPtr& decl : symbol.owner->file().ast.decls) {
      if (decl->kind == kind && ast::As<Decl>(*decl).name.range == symbol.range) {
        return &ast::As<Decl>(*decl);
      }
    }
    SLAC_CHECK(false, "a resolved symbol has no declaration");
    return nullptr;
  }

  template <typename Function>
  int32_t WithScope(FileAnalysis* scope, Function&& function) {
    scopes_.insert(scopes_.begin(), scope);
    int32_t reg = function();
    scopes_.erase(scopes_.begin());
    return reg;
  }

  int32_t LowerCall(const ast::CallExpr& call, const Type& type) {
    if (const ValueSymbol* symbol = SymbolOf(call)) {
      // A parameterised let is inlined with its arguments bound to its parameters.
      std::map<std::string, int32_t> bound;
      const auto& params = symbol->let->params;
      for (size_t i = 0; i < params.size() && i < call.arguments.size(); ++i) {
        bound[params[i].name.text] = Lower(*call.arguments[i]);
      }
      std::swap(params_, bound);
      int32_t reg = WithScope(symbol->owner, [&] { return Lower(*symbol->let->value); });
      std::swap(params_, bound);
      return reg;
    }

    const std::string& name = call.callee.parts.back().text;
    if (name == "present") {
      return Unary(Op::kIsPresent, ValueType::kBool, Lower(*call.arguments[0]));
    }
    static const std::map<std::string, StringOp::Kind> kStringFunctions = {
        {"domain", StringOp::Kind::kDomain},      {"lower", StringOp::Kind::kLower},
        {"upper", StringOp::Kind::kUpper},        {"length", StringOp::Kind::kLength},
        {"contains", StringOp::Kind::kContains},  {"starts_with", StringOp::Kind::kStartsWith},
        {"ends_with", StringOp::Kind::kEndsWith},
    };
    auto function = kStringFunctions.find(name);
    if (function == kStringFunctions.end() || call.arguments.empty()) {
      return Unsupported(call, fmt::format("`{}`", name));
    }
    StringOp op;
    op.kind = function->second;
    if (call.arguments.size() > 1) {
      // The second argument must be known before any lead is seen.
      if (call.arguments[1]->kind != ast::ExprKind::kString) {
        return Unsupported(*call.arguments[1], "a string argument that is not a literal");
      }
      op.pattern = ast::As<ast::StringLiteral>(*call.arguments[1]).value;
    }
    return EmitStringOp(std::move(op), ToValueType(type), Lower(*call.arguments[0]));
  }

  int32_t LowerBinary(const ast::BinaryExpr& binary, const Type& type) {
    if (binary.op == ast::BinaryOp::kIn || binary.op == ast::BinaryOp::kNotIn) {
      int32_t contains = LowerIn(binary);
      return binary.op == ast::BinaryOp::kIn ? contains
                                             : Unary(Op::kNot, ValueType::kBool, contains);
    }
    if (binary.op == ast::BinaryOp::kAnd || binary.op == ast::BinaryOp::kOr) {
      Op op = binary.op == ast::BinaryOp::kAnd ? Op::kAnd : Op::kOr;
      return Binary(op, ValueType::kBool, Lower(*binary.lhs), Lower(*binary.rhs));
    }

    const Type& lhs_type = TypeOf(*binary.lhs);
    const Type& rhs_type = TypeOf(*binary.rhs);
    int32_t lhs = Lower(*binary.lhs);
    int32_t rhs = Lower(*binary.rhs);
    bool numbers = lhs_type.kind == TypeKind::kNumber || lhs_type.kind == TypeKind::kPercent ||
                   rhs_type.kind == TypeKind::kNumber || rhs_type.kind == TypeKind::kPercent;

    static const std::map<ast::BinaryOp, Op> kComparisons = {
        {ast::BinaryOp::kEqual, Op::kEqual},     {ast::BinaryOp::kNotEqual, Op::kNotEqual},
        {ast::BinaryOp::kLess, Op::kLess},       {ast::BinaryOp::kLessEqual, Op::kLessEqual},
        {ast::BinaryOp::kGreater, Op::kGreater}, {ast::BinaryOp::kGreaterEqual, Op::kGreaterEqual},
    };
    if (auto comparison = kComparisons.find(binary.op); comparison != kComparisons.end()) {
      if (numbers) {
        lhs = AsNumber(lhs, lhs_type);
        rhs = AsNumber(rhs, rhs_type);
      }
      return Binary(comparison->second, ValueType::kBool, lhs, rhs, numbers);
    }

    // Arithmetic: a duration scaled by a number, or both sides in the result's type.
    bool scale = type.kind == TypeKind::kDuration && binary.op != ast::BinaryOp::kAdd &&
                 binary.op != ast::BinaryOp::kSubtract &&
                 (lhs_type.kind != TypeKind::kDuration || rhs_type.kind != TypeKind::kDuration);
    if (scale) {
      bool duration_left = lhs_type.kind == TypeKind::kDuration;
      int32_t duration = duration_left ? lhs : rhs;
      int32_t factor = duration_left ? AsNumber(rhs, rhs_type) : AsNumber(lhs, lhs_type);
      if (binary.op == ast::BinaryOp::kDivide) {
        factor = Binary(Op::kDiv, ValueType::kNumber, Number(1.0), factor);
      }
      return Binary(Op::kScale, ValueType::kDuration, duration, factor);
    }
    ValueType result = ToValueType(type);
    if (result == ValueType::kNumber) {
      lhs = AsNumber(lhs, lhs_type);
      rhs = AsNumber(rhs, rhs_type);
      if (lhs_type.kind == TypeKind::kDuration && rhs_type.kind == TypeKind::kDuration) {
        // duration / duration: a ratio of milliseconds.
        lhs = Unary(Op::kIntToNumber, ValueType::kNumber, lhs);
        rhs = Unary(Op::kIntToNumber, ValueType::kNumber, rhs);
      }
    }
    static const std::map<ast::BinaryOp, Op> kArithmetic = {
        {ast::BinaryOp::kAdd, Op::kAdd},
        {ast::BinaryOp::kSubtract, Op::kSub},
        {ast::BinaryOp::kMultiply, Op::kMul},
        {ast::BinaryOp::kDivide, Op::kDiv},
    };
    return Binary(kArithmetic.at(binary.op), result, lhs, rhs);
  }

  // The constant set `expr` denotes: a set literal, or a let whose value is one.
  const ast::SetExpr* ConstantSet(const ast::Expr& expr) {
    if (expr.kind == ast::ExprKind::kSet) {
      return &ast::As<ast::SetExpr>(expr);
    }
    const ValueSymbol* symbol = SymbolOf(expr);
    if (symbol != nullptr && symbol->kind == ValueSymbol::Kind::kLet &&
        symbol->let->params.empty()) {
      scopes_.insert(scopes_.begin(), symbol->owner);
      const ast::SetExpr* set = ConstantSet(*symbol->let->value);
      scopes_.erase(scopes_.begin());
      return set;
    }
    return nullptr;
  }

  int32_t LowerIn(const ast::BinaryExpr& binary) {
    const Type& lhs_type = TypeOf(*binary.lhs);
    int32_t subject = Lower(*binary.lhs);
    const ast::SetExpr* set = ConstantSet(*binary.rhs);
    if (set == nullptr) {
      return Unsupported(*binary.rhs, "a set that is not written out");
    }

    ConstSet constant;
    constant.element = ToValueType(lhs_type);
    for (const ast::ExprPtr& element : set->elements) {
      switch (element->kind) {
        case ast::ExprKind::kString:
          constant.strings.push_back(ast::As<ast::StringLiteral>(*element).value);
          break;
        case ast::ExprKind::kInt:
          constant.values.push_back(ast::As<ast::IntLiteral>(*element).value);
          break;
        case ast::ExprKind::kName: {
          const std::string& text = ast::As<ast::NameExpr>(*element).name.Joined();
          if (lhs_type.kind == TypeKind::kEnum && lhs_type.enumeration) {
            const auto& values = lhs_type.enumeration->values;
            auto found = std::find(values.begin(), values.end(), text);
            if (found != values.end()) {
              constant.values.push_back(found - values.begin());
              break;
            }
          }
          return Unsupported(*element, "a set element that is not a constant");
        }
        default:
          return Unsupported(*element, "a set element that is not a constant");
      }
    }
    Instr instr{Op::kInSet, ValueType::kBool};
    instr.a = subject;
    instr.aux = static_cast<int32_t>(program_.sets.size());
    program_.sets.push_back(std::move(constant));
    return Emit(instr);
  }

  void FillPattern(const ast::EventPattern& pattern, Window& window) {
    window.event_kind = event_ids_.at(pattern.kind.text);
    const auto& slots = attribute_slots_.at(pattern.kind.text);
    for (const ast::AttributeFilter& filter : pattern.filters) {
      window.filters.push_back(WindowFilter{slots.at(filter.attribute.text), Lower(*filter.value)});
    }
  }

  int32_t LowerWindow(const ast::WindowExpr& expr, int64_t half_life_ms, double points,
                      bool weighted) {
    Window window;
    FillPattern(expr.event, window);
    if (expr.within) {
      window.within = Lower(*expr.within);
    }
    window.half_life_ms = half_life_ms;
    window.points = points;
    ValueType type = ValueType::kBool;
    switch (expr.op) {
      case ast::WindowOp::kAny:
        window.kind = weighted ? WindowKind::kAnyWeight : WindowKind::kAny;
        type = weighted ? ValueType::kNumber : ValueType::kBool;
        break;
      case ast::WindowOp::kEach:
        window.kind = WindowKind::kDecayedSum;
        type = ValueType::kNumber;
        break;
      case ast::WindowOp::kCount:
        window.kind = WindowKind::kCount;
        type = ValueType::kInt;
        break;
      case ast::WindowOp::kDistinct:
        window.kind = WindowKind::kDistinct;
        window.attribute_slot = attribute_slots_.at(expr.event.kind.text).at(expr.attribute->text);
        type = ValueType::kInt;
        break;
    }
    return EmitWindow(std::move(window), type);
  }

  int32_t LowerCase(const ast::CaseExpr& expr, const Type& type) {
    ValueType result = ToValueType(type);
    int32_t value = result == ValueType::kNumber ? Number(std::nan("")) : Const(result, kMissing);
    for (auto arm = expr.arms.rbegin(); arm != expr.arms.rend(); ++arm) {
      int32_t arm_value = Lower(*arm->value);
      if (result == ValueType::kNumber) {
        arm_value = AsNumber(arm_value, TypeOf(*arm->value));
      }
      value = arm->condition ? Select(result, Lower(*arm->condition), arm_value, value) : arm_value;
    }
    return value;
  }

  // ---- Declarations ---------------------------------------------------------------------

  // A score is the clamped sum of its rules' contributions. A rule that is exactly an
  // `each` window earns points per event; one that is exactly an `any` window is weighed
  // by its latest event's age when the score decays; any other rule earns its points
  // undecayed when its condition holds.
  int32_t LowerScore(const ast::ScoreDecl& score) {
    int64_t half_life = 0;
    if (!score.half_lives.empty() && score.half_lives[0]->kind == ast::ExprKind::kDuration) {
      half_life = ast::As<ast::DurationLiteral>(*score.half_lives[0]).milliseconds;
    }
    int32_t total = Number(0);
    for (const ast::ScoreRule& rule : score.rules) {
      const ast::Expr& condition = *rule.condition;
      bool window = condition.kind == ast::ExprKind::kWindow;
      ast::WindowOp op = window ? ast::As<ast::WindowExpr>(condition).op : ast::WindowOp::kCount;
      int32_t contribution = -1;
      if (window && op == ast::WindowOp::kEach) {
        contribution =
            LowerWindow(ast::As<ast::WindowExpr>(condition), half_life, rule.points, false);
      } else if (window && op == ast::WindowOp::kAny && half_life > 0) {
        int32_t weight = LowerWindow(ast::As<ast::WindowExpr>(condition), half_life, 0, true);
        contribution = Binary(Op::kMul, ValueType::kNumber, weight, Number(rule.points));
      } else {
        contribution = Select(ValueType::kNumber, Lower(condition), Number(rule.points), Number(0));
      }
      if (rule.cap) {
        double cap = std::abs(*rule.cap);
        contribution = rule.points >= 0
                           ? Binary(Op::kMin, ValueType::kNumber, contribution, Number(cap))
                           : Binary(Op::kMax, ValueType::kNumber, contribution, Number(-cap));
      }
      std::string label =
          rule.label ? rule.label->value : fmt::format("rule {}", rule.range.begin.line);
      Output(ResultSlot::Kind::kRuleContribution, score.name.text + "/" + label, ValueType::kNumber,
             contribution);
      total = Binary(Op::kAdd, ValueType::kNumber, total, contribution);
    }
    Instr clamp{Op::kClamp, ValueType::kNumber};
    clamp.a = total;
    clamp.b = Number(score.min);
    clamp.c = Number(score.max);
    return Emit(clamp);
  }

  void LowerDecl(const ast::Decl& decl) {
    switch (decl.kind) {
      case ast::DeclKind::kScore: {
        const auto& score = ast::As<ast::ScoreDecl>(decl);
        const ValueSymbol* symbol = analysis_.FindValue(score.name.text);
        Output(ResultSlot::Kind::kScore, score.name.text, ValueType::kNumber,
               LowerSymbol(*symbol, *score.rules.front().condition));
        break;
      }
      case ast::DeclKind::kSegment: {
        const auto& segment = ast::As<ast::SegmentDecl>(decl);
        const ValueSymbol* symbol = analysis_.FindValue(segment.name.text);
        Output(ResultSlot::Kind::kSegment, segment.name.text, ValueType::kBool,
               LowerSymbol(*symbol, *segment.condition));
        break;
      }
      case ast::DeclKind::kLet: {
        const auto& let = ast::As<ast::LetDecl>(decl);
        const ValueSymbol* symbol = analysis_.FindValue(let.name.text);
        if (!let.params.empty() || TypeOf(*let.value).kind == TypeKind::kSet) {
          break;
        }
        Output(ResultSlot::Kind::kLet, let.name.text, ToValueType(TypeOf(*let.value)),
               LowerSymbol(*symbol, *let.value));
        break;
      }
      case ast::DeclKind::kSla:
        LowerSla(ast::As<ast::SlaDecl>(decl));
        break;
      case ast::DeclKind::kGuard: {
        const auto& guard = ast::As<ast::GuardDecl>(decl);
        for (size_t i = 0; i < guard.requirements.size(); ++i) {
          Output(ResultSlot::Kind::kGuard,
                 fmt::format("{} -> {} #{}", guard.from.text, guard.to.text, i + 1),
                 ValueType::kBool, Lower(*guard.requirements[i].condition));
        }
        break;
      }
      default:
        break;
    }
  }

  int64_t TargetMs(const ast::Target& target) {
    const ast::SimpleTarget* simple = target.single          ? &*target.single
                                      : target.steps.empty() ? nullptr
                                                             : &target.steps.front().target;
    if (simple == nullptr || simple->kind != ast::SimpleTargetKind::kDuration) {
      return kMissing;
    }
    const ast::Expr* duration = simple->duration.get();
    if (duration->kind == ast::ExprKind::kBusiness) {
      duration = ast::As<ast::BusinessExpr>(*duration).duration.get();
    }
    return duration->kind == ast::ExprKind::kDuration
               ? ast::As<ast::DurationLiteral>(*duration).milliseconds
               : kMissing;
  }

  // The tier is the first whose segment or let holds; the target is that tier's
  // duration. Business-day forms are resolved by the SLA clocks, not here.
  void LowerSla(const ast::SlaDecl& sla) {
    if (sla.targets.empty()) {
      return;
    }
    const auto& tiers = sla.targets.front().tiers;
    int32_t tier = Const(ValueType::kInt, kMissing);
    int32_t target = Const(ValueType::kDuration, kMissing);
    for (size_t i = tiers.size(); i-- > 0;) {
      int32_t index = Const(ValueType::kInt, static_cast<int64_t>(i));
      int32_t duration = Const(ValueType::kDuration, TargetMs(tiers[i].target));
      if (!tiers[i].condition) {
        tier = index;
        target = duration;
        continue;
      }
      int32_t holds = Lower(*tiers[i].condition);
      tier = Select(ValueType::kInt, holds, index, tier);
      target = Select(ValueType::kDuration, holds, duration, target);
    }
    Output(ResultSlot::Kind::kTier, sla.name.text, ValueType::kInt, tier);
    Output(ResultSlot::Kind::kTarget, sla.name.text, ValueType::kDuration, target);
    sla_targets_[sla.name.text] = target;
  }

  // The qualified stage: the furthest stage, in the order the graph lists them, whose
  // stage rules hold; the first stage when none does.
  void LowerStage(const ast::PolicyFile& file) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<const ast::Expr*>> rules;
    for (const ast::DeclPtr& decl : file.decls) {
      if (decl->kind == ast::DeclKind::kStages) {
        for (const auto& chain : ast::As<ast::StagesDecl>(*decl).chains) {
          for (const ast::Identifier& stage : chain) {
            if (std::find(order.begin(), order.end(), stage.text) == order.end()) {
              order.push_back(stage.text);
            }
          }
        }
      } else if (decl->kind == ast::DeclKind::kStageRule) {
        const auto& rule = ast::As<ast::StageRuleDecl>(*decl);
        rules[rule.stage.text].push_back(rule.condition.get());
      }
    }
    if (order.empty()) {
      return;
    }
    program_.stages = order;
    int32_t stage = Const(ValueType::kEnum, 0);
    for (size_t i = 0; i < order.size(); ++i) {
      auto found = rules.find(order[i]);
      if (found == rules.end()) {
        continue;
      }
      int32_t holds = Lower(*found->second.front());
      for (size_t k = 1; k < found->second.size(); ++k) {
        holds = Binary(Op::kOr, ValueType::kBool, holds, Lower(*found->second[k]));
      }
      stage =
          Select(ValueType::kEnum, holds, Const(ValueType::kEnum, static_cast<int64_t>(i)), stage);
    }
    Output(ResultSlot::Kind::kStage, "stage", ValueType::kEnum, stage);
    stage_reg_ = stage;
  }

  FileAnalysis& analysis_;
  DiagnosticSink& sink_;
  const std::vector<Probe>& probes_;
  Program program_;
  std::string timezone_ = "UTC";
  std::vector<FileAnalysis*> scopes_ = {&analysis_};
  std::map<const ValueSymbol*, int32_t> field_slots_;
  std::map<const ValueSymbol*, int32_t> symbol_registers_;
  std::map<std::string, int32_t> params_;
  std::map<std::string, int32_t> event_ids_;
  std::map<std::string, std::map<std::string, int32_t>> attribute_slots_;
  std::map<std::string, int32_t> string_indices_;
  int32_t stage_reg_ = -1;
  std::map<std::string, int32_t> sla_targets_;
};

}  // namespace

Program Lower(FileAnalysis& analysis, DiagnosticSink& sink) { return Lower(analysis, sink, {}); }

Program Lower(FileAnalysis& analysis, DiagnosticSink& sink, const std::vector<Probe>& probes) {
  Lowerer lowerer(analysis, sink, probes);
  return lowerer.Run();
}

}  // namespace slac::ir
