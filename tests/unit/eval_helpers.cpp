#include "eval_helpers.h"

#include <catch2/catch.hpp>

#include <date/date.h>

#include <sstream>

#include "parse/literals.h"

#include "diagnostics/render.h"
#include "ir/lower.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace slac::testing {

std::string Compiled::Diagnostics() const {
  std::ostringstream out;
  RenderText(sources, sink.Sorted(), TextRenderOptions{}, out);
  return out.str();
}

std::unique_ptr<Compiled> CompileText(const std::string& text) {
  auto compiled = std::make_unique<Compiled>();
  Workspace workspace(compiled->sources, compiled->sink,
                      SemaOptions{std::string(SLAC_SOURCE_DIR) + "/stdlib"});
  LoadedFile* file = workspace.LoadText("policy.sla", text);
  workspace.CheckAll();
  if (!compiled->sink.HasErrors()) {
    compiled->program = ir::Lower(workspace.AnalysisOf(*file), compiled->sink);
  }
  compiled->tables = std::make_unique<ir::Tables>(compiled->program, compiled->pool);
  compiled->lead = std::make_unique<ir::RecordBuilder>(compiled->program, compiled->pool);
  return compiled;
}

int ResultIndex(const ir::Program& program, ir::ResultSlot::Kind kind, const std::string& name) {
  for (size_t i = 0; i < program.results.size(); ++i) {
    if (program.results[i].kind == kind && program.results[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int64_t Instant(const std::string& text) {
  ast::InstantLiteral literal({}, text);
  std::string reason;
  REQUIRE(literals::ParseInstant(literal, reason));
  date::year_month_day day{date::year{literal.date.year}, date::month{literal.date.month},
                           date::day{literal.date.day}};
  int64_t days = date::sys_days(day).time_since_epoch().count();
  return days * kDay + literal.time_of_day_ms -
         int64_t{literal.utc_offset_minutes.value_or(0)} * kMinute;
}

}  // namespace slac::testing
