// The reference interpreter, operation by operation, against values worked out by hand.
// Every evaluation also runs the JIT-compiled evaluator and requires identical slots, so
// each case here is a unit test of both engines.
#include "interp/interp.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "eval_helpers.h"
#include "jit/jit.h"

namespace slac::testing {
namespace {

using Kind = ir::ResultSlot::Kind;

// Evaluates the lead built so far at `now` and reads results by name.
class Evaluation {
 public:
  Evaluation(Compiled& compiled, int64_t now) : compiled_(compiled) {
    ir::Record record = compiled.lead->Build();
    compiled.tables->Update();
    results_.resize(compiled.program.results.size());
    std::vector<int64_t> registers;
    interp::Evaluate(compiled.program, *compiled.tables, record, now, registers, results_.data());

    if (!compiled.native) {
      auto native = jit::CompiledPolicy::Compile(compiled.program, jit::JitOptions{});
      if (!native) {
        FAIL(llvm::toString(native.takeError()));
      }
      compiled.native = std::move(*native);
    }
    std::vector<int64_t> native_results(results_.size());
    compiled.native->Evaluate(*compiled.tables, record, now, native_results.data());
    for (size_t i = 0; i < results_.size(); ++i) {
      INFO("result slot " << compiled.program.results[i].name);
      CHECK(native_results[i] == results_[i]);
    }
  }

  int64_t Slot(Kind kind, const std::string& name) const {
    int index = ResultIndex(compiled_.program, kind, name);
    REQUIRE(index >= 0);
    return results_[static_cast<size_t>(index)];
  }
  double Number(Kind kind, const std::string& name) const {
    return interp::AsNumber(Slot(kind, name));
  }
  bool Segment(const std::string& name) const { return Slot(Kind::kSegment, name) != 0; }
  int64_t Let(const std::string& name) const { return Slot(Kind::kLet, name); }
  std::string Stage() const {
    return compiled_.program.stages[static_cast<size_t>(Slot(Kind::kStage, "stage"))];
  }

 private:
  Compiled& compiled_;
  std::vector<int64_t> results_;
};

std::unique_ptr<Compiled> Compile(const std::string& body) {
  auto compiled = CompileText("policy t version 1.0.0\n" + body);
  INFO(compiled->Diagnostics());
  REQUIRE_FALSE(compiled->sink.HasErrors());
  return compiled;
}

const char* const kBriefPolicy = R"(
use std.freemail
lead {
  email: string
  title: string
  employees: int
  industry: enum(saas, fintech, healthcare, retail, other)
}
events {
  pricing_view
  demo_request
  unsubscribe
  touch(channel: enum(email, phone, linkedin, meeting))
}
score fit "Firmographic fit" in 0..100 {
  "target industry":  industry in {saas, fintech}            => +30
  "mid-size or up":   employees >= 200                       => +25
  "senior title":     title matches /\b(VP|Head|Director|Chief)\b/i => +20
  "free-mail domain": domain(email) in std.freemail.domains  => -50
}
score engagement "Buying intent" in 0..100 {
  decay half_life 30d
  "pricing interest": each pricing_view in last 7d => +15 capped 45
  "asked for a demo": any demo_request in last 30d => +40
  "opted out":        any unsubscribe => -100
}
segment enterprise when employees >= 1000
let hot = engagement >= 80 and enterprise
stages {
  new -> mql -> sal
}
stage mql when fit >= 50 and engagement >= 40
stage mql when any demo_request in last 30d
sla first_touch {
  starts entering mql
  met by touch
  target {
    hot:        5m
    enterprise: 1h
    otherwise:  4h
  }
  escalate { at 100%: breach }
}
guard mql -> sal {
  require count touch in last 14d >= 2 and distinct channel of touch in last 14d >= 2
  else "two touches over two channels"
}
)";

TEST_CASE("the brief's VP at a SaaS company is scored as worked out by hand", "[interp]") {
  auto compiled = Compile(kBriefPolicy);
  int64_t now = Instant("2026-03-10T15:00:00Z");
  auto& lead = *compiled->lead;
  lead.SetInt("employees", 5000);
  lead.SetSymbol("industry", "saas");
  lead.SetString("title", "VP Sales");
  lead.SetString("email", "kim@corp.example");
  for (int days : {1, 2, 3}) {
    lead.AddEvent("pricing_view", now - days * kDay);
  }
  lead.AddEvent("demo_request", now - kHour);
  Evaluation result(*compiled, now);

  CHECK(result.Number(Kind::kScore, "fit") == 75);
  // Three pricing views weighed 0.5^(age / 30d), then a demo request an hour old.
  double pricing =
      15 * (std::pow(0.5, 1.0 / 30) + std::pow(0.5, 2.0 / 30) + std::pow(0.5, 3.0 / 30));
  double demo = 40 * std::pow(0.5, 1.0 / (30 * 24));
  CHECK(result.Number(Kind::kRuleContribution, "engagement/pricing interest") == Approx(pricing));
  CHECK(result.Number(Kind::kRuleContribution, "engagement/asked for a demo") == Approx(demo));
  CHECK(result.Number(Kind::kScore, "engagement") == Approx(pricing + demo));
  CHECK(result.Number(Kind::kScore, "engagement") > 80);
  CHECK(result.Segment("enterprise"));
  CHECK(result.Let("hot") == 1);
  CHECK(result.Stage() == "mql");
  CHECK(result.Slot(Kind::kTier, "first_touch") == 0);
  CHECK(result.Slot(Kind::kTarget, "first_touch") == 5 * kMinute);
}

TEST_CASE("a free-mail lead is clamped at the bottom of the range", "[interp]") {
  auto compiled = Compile(kBriefPolicy);
  auto& lead = *compiled->lead;
  lead.SetInt("employees", 20);
  lead.SetSymbol("industry", "retail");
  lead.SetString("title", "Student");
  lead.SetString("email", "someone@GMail.com");
  Evaluation result(*compiled, Instant("2026-03-10T15:00:00Z"));
  CHECK(result.Number(Kind::kRuleContribution, "fit/free-mail domain") == -50);
  CHECK(result.Number(Kind::kScore, "fit") == 0);
  CHECK(result.Stage() == "new");
  CHECK(result.Slot(Kind::kTier, "first_touch") == 2);
  CHECK(result.Slot(Kind::kTarget, "first_touch") == 4 * kHour);
}

TEST_CASE("a capped rule stops at its cap", "[interp]") {
  auto compiled = Compile(kBriefPolicy);
  int64_t now = Instant("2026-03-10T15:00:00Z");
  for (int i = 0; i < 10; ++i) {
    compiled->lead->AddEvent("pricing_view", now - i * kMinute);
  }
  Evaluation result(*compiled, now);
  CHECK(result.Number(Kind::kRuleContribution, "engagement/pricing interest") == 45);
}

TEST_CASE("a window includes both of its ends and never the future", "[interp]") {
  auto compiled = Compile(R"(
lead { id: string }
events { touch }
let week = count touch in last 7d
let ever = count touch
)");
  int64_t now = Instant("2026-03-10T15:00:00Z");
  auto& lead = *compiled->lead;
  lead.AddEvent("touch", now - 7 * kDay);      // on the edge: counted
  lead.AddEvent("touch", now - 7 * kDay - 1);  // one ms too old
  lead.AddEvent("touch", now);                 // now: counted
  lead.AddEvent("touch", now + 1);             // the future: ignored, and counted apart
  lead.AddEvent("touch", now + kDay);
  Evaluation result(*compiled, now);
  CHECK(result.Let("week") == 2);
  CHECK(result.Let("ever") == 3);
  CHECK(result.Slot(Kind::kFutureEvents, "future events") == 2);
}

TEST_CASE("integer overflow and division by zero give missing values", "[interp]") {
  auto compiled = Compile(R"(
lead { employees: int  revenue: number }
let squared = employees * employees
let overflowed = employees * employees > 0
let halved = employees / 2
let per_head = revenue / employees
let undefined_ratio = revenue / 0
let infinite_ratio = revenue / 0 > 1000000
)");
  auto& lead = *compiled->lead;
  lead.SetInt("employees", int64_t{1} << 62);
  lead.SetNumber("revenue", 500.0);
  Evaluation result(*compiled, 0);
  CHECK(result.Let("squared") == ir::kMissing);
  CHECK(result.Let("overflowed") == 0);
  CHECK(interp::AsNumber(result.Let("halved")) == std::ldexp(1.0, 61));
  CHECK(interp::AsNumber(result.Let("per_head")) == 500.0 / std::ldexp(1.0, 62));
  CHECK(std::isinf(interp::AsNumber(result.Let("undefined_ratio"))));
  CHECK(result.Let("infinite_ratio") == 1);
}

TEST_CASE("comparisons with a missing optional field are false, != included", "[interp]") {
  auto compiled = Compile(R"(
lead { account: string?  seats: int? }
let same = account == "Globex"
let different = account != "Globex"
let has_account = present(account)
let many_seats = seats >= 10
let few_seats = seats < 10
let doubled = seats * 2
)");
  Evaluation missing(*compiled, 0);
  CHECK(missing.Let("same") == 0);
  CHECK(missing.Let("different") == 0);
  CHECK(missing.Let("has_account") == 0);
  CHECK(missing.Let("many_seats") == 0);
  CHECK(missing.Let("few_seats") == 0);
  CHECK(missing.Let("doubled") == ir::kMissing);

  compiled->lead->SetString("account", "Initech");
  compiled->lead->SetInt("seats", 12);
  Evaluation present(*compiled, 0);
  CHECK(present.Let("same") == 0);
  CHECK(present.Let("different") == 1);
  CHECK(present.Let("has_account") == 1);
  CHECK(present.Let("many_seats") == 1);
  CHECK(present.Let("doubled") == 24);
}

TEST_CASE("durations and times combine with their units", "[interp]") {
  auto compiled = Compile(R"(
lead { created_at: time }
events { demo_request }
let age = now - created_at
let deadline = created_at + 2d
let quiet_for = since demo_request
let recent = since demo_request < 2h
let half_day = 1d / 2
let scaled = 90m * 1.5
let ratio = 3h / 90m
)");
  int64_t now = Instant("2026-03-10T15:00:00Z");
  compiled->lead->SetInt("created_at", now - 3 * kDay);
  compiled->lead->AddEvent("demo_request", now - 5 * kDay);
  compiled->lead->AddEvent("demo_request", now - 90 * kMinute);
  Evaluation result(*compiled, now);
  CHECK(result.Let("age") == 3 * kDay);
  CHECK(result.Let("deadline") == now - kDay);
  CHECK(result.Let("quiet_for") == 90 * kMinute);
  CHECK(result.Let("recent") == 1);
  CHECK(result.Let("half_day") == 12 * kHour);
  CHECK(result.Let("scaled") == 135 * kMinute);
  CHECK(interp::AsNumber(result.Let("ratio")) == 2.0);
}

TEST_CASE("since with no matching event is missing", "[interp]") {
  auto compiled = Compile(R"(
lead { id: string }
events { demo_request }
let quiet_for = since demo_request
let recent = since demo_request < 2h
)");
  Evaluation result(*compiled, 0);
  CHECK(result.Let("quiet_for") == ir::kMissing);
  CHECK(result.Let("recent") == 0);
}

TEST_CASE("event filters, distinct attributes and guards", "[interp]") {
  auto compiled = Compile(kBriefPolicy);
  int64_t now = Instant("2026-03-10T15:00:00Z");
  auto& lead = *compiled->lead;
  lead.AddEvent("touch", now - 2 * kDay);
  lead.SetEventSymbol("channel", "email");
  lead.AddEvent("touch", now - kDay);
  lead.SetEventSymbol("channel", "email");
  Evaluation one_channel(*compiled, now);
  CHECK(one_channel.Slot(Kind::kGuard, "mql -> sal #1") == 0);

  lead.AddEvent("touch", now - kHour);
  lead.SetEventSymbol("channel", "phone");
  Evaluation two_channels(*compiled, now);
  CHECK(two_channels.Slot(Kind::kGuard, "mql -> sal #1") == 1);
}

TEST_CASE("case takes the first arm that holds, and strings are compared by id", "[interp]") {
  auto compiled = Compile(R"(
use std.titles
lead { title: string  employees: int }
let size = case {
  employees >= 1000 => "large",
  employees >= 100  => "medium",
  otherwise         => "small",
}
let is_medium = size == "medium"
let level = std.titles.seniority(title)
let senior = std.titles.is_senior(title)
let short_title = length(title) < 10
)");
  compiled->lead->SetInt("employees", 250);
  compiled->lead->SetString("title", "Director of IT");
  Evaluation result(*compiled, 0);
  CHECK(compiled->pool.Text(result.Let("size")) == "medium");
  CHECK(result.Let("is_medium") == 1);
  CHECK(compiled->pool.Text(result.Let("level")) == "director");
  CHECK(result.Let("senior") == 1);
  CHECK(result.Let("short_title") == 0);
}

TEST_CASE("the furthest stage whose rules hold is the qualified stage", "[interp]") {
  auto compiled = Compile(R"(
lead { fit: int }
stages {
  new -> mql -> sql -> won
}
stage sql when fit >= 80
stage mql when fit >= 50
)");
  compiled->lead->SetInt("fit", 90);
  CHECK(Evaluation(*compiled, 0).Stage() == "sql");
  compiled->lead->SetInt("fit", 60);
  CHECK(Evaluation(*compiled, 0).Stage() == "mql");
  compiled->lead->SetInt("fit", 10);
  CHECK(Evaluation(*compiled, 0).Stage() == "new");
}

TEST_CASE("string functions are computed once per distinct string", "[interp]") {
  auto compiled = Compile(R"(
lead { email: string }
let mail_domain = domain(email)
let is_corp = ends_with(domain(email), ".example")
)");
  compiled->lead->SetString("email", "Ann@Corp.Example");
  Evaluation first(*compiled, 0);
  CHECK(compiled->pool.Text(first.Let("mail_domain")) == "corp.example");
  CHECK(first.Let("is_corp") == 1);

  // The same string again adds nothing to the pool: its results are looked up.
  size_t strings = compiled->pool.size();
  compiled->lead->SetString("email", "Ann@Corp.Example");
  Evaluation second(*compiled, 0);
  CHECK(compiled->pool.size() == strings);
  CHECK(second.Let("is_corp") == 1);
}

}  // namespace
}  // namespace slac::testing
