#include "testing/test_values.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <bit>
#include <cmath>

namespace slac::testing {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

int64_t DaysSinceEpoch(const ast::Date& day) {
  date::year_month_day ymd{date::year{day.year}, date::month{day.month}, date::day{day.day}};
  return date::sys_days(ymd).time_since_epoch().count();
}

// The instant in UTC; without a written offset it is local to `timezone`.
int64_t InstantMs(const ast::InstantLiteral& instant, const std::string& timezone) {
  int64_t local = DaysSinceEpoch(instant.date) * kMsPerDay + instant.time_of_day_ms;
  if (instant.utc_offset_minutes) {
    return local - int64_t{*instant.utc_offset_minutes} * 60'000;
  }
  // Semantic analysis has checked the zone name; a zone tzdata lacks reads as UTC.
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(timezone);
  } catch (const std::runtime_error&) {
    return local;
  }
  date::local_time<std::chrono::milliseconds> when{std::chrono::milliseconds(local)};
  return zone->to_sys(when, date::choose::earliest).time_since_epoch().count();
}

std::optional<TestValue> Combine(const ast::BinaryExpr& binary, const LiteralContext& context,
                                 std::string& error) {
  auto lhs = EvaluateLiteral(*binary.lhs, context, error);
  auto rhs = lhs ? EvaluateLiteral(*binary.rhs, context, error) : std::nullopt;
  if (!rhs) {
    return std::nullopt;
  }
  bool add = binary.op == ast::BinaryOp::kAdd;
  if (!add && binary.op != ast::BinaryOp::kSubtract) {
    error = "only sums and differences of instants and durations";
    return std::nullopt;
  }
  using Kind = TestValue::Kind;
  bool lhs_time = lhs->kind == Kind::kTime;
  if ((lhs_time || lhs->kind == Kind::kDuration) && rhs->kind == Kind::kDuration) {
    lhs->integer += add ? rhs->integer : -rhs->integer;
    return lhs;
  }
  error = "only sums and differences of instants and durations";
  return std::nullopt;
}

}  // namespace

std::optional<TestValue> EvaluateLiteral(const ast::Expr& expr, const LiteralContext& context,
                                         std::string& error) {
  using Kind = TestValue::Kind;
  switch (expr.kind) {
    case ast::ExprKind::kInt:
      return TestValue{Kind::kInt, ast::As<ast::IntLiteral>(expr).value, 0, {}};
    case ast::ExprKind::kNumber:
      return TestValue{Kind::kNumber, 0, ast::As<ast::NumberLiteral>(expr).value, {}};
    case ast::ExprKind::kPercent:
      return TestValue{Kind::kNumber, 0, ast::As<ast::PercentLiteral>(expr).fraction, {}};
    case ast::ExprKind::kDuration:
      return TestValue{Kind::kDuration, ast::As<ast::DurationLiteral>(expr).milliseconds, 0, {}};
    case ast::ExprKind::kString:
      return TestValue{Kind::kString, 0, 0, ast::As<ast::StringLiteral>(expr).value};
    case ast::ExprKind::kBool:
      return TestValue{Kind::kBool, ast::As<ast::BoolLiteral>(expr).value ? 1 : 0, 0, {}};
    case ast::ExprKind::kDate:
      return TestValue{Kind::kDate, DaysSinceEpoch(ast::As<ast::DateLiteral>(expr).date), 0, {}};
    case ast::ExprKind::kInstant:
      return TestValue{
          Kind::kTime, InstantMs(ast::As<ast::InstantLiteral>(expr), context.timezone), 0, {}};
    case ast::ExprKind::kNow:
      return TestValue{Kind::kTime, context.now_ms, 0, {}};
    case ast::ExprKind::kName: {
      const auto& name = ast::As<ast::NameExpr>(expr);
      if (name.name.parts.size() == 1) {
        return TestValue{Kind::kSymbol, 0, 0, name.name.parts[0].text};
      }
      break;
    }
    case ast::ExprKind::kUnary: {
      const auto& unary = ast::As<ast::UnaryExpr>(expr);
      if (unary.op == ast::UnaryOp::kNot) {
        break;
      }
      auto value = EvaluateLiteral(*unary.operand, context, error);
      if (value && unary.op == ast::UnaryOp::kNegate) {
        if (value->kind == Kind::kNumber) {
          value->number = -value->number;
        } else if (value->kind == Kind::kInt || value->kind == Kind::kDuration) {
          value->integer = -value->integer;
        } else {
          error = "only numbers and durations take a sign";
          return std::nullopt;
        }
      }
      return value;
    }
    case ast::ExprKind::kBinary:
      return Combine(ast::As<ast::BinaryExpr>(expr), context, error);
    default:
      break;
  }
  error = "a test gives literal values only";
  return std::nullopt;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) {
    return "missing";
  }
  if (std::trunc(value) == value && std::abs(value) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

std::string FormatInstantIn(int64_t ms, const std::string& timezone) {
  const date::time_zone* zone = nullptr;
  if (timezone != "UTC") {
    try {
      zone = date::locate_zone(timezone);
    } catch (const std::runtime_error&) {
      zone = nullptr;
    }
  }
  if (zone == nullptr) {
    return ir::FormatInstant(ms);
  }
  date::sys_time<std::chrono::milliseconds> when{std::chrono::milliseconds(ms)};
  date::zoned_time<std::chrono::milliseconds> local{zone, when};
  std::string offset = date::format("%z", local);  // +hhmm
  offset.insert(offset.size() - 2, ":");
  std::string stamp =
      ms % 1000 == 0
          ? date::format("%FT%T", date::floor<std::chrono::seconds>(local.get_local_time()))
          : date::format("%FT%T", local.get_local_time());
  return stamp + offset;
}

std::string FormatSlot(int64_t slot, ir::ValueType type,
                       const std::vector<std::string>& enum_values, const ir::StringPool& pool) {
  if (type == ir::ValueType::kNumber) {
    return FormatNumber(std::bit_cast<double>(slot));
  }
  if (type == ir::ValueType::kBool) {
    return slot != 0 ? "true" : "false";
  }
  if (slot == ir::kMissing) {
    return "missing";
  }
  switch (type) {
    case ir::ValueType::kInt:
      return fmt::format("{}", slot);
    case ir::ValueType::kString:
      return slot >= 0 && static_cast<size_t>(slot) < pool.size()
                 ? fmt::format("\"{}\"", pool.Text(slot))
                 : "missing";
    case ir::ValueType::kDuration:
      return ir::FormatDuration(slot);
    case ir::ValueType::kTime:
      return ir::FormatInstant(slot);
    case ir::ValueType::kDate:
      return date::format("%F", date::sys_days{date::days{slot}});
    case ir::ValueType::kEnum:
      return slot >= 0 && static_cast<size_t>(slot) < enum_values.size()
                 ? enum_values[static_cast<size_t>(slot)]
                 : fmt::format("#{}", slot);
    case ir::ValueType::kBool:
    case ir::ValueType::kNumber:
      break;
  }
  return fmt::format("{}", slot);
}

std::string SourceText(const SourceManager& sources, SourceRange range) {
  if (!range.IsValid()) {
    return "";
  }
  std::string_view line = sources.Get(range.file).Line(range.begin.line);
  // Columns count code points: walk the line to find the bytes they start at.
  auto byte_of = [&](uint32_t column) {
    size_t byte = 0;
    for (uint32_t seen = 1; seen < column && byte < line.size(); ++seen) {
      ++byte;
      while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) {
        ++byte;
      }
    }
    return byte;
  };
  size_t begin = byte_of(range.begin.column);
  if (range.end.line != range.begin.line) {
    return std::string(line.substr(begin)) + " ...";
  }
  size_t end = byte_of(range.end.column);
  return std::string(line.substr(begin, end > begin ? end - begin : 0));
}

}  // namespace slac::testing
