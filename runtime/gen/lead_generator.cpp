#include "slac/lead_generator.h"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "slac/decision_writer.h"

namespace slac::runtime {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

// Draws built on the raw engine only, so that the output is the same everywhere.
class Draw {
 public:
  explicit Draw(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }
  // Weighted choice: `weights` sum to anything positive.
  template <size_t N>
  size_t Weighted(const std::array<double, N>& weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double point = Unit() * total;
    for (size_t i = 0; i < N; ++i) {
      point -= weights[i];
      if (point < 0) {
        return i;
      }
    }
    return N - 1;
  }
  // A Poisson count by inversion; small means only.
  int Poisson(double mean) {
    double limit = std::exp(-mean);
    double product = Unit();
    int count = 0;
    while (product > limit && count < 60) {
      product *= Unit();
      ++count;
    }
    return count;
  }

 private:
  std::mt19937_64 engine_;
};

constexpr std::array<const char*, 16> kFirstNames = {
    "ana",  "ben", "chen", "dara", "eli",   "fatima", "gus",  "hana",
    "ivan", "jo",  "kim",  "lena", "mateo", "nia",    "omar", "priya"};
constexpr std::array<const char*, 16> kLastNames = {
    "silva",  "okafor", "nguyen", "schmidt", "rossi",  "kowalski", "haddad", "tanaka",
    "garcia", "smith",  "dubois", "larsen",  "moreau", "patel",    "kim",    "berg"};
constexpr std::array<const char*, 20> kCompanies = {
    "northwind", "contoso",      "fabrikam",  "tailspin", "litware",   "adatum",   "proseware",
    "woodgrove", "fourthcoffee", "wingtip",   "lucerne",  "margie",    "alpine",   "bluecrest",
    "cobalt",    "datum",        "humongous", "trey",     "vanarsdel", "wideworld"};
constexpr std::array<const char*, 6> kFreemail = {"gmail.com",   "yahoo.com", "outlook.com",
                                                  "hotmail.com", "gmx.de",    "proton.me"};
constexpr std::array<const char*, 14> kTitles = {
    "VP Sales",        "Head of Marketing", "Director IT",       "Chief Revenue Officer",
    "Sales Manager",   "Marketing Manager", "Software Engineer", "Data Analyst",
    "Operations Lead", "Account Executive", "Founder",           "Student",
    "Consultant",      "Office Manager"};
constexpr std::array<const char*, 6> kIndustries = {"saas",   "fintech",       "healthcare",
                                                    "retail", "manufacturing", "other"};
constexpr std::array<double, 6> kIndustryWeights = {30, 15, 12, 13, 10, 20};
constexpr std::array<const char*, 8> kCountries = {"US", "DE", "GB", "IN", "BR", "FR", "CA", "AU"};
constexpr std::array<const char*, 7> kSources = {"webinar",  "ebook",    "demo_form", "pricing",
                                                 "outbound", "referral", "other"};
constexpr std::array<double, 7> kSourceWeights = {15, 25, 10, 10, 20, 8, 12};
constexpr std::array<const char*, 4> kChannels = {"email", "phone", "linkedin", "meeting"};
constexpr std::array<double, 4> kChannelWeights = {50, 25, 15, 10};

struct Event {
  const char* kind;
  int64_t at;
  const char* channel = nullptr;
};

struct Lead {
  std::string id;
  std::string email;
  std::string title;
  std::string company;  // empty when missing
  int64_t employees = 0;
  std::string industry;
  std::string country;
  std::string source;
  int64_t created_at = 0;
  std::vector<Event> events;
};

Lead MakeLead(Draw& draw, int64_t index, int64_t until_ms) {
  Lead lead;
  lead.id = fmt::format("L{:07}", index + 1);
  std::string person = fmt::format("{}.{}", draw.Pick(kFirstNames), draw.Pick(kLastNames));
  bool free_mail = draw.Chance(0.25);
  std::string company = draw.Pick(kCompanies);
  lead.email = free_mail ? fmt::format("{}@{}", person, draw.Pick(kFreemail))
                         : fmt::format("{}@{}.example", person, company);
  lead.company = free_mail && draw.Chance(0.7) ? "" : company;
  lead.title = draw.Pick(kTitles);
  // Company sizes spread over four orders of magnitude, as real pipelines do.
  lead.employees = static_cast<int64_t>(std::floor(std::pow(10.0, 0.3 + draw.Unit() * 4.2)));
  lead.industry = kIndustries[draw.Weighted(kIndustryWeights)];
  lead.country = draw.Pick(kCountries);
  lead.source = kSources[draw.Weighted(kSourceWeights)];
  int64_t age = static_cast<int64_t>(draw.Below(120 * kDay / kMinute)) * kMinute;
  lead.created_at = until_ms - age;

  // Activity after creation: engaged leads act more, and some have already been touched.
  double engagement = draw.Unit();
  auto at_after_creation = [&] {
    return lead.created_at + static_cast<int64_t>(draw.Below(static_cast<uint64_t>(age) + 1));
  };
  int pricing = draw.Poisson(engagement * 3);
  for (int i = 0; i < pricing; ++i) {
    lead.events.push_back({"pricing_view", at_after_creation()});
  }
  if (draw.Chance(engagement * 0.25)) {
    lead.events.push_back({"demo_request", at_after_creation()});
  }
  int webinars = draw.Poisson(engagement * 1.5);
  for (int i = 0; i < webinars; ++i) {
    lead.events.push_back({"webinar_attended", at_after_creation()});
  }
  int ebooks = draw.Poisson(1 + engagement * 2);
  for (int i = 0; i < ebooks; ++i) {
    lead.events.push_back({"ebook_download", at_after_creation()});
  }
  if (draw.Chance(0.04)) {
    lead.events.push_back({"unsubscribe", at_after_creation()});
  }
  int touches = draw.Poisson(2.5);
  for (int i = 0; i < touches; ++i) {
    lead.events.push_back(
        {"touch", at_after_creation(), kChannels[draw.Weighted(kChannelWeights)]});
  }
  std::stable_sort(lead.events.begin(), lead.events.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  return lead;
}

void WriteJson(const Lead& lead, std::ostream& out) {
  nlohmann::ordered_json json;
  json["id"] = lead.id;
  json["email"] = lead.email;
  json["title"] = lead.title;
  json["company"] = nullptr;
  if (!lead.company.empty()) {
    json["company"] = lead.company;
  }
  json["employees"] = lead.employees;
  json["industry"] = lead.industry;
  json["country"] = lead.country;
  json["source"] = lead.source;
  json["created_at"] = FormatInstant(lead.created_at);
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const Event& event : lead.events) {
    nlohmann::ordered_json item;
    item["kind"] = event.kind;
    item["at"] = FormatInstant(event.at);
    if (event.channel != nullptr) {
      item["channel"] = event.channel;
    }
    events.push_back(std::move(item));
  }
  json["events"] = std::move(events);
  out << json.dump() << '\n';
}

// A CSV cell, quoted by libcsv only when it holds a delimiter, quote or line break.
std::string Cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted(text.size() * 2 + 2, '\0');
  quoted.resize(csv_write(quoted.data(), quoted.size(), text.data(), text.size()));
  return quoted;
}

const Event* Last(const Lead& lead, std::string_view kind) {
  const Event* last = nullptr;
  for (const Event& event : lead.events) {
    last = kind == event.kind ? &event : last;
  }
  return last;
}

void WriteCsv(const Lead& lead, std::ostream& out) {
  auto instant = [&](std::string_view kind) {
    const Event* event = Last(lead, kind);
    return event == nullptr ? std::string() : FormatInstant(event->at);
  };
  const Event* touch = Last(lead, "touch");
  out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", Cell(lead.id), Cell(lead.email),
                     Cell(lead.title), Cell(lead.company), lead.employees, lead.industry,
                     lead.country, lead.source, FormatInstant(lead.created_at),
                     instant("pricing_view"), instant("demo_request"), instant("unsubscribe"),
                     instant("touch"), touch == nullptr ? "" : touch->channel);
}

}  // namespace

void GenerateLeads(const GeneratorOptions& options, std::ostream& out) {
  Draw draw(options.seed);
  if (options.format == GeneratorOptions::Format::kCsv) {
    out << "id,email,title,company,employees,industry,country,source,created_at,"
           "last_pricing_view_at,last_demo_request_at,unsubscribed_at,last_touch_at,"
           "last_touch_channel\n";
  }
  for (int64_t i = 0; i < options.count; ++i) {
    Lead lead = MakeLead(draw, i, options.until_ms);
    if (options.format == GeneratorOptions::Format::kCsv) {
      WriteCsv(lead, out);
    } else {
      WriteJson(lead, out);
    }
  }
}

}  // namespace slac::runtime
