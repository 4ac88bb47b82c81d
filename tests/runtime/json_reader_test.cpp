// JSON Lines records: every field type, events and their attributes, and every way a
// record can be wrong, each with the reason a user reads.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>

#include "runtime_test_support.h"
#include "slac/lead_input.h"

namespace slac::runtime {
namespace {

class JsonFixture {
 public:
  JsonFixture()
      : policy_(testing::LoadTestPolicy()), schema_(policy_->program()), reader_(schema_) {}

  LeadRecord Read(const std::string& text) {
    std::string line = text;
    line.reserve(line.size() + JsonLeadReader::Padding());
    LeadRecord record;
    schema_.Start(record);
    reader_.Read(line, line.capacity(), record);
    return record;
  }

  int Field(const std::string& name) const { return schema_.FieldIndex(name); }
  int64_t Slot(const LeadRecord& record, const std::string& name) const {
    return record.fields[static_cast<size_t>(Field(name))];
  }

 private:
  std::unique_ptr<Policy> policy_;
  LeadSchema schema_;
  JsonLeadReader reader_;
};

const std::string kBase = R"("email":"a@b.example","employees":250,"industry":"saas")";

TEST_CASE("a JSON record fills every field type", "[json]") {
  JsonFixture fixture;
  LeadRecord record = fixture.Read(
      R"({"id":"L-1",)" + kBase +
      R"(,"revenue":1.5e6,"partner":true,"created_at":"2026-03-01T09:00:00-05:00","trial":"14d","share":"70%","extra":[1,2]})");
  INFO(record.error);
  REQUIRE(record.error.empty());
  CHECK(record.id == "L-1");
  CHECK(fixture.Slot(record, "employees") == 250);
  CHECK(fixture.Slot(record, "industry") == 0);
  CHECK(std::bit_cast<double>(fixture.Slot(record, "revenue")) == 1.5e6);
  CHECK(fixture.Slot(record, "partner") == 1);
  CHECK(fixture.Slot(record, "created_at") == 1'772'373'600'000);
  CHECK(fixture.Slot(record, "trial") == 14 * 86'400'000LL);
  CHECK(std::bit_cast<double>(fixture.Slot(record, "share")) == 0.7);
  // The email waits for the pool; the id, which no rule reads, is never interned.
  REQUIRE(record.strings.size() == 1);
  CHECK(record.strings[0].text == "a@b.example");
  CHECK(fixture.Slot(record, "id") != ir::kMissing);
}

TEST_CASE("null and absent optional fields stay missing", "[json]") {
  JsonFixture fixture;
  LeadRecord record = fixture.Read("{" + kBase + R"(,"id":"x","revenue":null})");
  REQUIRE(record.error.empty());
  CHECK(std::isnan(std::bit_cast<double>(fixture.Slot(record, "revenue"))));
  CHECK(fixture.Slot(record, "partner") == ir::kMissing);
}

TEST_CASE("events are read, sorted by time, and unknown kinds skipped", "[json]") {
  JsonFixture fixture;
  LeadRecord record = fixture.Read("{" + kBase +
                                   R"(,"id":"x","events":[
        {"kind":"touch","at":"2026-03-05T10:00:00Z","channel":"phone","note":"left voicemail"},
        {"kind":"page_view","at":"2026-03-01T00:00:00Z"},
        {"kind":"demo_request","at":"2026-03-02T10:00:00Z"}]})");
  INFO(record.error);
  REQUIRE(record.error.empty());
  REQUIRE(record.event_count == 2);
  size_t stride = record.events.size() / 2;
  CHECK(record.events[0] == 1'772'445'600'000);  // the demo request, now first
  CHECK(record.events[stride] == 1'772'704'800'000);
  CHECK(record.events[stride + 2] == 1);  // channel phone
  // The note follows its event to the second place.
  PendingString& note = record.strings.back();
  CHECK(note.in_events);
  CHECK(note.offset == stride + 3);
  CHECK(note.text == "left voicemail");
}

TEST_CASE("bad JSON records say what is wrong", "[json]") {
  JsonFixture fixture;
  auto error = [&](const std::string& line) { return fixture.Read(line).error; };
  CHECK(error(R"({"id":"x","email":"a@b.example","industry":"saas"})") ==
        "required field `employees` is missing");
  CHECK(error(R"({"id":"x","email":"a@b.example","employees":null,"industry":"saas"})") ==
        "required field `employees` is missing");
  CHECK(error("{" + kBase + R"(,"id":"x","employees":3})") == "field `employees` appears twice");
  CHECK(error(R"({"id":"x","email":"a@b.example","employees":2.5,"industry":"saas"})") ==
        "field `employees`: expected a whole number, found 2.5");
  CHECK(error(R"({"id":"x","email":"a@b.example","employees":"many","industry":"saas"})") ==
        "field `employees`: expected a whole number, found `many`");
  CHECK(error(R"({"id":"x","email":"a@b.example","employees":9,"industry":"banking"})") ==
        "field `industry`: `banking` is not one of saas, fintech, other");
  CHECK(error(R"({"id":"x","email":7,"employees":9,"industry":"saas"})") ==
        "field `email`: expected string, found the number 7");
  CHECK(error("{" + kBase + R"(,"id":"x","partner":"yes"})") ==
        "field `partner`: expected `true` or `false`, found `yes`");
  CHECK(error("{" + kBase + R"(,"id":"x","created_at":"2026-03-01"})") ==
        "field `created_at`: expected an RFC 3339 instant such as `2026-03-10T15:00:00Z`, "
        "found `2026-03-01`");
  CHECK(error("{" + kBase + R"(,"id":"x","revenue":{"a":1}})") ==
        "field `revenue`: expected a single value, found an object");
  CHECK(error("[1,2]") == "expected a JSON object, found an array");
  CHECK(error(R"({"id":"x","email":"a@b.exa)").find("the line is not valid JSON") == 0);
  CHECK(error("{\"id\":\"\xff\"}") == "the line is not valid UTF-8");
  CHECK(error("{" + kBase + R"(,"id":"x","events":{}})") ==
        "`events` must be an array, found an object");
  CHECK(error("{" + kBase + R"(,"id":"x","events":[3]})") ==
        "event 1: expected an object, found a number");
  CHECK(error("{" + kBase + R"(,"id":"x","events":[{"at":"2026-03-01T00:00:00Z"}]})") ==
        "event 1: `kind` must be a string");
  CHECK(error("{" + kBase + R"(,"id":"x","events":[{"kind":"demo_request"}]})") ==
        "event 1 (`demo_request`): `at` must be an RFC 3339 string");
  CHECK(
      error(
          "{" + kBase +
          R"(,"id":"x","events":[{"kind":"touch","at":"2026-03-01T00:00:00Z","channel":"fax"}]})") ==
      "event 1 (`touch`): `channel`: `fax` is not one of email, phone");
}

TEST_CASE("a line longer than a megabyte is read", "[json]") {
  JsonFixture fixture;
  std::string note(1 << 20, 'n');
  LeadRecord record = fixture.Read("{" + kBase + R"(,"id":")" + note + R"("})");
  REQUIRE(record.error.empty());
  CHECK(record.id.size() == note.size());
}

}  // namespace
}  // namespace slac::runtime
