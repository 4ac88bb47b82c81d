// The public API end to end: load a policy (through the cache of compiled evaluators too),
// read leads, evaluate with either engine and on several threads, and read the decision,
// against values worked out by hand.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "runtime_test_support.h"
#include "slac/decision_writer.h"
#include "slac/lead_input.h"

namespace slac::runtime {
namespace {

constexpr const char* kNow = "2026-03-10T15:00:00Z";

// A big SaaS partner with a demo request two days ago and two touches since:
// fit 30 + 25 + 10 = 65, engagement 40 + 2 * 5 = 50.
const char* const kHotLead =
    R"({"id":"L-1","email":"kim@corp.example","employees":1500,"industry":"saas","partner":true,
        "events":[{"kind":"demo_request","at":"2026-03-08T15:00:00Z"},
                  {"kind":"touch","at":"2026-03-09T15:00:00Z","channel":"email"},
                  {"kind":"touch","at":"2026-03-10T12:00:00Z","channel":"phone"}]})";
// A free-mail sign-up at a small company, no activity: fit -40 clamped to 0.
const char* const kColdLead =
    R"({"id":"L-2","email":"jo@gmail.com","employees":10,"industry":"other","revenue":5000})";

class Run {
 public:
  explicit Run(Engine engine)
      : policy_(testing::LoadTestPolicy(engine)),
        strings_(*policy_),
        schema_(policy_->program()),
        reader_(schema_) {}

  void Add(const std::string& text) {
    std::string line = text;
    line.reserve(line.size() + JsonLeadReader::Padding());
    LeadRecord& record = records_.emplace_back();
    schema_.Start(record);
    reader_.Read(line, line.capacity(), record);
    INFO(record.error);
    REQUIRE(record.error.empty());
    ResolveStrings(record, strings_.pool());
  }

  std::vector<int64_t> Evaluate(int threads) {
    strings_.Update();
    std::string error;
    int64_t now = *ParseInstant(kNow, error);
    std::vector<ir::Record> views;
    for (const LeadRecord& record : records_) {
      views.push_back(record.View());
    }
    std::vector<int64_t> results(views.size() * policy_->result_count());
    policy_->EvaluateBatch(strings_, views, now, results.data(), threads);
    return results;
  }

  const Policy& policy() const { return *policy_; }
  const StringTable& strings() const { return strings_; }

 private:
  std::unique_ptr<Policy> policy_;
  StringTable strings_;
  LeadSchema schema_;
  JsonLeadReader reader_;
  std::vector<LeadRecord> records_;
};

TEST_CASE("a loaded policy carries its name, version and layout", "[policy]") {
  auto policy = testing::LoadTestPolicy();
  CHECK(policy->name() == "t.leads");
  CHECK(policy->version() == "2.1.0");
  const DecisionLayout& layout = policy->layout();
  REQUIRE(layout.scores.size() == 2);
  CHECK(layout.scores[0].name == "fit");
  REQUIRE(layout.scores[0].rules.size() == 4);
  CHECK(layout.scores[0].rules[2].name == "free mail");
  REQUIRE(layout.slas.size() == 1);
  CHECK(layout.slas[0].tier_labels == std::vector<std::string>{"enterprise", "otherwise"});
  CHECK(layout.guards.size() == 1);
}

TEST_CASE("a policy with errors gives diagnostics and no policy", "[policy]") {
  LoadResult loaded =
      LoadPolicyText("bad.sla", "policy x version 1.0.0\nlead { a: nope }\n",
                     LoadOptions{.stdlib_dir = std::string(SLAC_SOURCE_DIR) + "/stdlib"});
  CHECK(loaded.policy == nullptr);
  CHECK(loaded.diagnostics->HasErrors());
}

TEST_CASE("decisions match the values worked out by hand, on both engines", "[policy]") {
  for (Engine engine : {Engine::kJit, Engine::kInterpreter}) {
    Run run(engine);
    run.Add(kHotLead);
    run.Add(kColdLead);
    std::vector<int64_t> results = run.Evaluate(1);
    size_t stride = run.policy().result_count();

    Decision hot = Decode(run.policy(), results.data(), true);
    CHECK(hot.policy == "t.leads");
    CHECK(hot.version == "2.1.0");
    CHECK(hot.stage == "mql");
    REQUIRE(hot.scores.size() == 2);
    CHECK(hot.scores[0].value == 65);
    CHECK(hot.scores[1].value == 50);
    REQUIRE(hot.scores[1].rules.size() == 2);
    CHECK(hot.scores[1].rules[1].label == "touches");
    CHECK(hot.scores[1].rules[1].points == 10);
    CHECK(hot.segments == std::vector<std::pair<std::string, bool>>{{"enterprise", true}});
    REQUIRE(hot.lets.size() == 2);
    CHECK(hot.lets[0].second.AsBool());
    CHECK(hot.lets[1].second.missing());
    REQUIRE(hot.slas.size() == 1);
    CHECK(hot.slas[0].tier == "enterprise");
    CHECK(hot.slas[0].target_ms == 3'600'000);
    CHECK(hot.guards == std::vector<std::pair<std::string, bool>>{{"mql -> sal #1", true}});

    Decision cold = Decode(run.policy(), results.data() + stride, false);
    CHECK(cold.stage == "new");
    CHECK(cold.scores[0].value == 0);
    CHECK(cold.scores[0].rules.empty());
    CHECK(cold.lets[1].second.AsNumber() == 500);
    CHECK(cold.slas[0].tier == "otherwise");
    CHECK(cold.slas[0].target_ms == 14'400'000);
    CHECK_FALSE(cold.guards[0].second);
  }
}

TEST_CASE("batches on several threads decide as one thread does", "[policy]") {
  Run run(Engine::kJit);
  for (int i = 0; i < 50; ++i) {
    run.Add(i % 3 == 0 ? kColdLead : kHotLead);
  }
  CHECK(run.Evaluate(1) == run.Evaluate(4));
}

TEST_CASE("the writer prints one JSON object per decision", "[policy]") {
  Run run(Engine::kInterpreter);
  run.Add(kHotLead);
  run.Add(kColdLead);
  std::vector<int64_t> results = run.Evaluate(1);
  DecisionWriter json(run.policy(), run.strings().pool(), OutputFormat::kJsonLines, true);
  std::string out;
  json.Write(RecordInfo{1, 1, "L-1"}, results.data(), out);
  CHECK(out ==
        R"({"record":1,"line":1,"id":"L-1","policy":"t.leads","version":"2.1.0","stage":"mql",)"
        R"("scores":{"fit":65,"engagement":50},"rules":{"fit":{"saas":30,"big":25,"free mail":0,)"
        R"("partner":10},"engagement":{"demo":40,"touches":10}},"segments":{"enterprise":true},)"
        R"("lets":{"hot":true,"revenue_per_head":null},"slas":{"first_touch":{"tier":"enterprise",)"
        R"("target_ms":3600000}},"guards":{"mql -> sal #1":true},"future_events":0})"
        "\n");

  DecisionWriter csv(run.policy(), run.strings().pool(), OutputFormat::kCsv, false);
  CHECK(csv.Header() ==
        R"("record","line","id","policy","version","stage","fit","engagement","enterprise",)"
        R"("hot","revenue_per_head","first_touch.tier","first_touch.target_ms","mql -> sal #1",)"
        R"("future_events")"
        "\n");
  out.clear();
  csv.Write(RecordInfo{2, 2, "L-2"}, results.data() + run.policy().result_count(), out);
  CHECK(out ==
        R"(2,2,"L-2","t.leads","2.1.0","new",0,0,false,false,500,"otherwise",14400000,false,0)"
        "\n");
}

// A fresh folder under the system's temporary folder, removed at the end of the test.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string model = (std::filesystem::temp_directory_path() / "slac-policy-cache-XXXXXX");
    REQUIRE(mkdtemp(model.data()) != nullptr);
    path_ = model;
  }
  ~TemporaryFolder() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

LoadResult LoadCached(const std::string& folder) {
  LoadOptions options{std::string(SLAC_SOURCE_DIR) + "/stdlib", Engine::kJit, folder};
  LoadResult loaded = LoadPolicyText("t.sla", testing::kPolicy, options);
  INFO(loaded.failure);
  REQUIRE(loaded.policy != nullptr);
  return loaded;
}

// The fit score of the hot lead under `policy`.
double HotFit(const Policy& policy) {
  StringTable strings(policy);
  LeadSchema schema(policy.program());
  JsonLeadReader reader(schema);
  std::string line = kHotLead;
  line.reserve(line.size() + JsonLeadReader::Padding());
  LeadRecord record;
  schema.Start(record);
  reader.Read(line, line.capacity(), record);
  ResolveStrings(record, strings.pool());
  strings.Update();
  std::vector<int64_t> results(policy.result_count());
  policy.Evaluate(strings, record.View(), 0, results.data());
  return Decode(policy, results.data(), false).scores[0].value;
}

std::vector<std::filesystem::path> Entries(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    entries.push_back(entry.path());
  }
  return entries;
}

TEST_CASE("a cache folder serves the second load and rebuilds a corrupt entry", "[policy]") {
  TemporaryFolder folder;
  LoadResult first = LoadCached(folder.path().string());
  CHECK(first.cache.use == CacheUse::kMiss);
  CHECK(first.cache.problem.empty());
  // The optimised object reaches the cache from the JIT's background thread.
  CHECK(first.policy->WaitForOptimizedCode().empty());
  std::vector<std::filesystem::path> entries = Entries(folder.path());
  REQUIRE(entries.size() == 1);
  CHECK(HotFit(*first.policy) == 65);

  LoadResult second = LoadCached(folder.path().string());
  CHECK(second.cache.use == CacheUse::kHit);
  CHECK(second.cache.problem.empty());
  CHECK(HotFit(*second.policy) == 65);

  // Half an entry is detected, reported and replaced by a good one.
  std::filesystem::resize_file(entries[0], std::filesystem::file_size(entries[0]) / 2);
  LoadResult third = LoadCached(folder.path().string());
  CHECK(third.cache.use == CacheUse::kRebuilt);
  CHECK(third.cache.problem.find("is truncated") != std::string::npos);
  CHECK(HotFit(*third.policy) == 65);
  CHECK(third.policy->WaitForOptimizedCode().empty());
  CHECK(LoadCached(folder.path().string()).cache.use == CacheUse::kHit);
}

TEST_CASE("a cache folder that cannot be made costs a compile, not the load", "[policy]") {
  TemporaryFolder folder;
  std::filesystem::path file = folder.path() / "file";
  std::ofstream(file) << "not a folder";
  LoadResult loaded = LoadCached((file / "cache").string());
  CHECK(loaded.cache.use == CacheUse::kMiss);
  CHECK(HotFit(*loaded.policy) == 65);
  // The folder is found wanting when the cache is first read or, at the latest, when the
  // optimised object is stored.
  std::string stored = loaded.policy->WaitForOptimizedCode();
  CHECK_FALSE((loaded.cache.problem + stored).empty());
  CHECK(HotFit(*loaded.policy) == 65);
}

TEST_CASE("the interpreter and an empty folder use no cache", "[policy]") {
  LoadResult loaded = LoadCached("");
  CHECK(loaded.cache.use == CacheUse::kOff);
  TemporaryFolder folder;
  LoadOptions options{std::string(SLAC_SOURCE_DIR) + "/stdlib", Engine::kInterpreter,
                      folder.path().string()};
  LoadResult interpreted = LoadPolicyText("t.sla", testing::kPolicy, options);
  CHECK(interpreted.cache.use == CacheUse::kOff);
  CHECK(Entries(folder.path()).empty());
}

}  // namespace
}  // namespace slac::runtime
