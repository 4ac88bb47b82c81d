#include "jit_handwritten.h"

#include <re2/re2.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>

namespace slac::bench {
namespace {

constexpr int64_t kDay = 86'400'000;
constexpr double kHalfLife = 30.0 * kDay;

int FieldSlot(const ir::Program& program, const std::string& name) {
  for (size_t i = 0; i < program.layout.fields.size(); ++i) {
    if (program.layout.fields[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int64_t EnumValue(const ir::Program& program, int field, const std::string& value) {
  const auto& values = program.layout.fields[static_cast<size_t>(field)].enum_values;
  return std::find(values.begin(), values.end(), value) - values.begin();
}

int64_t EventKind(const ir::Program& program, const std::string& name) {
  const auto& kinds = program.layout.event_kinds;
  return std::find_if(kinds.begin(), kinds.end(),
                      [&](const ir::EventKindLayout& kind) { return kind.name == name; }) -
         kinds.begin();
}

int64_t Stage(const ir::Program& program, const std::string& name) {
  return std::find(program.stages.begin(), program.stages.end(), name) - program.stages.begin();
}

int ResultSlot(const ir::Program& program, ir::ResultSlot::Kind kind, const std::string& name) {
  for (size_t i = 0; i < program.results.size(); ++i) {
    if (program.results[i].kind == kind && program.results[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

HandWritten::HandWritten(const ir::Program& program, const ir::StringPool& pool)
    : program_(program) {
  employees_ = FieldSlot(program, "employees");
  industry_ = FieldSlot(program, "industry");
  title_ = FieldSlot(program, "title");
  email_ = FieldSlot(program, "email");
  saas_ = EnumValue(program, industry_, "saas");
  fintech_ = EnumValue(program, industry_, "fintech");
  pricing_view_ = EventKind(program, "pricing_view");
  demo_request_ = EventKind(program, "demo_request");
  webinar_ = EventKind(program, "webinar_attended");
  ebook_ = EventKind(program, "ebook_download");
  unsubscribe_ = EventKind(program, "unsubscribe");
  stage_new_ = Stage(program, "new");
  stage_mql_ = Stage(program, "mql");

  // The string predicates, once per distinct string, as the product does.
  std::unordered_set<std::string> free_mail_domains;
  for (const ir::ConstSet& set : program.sets) {
    if (set.strings.size() > free_mail_domains.size()) {
      free_mail_domains = std::unordered_set<std::string>(set.strings.begin(), set.strings.end());
    }
  }
  RE2::Options options;
  options.set_case_sensitive(false);
  RE2 senior(R"(\b(VP|Head|Director|Chief)\b)", options);
  senior_title_.resize(pool.size());
  free_mail_.resize(pool.size());
  for (size_t id = 0; id < pool.size(); ++id) {
    const std::string& text = pool.Text(static_cast<int64_t>(id));
    senior_title_[id] = RE2::PartialMatch(text, senior);
    size_t at = text.rfind('@');
    std::string domain = at == std::string::npos ? text : text.substr(at + 1);
    std::transform(domain.begin(), domain.end(), domain.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    free_mail_[id] = free_mail_domains.count(domain) > 0;
  }
}

HandWritten::Result HandWritten::Evaluate(const ir::Record& record, int64_t now_ms) const {
  const int64_t* fields = record.fields;
  int64_t employees = fields[employees_];
  int64_t industry = fields[industry_];
  int64_t title = fields[title_];
  int64_t email = fields[email_];
  bool has_employees = employees != ir::kMissing;

  double fit = 0;
  fit += (industry == saas_ || industry == fintech_) ? 30 : 0;
  fit += has_employees && employees >= 200 ? 25 : 0;
  fit += title >= 0 && static_cast<size_t>(title) < senior_title_.size() && senior_title_[title]
             ? 20
             : 0;
  fit +=
      email >= 0 && static_cast<size_t>(email) < free_mail_.size() && free_mail_[email] ? -50 : 0;
  fit = std::clamp(fit, 0.0, 100.0);

  // One pass over the events for every window of the engagement score.
  double pricing = 0;
  double demo = 0;
  double webinars = 0;
  double ebooks = 0;
  double unsubscribed = 0;
  bool recent_demo = false;
  const int64_t stride = program_.layout.event_stride;
  for (int64_t i = 0; i < record.event_count; ++i) {
    const int64_t* event = record.events + i * stride;
    int64_t age = now_ms - event[0];
    if (age < 0) {
      continue;
    }
    int64_t kind = event[1];
    double weight = std::pow(0.5, static_cast<double>(age) / kHalfLife);
    if (kind == pricing_view_ && age <= 7 * kDay) {
      pricing += 15 * weight;
    } else if (kind == demo_request_ && age <= 30 * kDay) {
      demo = std::max(demo, weight);
      recent_demo = true;
    } else if (kind == webinar_ && age <= 90 * kDay) {
      webinars += 10 * weight;
    } else if (kind == ebook_ && age <= 180 * kDay) {
      ebooks += 2 * weight;
    } else if (kind == unsubscribe_) {
      unsubscribed = std::max(unsubscribed, weight);
    }
  }
  double engagement = std::min(pricing, 45.0) + 40 * demo + webinars + ebooks + -100 * unsubscribed;
  engagement = std::clamp(engagement, 0.0, 100.0);

  bool enterprise = has_employees && employees >= 1000;
  bool hot = engagement >= 80 && enterprise;
  bool mql = (fit >= 50 && engagement >= 40) || recent_demo;
  return Result{fit,
                engagement,
                enterprise,
                hot,
                mql ? stage_mql_ : stage_new_,
                hot ? 0 : enterprise ? 1 : 2};
}

void HandWritten::EvaluateBatch(const ir::Record* records, size_t count, int64_t now_ms,
                                Result* results) const {
  for (size_t i = 0; i < count; ++i) {
    results[i] = Evaluate(records[i], now_ms);
  }
}

size_t HandWritten::CountDisagreements(const jit::CompiledPolicy& native, const ir::Tables& tables,
                                       const ir::Record* records, size_t count,
                                       int64_t now_ms) const {
  using Kind = ir::ResultSlot::Kind;
  int fit = ResultSlot(program_, Kind::kScore, "fit");
  int engagement = ResultSlot(program_, Kind::kScore, "engagement");
  int enterprise = ResultSlot(program_, Kind::kSegment, "enterprise");
  int hot = ResultSlot(program_, Kind::kLet, "hot");
  int stage = ResultSlot(program_, Kind::kStage, "stage");
  int tier = ResultSlot(program_, Kind::kTier, "first_touch");
  std::vector<int64_t> slots(program_.results.size());
  auto number = [&](int index) { return std::bit_cast<double>(slots[static_cast<size_t>(index)]); };
  auto slot = [&](int index) { return slots[static_cast<size_t>(index)]; };
  size_t disagreements = 0;
  for (size_t i = 0; i < count; ++i) {
    native.Evaluate(tables, records[i], now_ms, slots.data());
    Result mine = Evaluate(records[i], now_ms);
    // Scores may differ in the last bits: the hand-written sums in another order.
    bool same = std::abs(number(fit) - mine.fit) < 1e-9 &&
                std::abs(number(engagement) - mine.engagement) < 1e-9 &&
                (slot(enterprise) != 0) == mine.enterprise && (slot(hot) != 0) == mine.hot &&
                slot(stage) == mine.stage && slot(tier) == mine.tier;
    disagreements += same ? 0 : 1;
  }
  return disagreements;
}

}  // namespace slac::bench
