#include "generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <sstream>

#include "diagnostics/render.h"
#include "ir/lower.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace slac::testing {
namespace {

// The value types expressions are generated for.
enum class Type { kBool, kInt, kNumber, kPercent, kDuration, kTime, kString, kIndustry };

struct Name {
  std::string text;
  Type type;
};

const char* const kIndustries[] = {"saas", "fintech", "healthcare", "retail", "other"};
const char* const kTopics[] = {"ai", "data", "ops"};
const char* const kChannels[] = {"email", "phone", "linkedin", "meeting"};
const char* const kReps[] = {"ann", "bo", "cy"};
const char* const kTitles[] = {
    "VP Sales",        "Head of Data", "Director IT",    "Chief of Staff",
    "engineer",        "vp marketing", "Intern",         "",
    "Senior Director", "Ops Manager",  "CHIEF EXECUTIVE"};
const char* const kEmails[] = {
    "li@bank.example", "kim@gmail.com",   "x@yahoo.com",         "ann@corp.example",
    "no-at-sign",      "a@b@Outlook.COM", "bo@sub.corp.example", "",
    "cy@hotmail.com"};
const char* const kAccounts[] = {"acme", "globex", "initech", "Acme Corp", ""};
const char* const kRegexes[] = {R"(\b(VP|Head|Director|Chief)\b)", "^vp", "(?:ops|data)$", "[0-9]+",
                                "a.*c"};
const char* const kDurations[] = {"90s", "5m",  "1h",  "12h",  "1d", "7d",
                                  "14d", "30d", "90d", "180d", "2w"};

class Generator {
 public:
  Generator(uint64_t seed, const PolicyShape& shape) : random_(seed), shape_(shape) {}

  std::string Run() {
    Header();
    Schema();

    // Lets of the first group read fields and windows only, so scores may use them; the
    // second group, segments and stage rules may also read scores, so there is no cycle.
    out_ << "let recent(span: duration): bool = any pricing_view in last span or "
            "any demo_request in last span\n";
    names_.push_back({"recent(7d)", Type::kBool});
    for (int i = 0; i < shape_.lets / 2; ++i) {
      Let(fmt::format("early{}", i));
    }
    for (int i = 0; i < shape_.scores; ++i) {
      Score(i);
    }
    for (int i = 0; i < shape_.lets - shape_.lets / 2; ++i) {
      Let(fmt::format("late{}", i));
    }
    for (int i = 0; i < shape_.segments; ++i) {
      std::string name = fmt::format("seg{}", i);
      out_ << "segment " << name << " when " << Expr(Type::kBool, shape_.depth) << "\n";
      names_.push_back({name, Type::kBool});
    }
    Stages();
    return out_.str();
  }

 private:
  uint64_t Below(uint64_t n) { return random_() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

  void Header() {
    out_ << "policy gen.p" << random_() % 1000 << " version 1.0.0\n";
    if (Chance(50)) {
      out_ << "use std.freemail\n";
      freemail_ = true;
    }
  }

  void Field(const char* name, const char* type, Type value_type, bool may_be_optional) {
    bool optional = may_be_optional && Chance(40);
    out_ << "  " << name << ": " << type << (optional ? "?" : "") << "\n";
    names_.push_back({name, value_type});
    if (optional) {
      optionals_.push_back(name);
    }
  }

  void Schema() {
    out_ << "lead {\n  id: string\n";
    Field("email", "string", Type::kString, true);
    Field("title", "string", Type::kString, true);
    Field("employees", "int", Type::kInt, true);
    Field("seats", "int", Type::kInt, true);
    Field("revenue", "number", Type::kNumber, true);
    Field("activation", "percent", Type::kPercent, true);
    Field("trial_length", "duration", Type::kDuration, true);
    Field("created_at", "time", Type::kTime, true);
    Field("industry", "enum(saas, fintech, healthcare, retail, other)", Type::kIndustry, true);
    Field("vip", "bool", Type::kBool, true);
    Field("account", "string", Type::kString, true);
    out_ << "}\n";
    out_ << "events {\n  pricing_view\n  demo_request\n  unsubscribe\n"
            "  webinar(topic: enum(ai, data, ops))\n"
            "  touch(channel: enum(email, phone, linkedin, meeting), rep: string)\n"
            "  page_view(seconds: int)\n}\n";
  }

  void Let(const std::string& name) {
    static const Type kLetTypes[] = {Type::kBool,     Type::kInt,  Type::kNumber,
                                     Type::kDuration, Type::kTime, Type::kString};
    Type type = Pick(kLetTypes);
    out_ << "let " << name << " = " << Expr(type, shape_.depth) << "\n";
    names_.push_back({name, type});
  }

  void Score(int index) {
    std::string name = fmt::format("score{}", index);
    bool decayed = Chance(50);
    int low = Chance(50) ? 0 : -100;
    int high = Chance(70) ? 100 : 1000;
    out_ << "score " << name << " \"Score " << index << "\" in " << low << ".." << high << " {\n";
    if (decayed) {
      out_ << "  decay half_life " << Pick(kDurations) << "\n";
    }
    for (int r = 0; r < shape_.rules_per_score; ++r) {
      out_ << "  \"rule " << r << "\": ";
      if (Chance(35)) {
        out_ << "each " << EventPattern() << Span();
      } else {
        out_ << Expr(Type::kBool, shape_.depth);
      }
      int points = static_cast<int>(Below(80)) - 30;
      if (points == 0) {
        points = 7;
      }
      out_ << " => " << (points > 0 ? "+" : "") << points;
      if (Chance(30)) {
        out_ << " capped " << (points > 0 ? "" : "-") << 1 + Below(60);
      }
      out_ << "\n";
    }
    out_ << "}\n";
    later_names_.push_back({name, Type::kNumber});
  }

  void Stages() {
    // Scores become readable once every score is declared.
    names_.insert(names_.end(), later_names_.begin(), later_names_.end());
    out_ << "stages {\n  new -> mql -> sal\n}\n";
    out_ << "stage mql when " << Expr(Type::kBool, shape_.depth) << "\n";
    if (Chance(60)) {
      out_ << "stage mql when " << Expr(Type::kBool, shape_.depth) << "\n";
    }
    out_ << "stage sal when " << Expr(Type::kBool, shape_.depth) << "\n";

    std::vector<std::string> tiers;
    for (const Name& name : names_) {
      if (name.type == Type::kBool && name.text.find('(') == std::string::npos &&
          name.text.find("seg") == 0 && Chance(70)) {
        tiers.push_back(name.text);
      }
    }
    out_ << "sla first_touch {\n  starts entering mql\n  met by touch\n";
    if (tiers.empty()) {
      out_ << "  target " << Pick(kDurations) << "\n";
    } else {
      out_ << "  target {\n";
      for (const std::string& tier : tiers) {
        out_ << "    " << tier << ": " << Pick(kDurations) << "\n";
      }
      out_ << "    otherwise: " << Pick(kDurations) << "\n  }\n";
    }
    out_ << "  escalate { at 100%: breach }\n}\n";
    out_ << "guard mql -> sal {\n  require " << Expr(Type::kBool, shape_.depth)
         << "\n  else \"not ready\"\n}\n";
  }

  // ---- Expressions ----------------------------------------------------------------------

  std::string Span() {
    if (Chance(20)) {
      return "";
    }
    return std::string(" in last ") + Pick(kDurations);
  }

  std::string EventPattern() {
    switch (Below(6)) {
      case 0:
        return "pricing_view";
      case 1:
        return "demo_request";
      case 2:
        return Chance(50) ? "webinar" : fmt::format("webinar(topic: {})", Pick(kTopics));
      case 3:
        return Chance(40) ? "touch" : fmt::format("touch(channel: {})", Pick(kChannels));
      case 4:
        return Chance(50) ? "page_view" : fmt::format("page_view(seconds: {})", Below(4) * 30);
      default:
        return Chance(50) ? "unsubscribe" : fmt::format("touch(rep: \"{}\")", Pick(kReps));
    }
  }

  std::string NameOf(Type type) {
    std::vector<const Name*> matching;
    for (const Name& name : names_) {
      if (name.type == type) {
        matching.push_back(&name);
      }
    }
    if (matching.empty()) {
      return "";
    }
    return matching[Below(matching.size())]->text;
  }

  std::string Expr(Type type, int depth) {
    // Leaves once the depth is spent, and often before.
    if (depth <= 0 || Chance(30)) {
      return Leaf(type);
    }
    --depth;
    switch (type) {
      case Type::kBool:
        return Bool(depth);
      case Type::kInt:
        return Int(depth);
      case Type::kNumber:
        return Number(depth);
      case Type::kPercent:
        return Chance(50) ? Leaf(type) : "(" + Expr(type, depth) + " + " + Leaf(type) + ")";
      case Type::kDuration:
        return Duration(depth);
      case Type::kTime:
        switch (Below(3)) {
          case 0:
            return "(" + Expr(Type::kTime, depth) + " - " + Pick(kDurations) + ")";
          case 1:
            return "(" + Expr(Type::kTime, depth) + " + " + Expr(Type::kDuration, depth) + ")";
          default:
            return Leaf(type);
        }
      case Type::kString:
        switch (Below(4)) {
          case 0:
            return "domain(" + Expr(Type::kString, depth) + ")";
          case 1:
            return "lower(" + Expr(Type::kString, depth) + ")";
          case 2:
            return "upper(" + Expr(Type::kString, depth) + ")";
          default:
            return Leaf(type);
        }
      case Type::kIndustry:
        return Leaf(type);
    }
    return Leaf(type);
  }

  std::string Compare(Type type, int depth) {
    static const char* const kOrdered[] = {"<", "<=", ">", ">=", "==", "!="};
    return "(" + Expr(type, depth) + " " + Pick(kOrdered) + " " + Expr(type, depth) + ")";
  }

  std::string Bool(int depth) {
    switch (Below(20)) {
      case 0:
        return "(" + Expr(Type::kBool, depth) + " and " + Expr(Type::kBool, depth) + ")";
      case 1:
        return "(" + Expr(Type::kBool, depth) + " or " + Expr(Type::kBool, depth) + ")";
      case 2:
        return "not " + Expr(Type::kBool, depth);
      case 3:
        return Compare(Type::kInt, depth);
      case 4:
        return Compare(Type::kNumber, depth);
      case 5:
        return Compare(Type::kDuration, depth);
      case 6:
        return Compare(Type::kTime, depth);
      case 7:
        return Compare(Type::kPercent, depth);
      case 8:
        return "(" + Expr(Type::kString, depth) + (Chance(50) ? " == " : " != ") +
               Expr(Type::kString, depth) + ")";
      case 9:
        return std::string("industry ") + (Chance(30) ? "not in" : "in") + " {" +
               Pick(kIndustries) + ", " + Pick(kIndustries) + "}";
      case 10:
        if (freemail_ && Chance(50)) {
          return "domain(email) in std.freemail.domains";
        }
        return "lower(" + Expr(Type::kString, depth) + ") in {\"acme\", \"globex\", \"\"}";
      case 11:
        return Expr(Type::kString, depth) + " matches /" + Pick(kRegexes) + "/" +
               (Chance(50) ? "i" : "");
      case 12: {
        static const char* const kFunctions[] = {"contains", "starts_with", "ends_with"};
        static const char* const kParts[] = {"VP", "vp", "@", ".example", "a", ""};
        return std::string(Pick(kFunctions)) + "(" + Expr(Type::kString, depth) + ", \"" +
               Pick(kParts) + "\")";
      }
      case 13:
        if (!optionals_.empty()) {
          return "present(" + optionals_[Below(optionals_.size())] + ")";
        }
        return "present(account)";
      case 14:
        return "any " + EventPattern() + Span();
      case 15:
        return "(count " + EventPattern() + Span() + " >= " + std::to_string(Below(4)) + ")";
      case 16: {
        bool touch = Chance(50);
        return fmt::format("(distinct {} of {}{} >= {})",
                           touch ? (Chance(50) ? "channel" : "rep") : "topic",
                           touch ? "touch" : "webinar", Span(), Below(3));
      }
      case 17:
        return "(since " + EventPattern() + " < " + Pick(kDurations) + ")";
      case 18:
        return "(industry " + std::string(Chance(50) ? "==" : "!=") + " " + Pick(kIndustries) + ")";
      default:
        return Leaf(Type::kBool);
    }
  }

  std::string Int(int depth) {
    static const char* const kOps[] = {"+", "-", "*"};
    switch (Below(6)) {
      case 0:
      case 1:
        return "(" + Expr(Type::kInt, depth) + " " + Pick(kOps) + " " + Expr(Type::kInt, depth) +
               ")";
      case 2:
        return "(count " + EventPattern() + Span() + ")";
      case 3:
        return "length(" + Expr(Type::kString, depth) + ")";
      case 4:
        return "case { " + Expr(Type::kBool, depth) + " => " + Expr(Type::kInt, depth) +
               ", otherwise => " + Expr(Type::kInt, depth) + " }";
      default:
        return "-" + Leaf(Type::kInt);
    }
  }

  std::string Number(int depth) {
    static const char* const kOps[] = {"+", "-", "*", "/"};
    switch (Below(4)) {
      case 0:
        // Integer division gives a number; dividing by a zero int is missing.
        return "(" + Expr(Type::kInt, depth) + " / " + Expr(Type::kInt, depth) + ")";
      case 1:
        return "(" + Expr(Type::kNumber, depth) + " " + Pick(kOps) + " " +
               Expr(Chance(50) ? Type::kNumber : Type::kInt, depth) + ")";
      case 2:
        return "(" + Expr(Type::kPercent, depth) + " * " + Expr(Type::kInt, depth) + ")";
      default:
        return Leaf(Type::kNumber);
    }
  }

  std::string Duration(int depth) {
    switch (Below(5)) {
      case 0:
        return "(" + Expr(Type::kDuration, depth) + (Chance(50) ? " + " : " - ") +
               Expr(Type::kDuration, depth) + ")";
      case 1:
        return "(" + Expr(Type::kDuration, depth) + " * " +
               Expr(Chance(50) ? Type::kInt : Type::kNumber, depth) + ")";
      case 2:
        return "(" + Expr(Type::kDuration, depth) + " / " + Expr(Type::kInt, depth) + ")";
      case 3:
        return "(now - " + Expr(Type::kTime, depth) + ")";
      default:
        return "(" + Expr(Type::kDuration, depth) + " * " + Expr(Type::kPercent, depth) + ")";
    }
  }

  std::string Leaf(Type type) {
    // A name of the type (field, let, segment, score) half of the time.
    if (Chance(55)) {
      std::string name = NameOf(type);
      if (!name.empty()) {
        return name;
      }
    }
    switch (type) {
      case Type::kBool:
        return Chance(50) ? "any demo_request in last 30d" : "vip";
      case Type::kInt: {
        static const char* const kInts[] = {
            "0", "1", "2", "7", "200", "1000", "-3", "4611686018427387904", "9223372036854775807"};
        return Pick(kInts);
      }
      case Type::kNumber: {
        static const char* const kNumbers[] = {"0.5", "2.5", "1000.0", "1.5e6", "0.0", "3.0"};
        return Pick(kNumbers);
      }
      case Type::kPercent: {
        static const char* const kPercents[] = {"0%", "10%", "50%", "70%", "92.5%", "100%"};
        return Pick(kPercents);
      }
      case Type::kDuration:
        return Chance(30) ? "(since " + EventPattern() + ")" : Pick(kDurations);
      case Type::kTime:
        return Chance(50) ? "now" : "created_at";
      case Type::kString: {
        static const char* const kStrings[] = {"\"acme\"", "\"VP Sales\"", "\"\"", "\"gmail.com\""};
        return Pick(kStrings);
      }
      case Type::kIndustry:
        return "industry";
    }
    return "0";
  }

  std::mt19937_64 random_;
  PolicyShape shape_;
  std::ostringstream out_;
  std::vector<Name> names_;
  std::vector<Name> later_names_;
  std::vector<std::string> optionals_;
  bool freemail_ = false;
};

}  // namespace

std::string GeneratePolicy(uint64_t seed, const PolicyShape& shape) {
  Generator generator(seed, shape);
  return generator.Run();
}

std::string CompiledText::Diagnostics() const {
  std::ostringstream out;
  RenderText(sources, sink.Sorted(), TextRenderOptions{}, out);
  return out.str();
}

std::unique_ptr<CompiledText> CompileText(const std::string& text, const std::string& stdlib_dir) {
  auto compiled = std::make_unique<CompiledText>();
  Workspace workspace(compiled->sources, compiled->sink, SemaOptions{stdlib_dir});
  LoadedFile* file = workspace.LoadText("generated.sla", text);
  workspace.CheckAll();
  if (file != nullptr && !compiled->sink.HasErrors()) {
    compiled->program = ir::Lower(workspace.AnalysisOf(*file), compiled->sink);
  }
  compiled->tables = std::make_unique<ir::Tables>(compiled->program, compiled->pool);
  return compiled;
}

namespace {

// Random slot values for a lead, by type.
class LeadMaker {
 public:
  LeadMaker(uint64_t seed, int64_t now_ms) : random_(seed), now_ms_(now_ms) {}

  uint64_t Below(uint64_t n) { return random_() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }

  int64_t Int() {
    static const int64_t kExtremes[] = {std::numeric_limits<int64_t>::max(),
                                        std::numeric_limits<int64_t>::min() + 1,
                                        int64_t{1} << 62,
                                        -(int64_t{1} << 62),
                                        0,
                                        -1};
    if (Chance(10)) {
      return kExtremes[Below(std::size(kExtremes))];
    }
    return static_cast<int64_t>(Below(20000)) - (Chance(10) ? 5000 : 0);
  }

  double Number() {
    if (Chance(5)) {
      return Chance(50) ? 1e300 : -0.0;
    }
    return static_cast<double>(Below(2000000)) / 8.0 - (Chance(10) ? 1000.0 : 0.0);
  }

  int64_t Time() {
    // Mostly the past year, sometimes the future, now itself, or long ago.
    constexpr int64_t kDay = 86'400'000;
    switch (Below(10)) {
      case 0:
        return now_ms_ + static_cast<int64_t>(Below(30 * kDay));
      case 1:
        return now_ms_;
      case 2:
        return now_ms_ - static_cast<int64_t>(Below(3650)) * kDay;
      default:
        return now_ms_ - static_cast<int64_t>(Below(400 * kDay));
    }
  }

  int64_t DurationMs() {
    if (Chance(5)) {
      return std::numeric_limits<int64_t>::max() / (Chance(50) ? 1 : 3);
    }
    return static_cast<int64_t>(Below(60 * 86'400'000LL)) - (Chance(10) ? 86'400'000 : 0);
  }

  std::string String(std::string_view field) {
    if (field == "email") {
      return kEmails[Below(std::size(kEmails))];
    }
    if (field == "title") {
      return kTitles[Below(std::size(kTitles))];
    }
    if (field == "account") {
      return kAccounts[Below(std::size(kAccounts))];
    }
    if (field == "rep") {
      return kReps[Below(std::size(kReps))];
    }
    static const char* const kOthers[] = {"acme", "VP Sales", "", "gmail.com", "lead-17"};
    return kOthers[Below(std::size(kOthers))];
  }

  void Field(ir::RecordBuilder& lead, const ir::FieldLayout& field) {
    // Optional fields are often missing; required ones rarely, which the host would report
    // as an input error but the engines must still agree on.
    if (Chance(field.optional ? 30 : 3)) {
      return;
    }
    switch (field.type) {
      case ir::ValueType::kBool:
        lead.SetSymbol(field.name, Chance(50) ? "true" : "false");
        return;
      case ir::ValueType::kInt:
        lead.SetInt(field.name, Int());
        return;
      case ir::ValueType::kNumber:
        lead.SetNumber(field.name, field.name == "activation"
                                       ? static_cast<double>(Below(130)) / 100.0
                                       : Number());
        return;
      case ir::ValueType::kString:
        lead.SetString(field.name, String(field.name));
        return;
      case ir::ValueType::kTime:
        lead.SetInt(field.name, Time());
        return;
      case ir::ValueType::kDuration:
        lead.SetInt(field.name, DurationMs());
        return;
      case ir::ValueType::kDate:
        lead.SetInt(field.name, now_ms_ / 86'400'000 - static_cast<int64_t>(Below(400)));
        return;
      case ir::ValueType::kEnum:
        lead.SetSymbol(field.name, field.enum_values[Below(field.enum_values.size())]);
        return;
    }
  }

  void Event(ir::RecordBuilder& lead, const ir::EventKindLayout& kind) {
    lead.AddEvent(kind.name, Time());
    for (const ir::FieldLayout& attribute : kind.attributes) {
      if (Chance(5)) {
        continue;
      }
      switch (attribute.type) {
        case ir::ValueType::kEnum:
          lead.SetEventSymbol(attribute.name,
                              attribute.enum_values[Below(attribute.enum_values.size())]);
          break;
        case ir::ValueType::kString:
          lead.SetEventString(attribute.name, String(attribute.name));
          break;
        default:
          lead.SetEventInt(attribute.name, static_cast<int64_t>(Below(4)) * 30);
          break;
      }
    }
  }

 private:
  std::mt19937_64 random_;
  int64_t now_ms_;
};

}  // namespace

void LeadSet::Generate(const ir::Program& program, ir::StringPool& pool, uint64_t seed,
                       size_t count, int64_t now_ms, int events_per_lead) {
  LeadMaker maker(seed, now_ms);
  ir::RecordBuilder lead(program, pool);
  const auto& kinds = program.layout.event_kinds;
  for (size_t i = 0; i < count; ++i) {
    lead.Reset();
    for (const ir::FieldLayout& field : program.layout.fields) {
      maker.Field(lead, field);
    }
    int events = kinds.empty() ? 0 : static_cast<int>(maker.Below(2 * events_per_lead + 1));
    for (int e = 0; e < events; ++e) {
      maker.Event(lead, kinds[maker.Below(kinds.size())]);
    }
    Add(program, lead.Build());
  }
}

void LeadSet::Add(const ir::Program& program, const ir::Record& record) {
  // Fields and events of one lead share one allocation, fields first.
  size_t fields = program.layout.fields.size();
  size_t event_slots =
      static_cast<size_t>(record.event_count) * static_cast<size_t>(program.layout.event_stride);
  auto slots = std::make_unique<int64_t[]>(fields + event_slots);
  std::copy(record.fields, record.fields + fields, slots.get());
  std::copy(record.events, record.events + event_slots, slots.get() + fields);
  records_.push_back(ir::Record{slots.get(), slots.get() + fields, record.event_count});
  storage_.push_back(std::move(slots));
}

std::string DescribeRecord(const ir::Program& program, const ir::StringPool& pool,
                           const ir::Record& record) {
  std::string text = "lead {\n";
  for (size_t i = 0; i < program.layout.fields.size(); ++i) {
    const ir::FieldLayout& field = program.layout.fields[i];
    int64_t slot = record.fields[i];
    std::string value;
    if (field.type == ir::ValueType::kNumber) {
      double number = std::bit_cast<double>(slot);
      value = std::isnan(number) ? "missing" : fmt::format("{}", number);
    } else if (slot == ir::kMissing) {
      value = "missing";
    } else if (field.type == ir::ValueType::kString) {
      value = fmt::format("\"{}\"", pool.Text(slot));
    } else if (field.type == ir::ValueType::kEnum) {
      value = field.enum_values[static_cast<size_t>(slot)];
    } else {
      value = std::to_string(slot);
    }
    text += fmt::format("  {}: {}\n", field.name, value);
  }
  text += "}\nevents (ms since epoch; kind; attribute slots) {\n";
  for (int64_t e = 0; e < record.event_count; ++e) {
    const int64_t* event = record.events + e * program.layout.event_stride;
    const ir::EventKindLayout& kind = program.layout.event_kinds[static_cast<size_t>(event[1])];
    text += fmt::format("  {} at {}", kind.name, event[0]);
    for (size_t a = 0; a < kind.attributes.size(); ++a) {
      text += fmt::format(" {}={}", kind.attributes[a].name, event[2 + a]);
    }
    text += "\n";
  }
  return text + "}\n";
}

}  // namespace slac::testing
