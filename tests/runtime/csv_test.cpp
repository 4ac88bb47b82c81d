// CSV rows (quotes, embedded newlines, BOM, CRLF, malformed quoting, a file cut inside
// quotes) and the column mapping, with the messages users read.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <sstream>

#include "runtime_test_support.h"
#include "slac/csv_input.h"

namespace slac::runtime {
namespace {

std::vector<CsvRow> Rows(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRow> rows;
  while (reader.Read(2, rows)) {
  }
  return rows;
}

using Cells = std::vector<std::string>;

TEST_CASE("quoted cells, embedded newlines, CRLF and a BOM", "[csv]") {
  std::vector<CsvRow> rows = Rows(
      "\xEF\xBB\xBFid,note\r\n"
      "1,\"a, b\"\r\n"
      "2,\"two\nlines\"\r\n"
      "\r\n"
      "3,\"say \"\"hi\"\"\"\r\n"
      "4,last");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].cells == Cells{"id", "note"});
  CHECK(rows[1].cells == Cells{"1", "a, b"});
  CHECK(rows[2].cells == Cells{"2", "two\nlines"});
  CHECK(rows[2].line == 3);
  CHECK(rows[3].cells == Cells{"3", "say \"hi\""});
  CHECK(rows[3].line == 6);
  CHECK(rows[4].cells == Cells{"4", "last"});
  CHECK(rows[4].line == 7);
}

TEST_CASE("malformed quoting rejects one row and keeps the rest", "[csv]") {
  std::vector<CsvRow> rows = Rows("a,b\n1,\"x\"y\n2,z\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].error.rfind("malformed quoting on line 2", 0) == 0);
  CHECK(rows[2].cells == Cells{"2", "z"});
  CHECK(rows[2].line == 3);
}

TEST_CASE("a file cut inside quotes reports the row it cut", "[csv]") {
  std::vector<CsvRow> rows = Rows("a,b\n1,x\n2,\"never\nclosed");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].cells == Cells{"1", "x"});
  CHECK(rows[2].error == "the file ends inside a quoted cell that starts on line 3");
}

TEST_CASE("the last row tells whether a line break ends it", "[csv]") {
  std::vector<CsvRow> cut = Rows("a,b\n1,x\n2");
  REQUIRE(cut.size() == 3);
  CHECK_FALSE(cut[1].unterminated);
  CHECK(cut[2].unterminated);
  CHECK(cut[2].cells == Cells{"2"});
  std::vector<CsvRow> whole = Rows("a,b\n1,x\n");
  REQUIRE(whole.size() == 2);
  CHECK_FALSE(whole[1].unterminated);
}

TEST_CASE("an empty file has no rows", "[csv]") { CHECK(Rows("").empty()); }

class MappingFixture {
 public:
  MappingFixture() : policy_(testing::LoadTestPolicy()), schema_(policy_->program()) {}

  std::optional<Mapping> Make(const std::string& json) {
    return Mapping::FromJson(json, schema_, error_);
  }
  const std::string& error() const { return error_; }
  const LeadSchema& schema() const { return schema_; }
  int64_t Slot(const LeadRecord& record, const std::string& name) const {
    return record.fields[static_cast<size_t>(schema_.FieldIndex(name))];
  }

 private:
  std::unique_ptr<Policy> policy_;
  LeadSchema schema_;
  std::string error_;
};

const char* const kMapping = R"json({
  "id": "Lead Id",
  "missing": ["", "Select"],
  "fields": {
    "id": "Lead Id",
    "email": "E-mail",
    "employees": {"column": "Staff"},
    "industry": {"column": "Industry", "normalize": "snake_case",
                 "values": {"Software": "saas"}},
    "partner": {"column": "Partner?", "values": {"Yes": true, "No": false}},
    "revenue": {"column": "Revenue (k)", "scale": 1000},
    "trial": {"column": "Trial days", "unit": "d"},
    "share": {"column": "Share", "scale": 0.01, "missing": ["n/a"]}
  },
  "events": [
    {"kind": "touch", "at": "Last touch", "attributes": {"channel": "Channel"}}
  ]
})json";

const Cells kHeader = {"Lead Id",    "E-mail", "Staff",      "Industry", "Partner?", "Revenue (k)",
                       "Trial days", "Share",  "Last touch", "Channel",  "Unused"};

TEST_CASE("a mapping converts every column", "[csv][mapping]") {
  MappingFixture fixture;
  std::optional<Mapping> mapping = fixture.Make(kMapping);
  INFO(fixture.error());
  REQUIRE(mapping.has_value());
  Cells unread;
  std::string error;
  REQUIRE(mapping->BindHeader(kHeader, unread, error));
  CHECK(unread == Cells{"Unused"});

  CsvRow row{4,
             {"L-9", "a@b.example", "250", "Software", "Yes", "1.5", "14", "70",
              "2026-03-01T10:00:00Z", "phone", "zzz"},
             ""};
  LeadRecord record;
  mapping->Apply(row, record);
  INFO(record.error);
  REQUIRE(record.error.empty());
  CHECK(record.id == "L-9");
  CHECK(record.line == 4);
  CHECK(fixture.Slot(record, "employees") == 250);
  CHECK(fixture.Slot(record, "industry") == 0);
  CHECK(fixture.Slot(record, "partner") == 1);
  CHECK(std::bit_cast<double>(fixture.Slot(record, "revenue")) == 1500);
  CHECK(fixture.Slot(record, "trial") == 14 * 86'400'000LL);
  CHECK(std::bit_cast<double>(fixture.Slot(record, "share")) == 0.7);
  REQUIRE(record.event_count == 1);
  CHECK(record.events[0] == 1'772'359'200'000);
  CHECK(record.events[2] == 1);

  // `Select` and the field's own `n/a` are missing; snake_case turns `Fin Tech` into
  // `fin_tech`, which is no value of the enum.
  row.cells = {"L-10", "a@b.example", "3", "Other", "Select", "", "", "n/a", "", "", ""};
  mapping->Apply(row, record);
  INFO(record.error);
  REQUIRE(record.error.empty());
  CHECK(fixture.Slot(record, "industry") == 2);
  CHECK(fixture.Slot(record, "partner") == ir::kMissing);
  CHECK(std::isnan(std::bit_cast<double>(fixture.Slot(record, "share"))));
  CHECK(record.event_count == 0);

  row.cells[3] = "Fin Tech";
  mapping->Apply(row, record);
  CHECK(record.error ==
        "column `Industry` (cell 4), field `industry`: `fin_tech` is not one of saas, fintech, "
        "other");
}

TEST_CASE("bad rows are rejected with the column and the reason", "[csv][mapping]") {
  MappingFixture fixture;
  std::optional<Mapping> mapping = fixture.Make(kMapping);
  REQUIRE(mapping.has_value());
  Cells unread;
  std::string error;
  REQUIRE(mapping->BindHeader(kHeader, unread, error));
  LeadRecord record;
  auto apply = [&](Cells cells) {
    mapping->Apply(CsvRow{2, std::move(cells), ""}, record);
    return record.error;
  };
  CHECK(apply({"L", "a@b", "many", "Other", "No", "", "", "", "", "", ""}) ==
        "column `Staff` (cell 3), field `employees`: expected a whole number, found `many`");
  CHECK(apply({"L", "", "3", "Other", "No", "", "", "", "", "", ""}) ==
        "required field `email` is missing");
  CHECK(apply({"L", "a@b", "3"}) == "the row has 3 cells; the header has 11");
  CsvRow cut{5, {"L", "a@b", "3"}, ""};
  cut.unterminated = true;
  mapping->Apply(cut, record);
  CHECK(record.error ==
        "the last row has 3 cells and no line break after it; the header has 11: the file may "
        "have been cut short");
  CHECK(apply({"L", "a@b\xC3", "3", "Other", "No", "", "", "", "", "", ""}) ==
        "column `E-mail` (cell 2) is not valid UTF-8");
  CHECK(apply({"L", "a@b", "3", "Other", "No", "lots", "", "", "", "", ""}) ==
        "column `Revenue (k)` (cell 6), field `revenue`: expected a number, found `lots`");
  CHECK(apply({"L", "a@b", "3", "Other", "No", "", "", "", "2026-03-01", "", ""}) ==
        "column `Last touch` (cell 9), event `touch`: expected an RFC 3339 instant such as "
        "`2026-03-10T15:00:00Z`, found `2026-03-01`");
  CHECK(apply({"L", "a@b", "3", "Other", "No", "", "", "", "2026-03-01T10:00:00Z", "fax", ""}) ==
        "column `Channel` (cell 10), event `touch`: `fax` is not one of email, phone");
  // A cell of a megabyte is quoted in part, cut before a character, not inside one.
  std::string huge = "1" + std::string(38, 'x') + "\xC3\xA9" + std::string(1 << 20, 'y');
  CHECK(apply({"L", "a@b", "3", "Other", "No", huge, "", "", "", "", ""}) ==
        "column `Revenue (k)` (cell 6), field `revenue`: expected a number, found `1" +
            std::string(38, 'x') + "...`");
}

TEST_CASE("an implicit mapping names the column once, by its header name", "[csv][mapping]") {
  MappingFixture fixture;
  Mapping mapping = Mapping::Implicit(fixture.schema());
  Cells unread;
  std::string error;
  REQUIRE(mapping.BindHeader({"", "id", "email", "employees", "industry"}, unread, error));
  CHECK(unread == Cells{""});
  LeadRecord record;
  mapping.Apply(CsvRow{2, {"1", "L", "a@b", "many", "saas"}, ""}, record);
  CHECK(record.error == "column `employees` (cell 4): expected a whole number, found `many`");
  mapping.Apply(CsvRow{3, {"\xFF", "L", "a@b", "3", "saas"}, ""}, record);
  CHECK(record.error == "the unnamed column (cell 1) is not valid UTF-8");
}

TEST_CASE("mapping files with mistakes are refused", "[csv][mapping]") {
  MappingFixture fixture;
  CHECK_FALSE(fixture.Make("{").has_value());
  CHECK(fixture.error() == "the mapping is not a JSON object");
  CHECK_FALSE(fixture.Make(R"({"fields": {"emial": "E-mail"}})").has_value());
  CHECK(fixture.error() == "field `emial` is not in the policy's `lead` block");
  CHECK_FALSE(fixture.Make(R"({"feilds": {}})").has_value());
  CHECK(fixture.error() ==
        "unknown or ill-typed key `feilds` (expected id, missing, fields or events)");
  CHECK_FALSE(fixture.Make(R"({"fields": {"employees": {"column": "x", "unit": "s"}}})"));
  CHECK(fixture.error() ==
        "field `employees`: `unit` is one of ms, s, m, h, d and applies to duration fields only");
  CHECK_FALSE(fixture.Make(R"({"events": [{"kind": "call", "at": "x"}]})"));
  CHECK(fixture.error() == "event kind `call` is not in the policy's `events` block");
  CHECK_FALSE(fixture.Make(R"({"fields": {"email": {"values": {}}}})"));
  CHECK(fixture.error() == "field `email`: no `column` given");
}

TEST_CASE("headers that cannot be bound", "[csv][mapping]") {
  MappingFixture fixture;
  std::optional<Mapping> mapping = fixture.Make(R"({"fields": {"email": "E-mail"}})");
  REQUIRE(mapping.has_value());
  Cells unread;
  std::string error;
  CHECK_FALSE(mapping->BindHeader({"E-mail", "x", "E-mail"}, unread, error));
  CHECK(error ==
        "column `E-mail` appears twice in the header (columns 1 and 3); the mapping cannot "
        "tell which one to read");
  CHECK_FALSE(mapping->BindHeader({"Email"}, unread, error));
  CHECK(error == "field `email` reads column `E-mail`, which the header does not have");
  CHECK_FALSE(mapping->BindHeader({"E-mail", "Caf\xE9"}, unread, error));
  CHECK(error == "the name of column 2 in the header is not valid UTF-8");
}

}  // namespace
}  // namespace slac::runtime

namespace slac::runtime {
namespace {

TEST_CASE("instants without an offset read in the mapping's time zone", "[csv][mapping]") {
  MappingFixture fixture;
  std::optional<Mapping> mapping = fixture.Make(R"({"fields": {
      "id": "email", "email": "email", "employees": "staff", "industry": "industry",
      "created_at": {"column": "created", "time_zone": "America/Sao_Paulo"}}})");
  INFO(fixture.error());
  REQUIRE(mapping.has_value());
  Cells unread;
  std::string error;
  REQUIRE(mapping->BindHeader({"email", "staff", "industry", "created"}, unread, error));
  LeadRecord record;
  auto created = [&](const std::string& text) {
    mapping->Apply(CsvRow{2, {"a@b", "1", "saas", text}, ""}, record);
    INFO(record.error);
    return record.error.empty() ? fixture.Slot(record, "created_at") : -1;
  };
  // After Brazil's summer time ended on 2018-02-18: UTC-3.
  CHECK(created("2018-02-26 19:58:54") == *ParseInstant("2018-02-26T22:58:54Z", error));
  // A bare date is local midnight; on 2018-02-01 summer time was on: UTC-2.
  CHECK(created("2018-02-01") == *ParseInstant("2018-02-01T02:00:00Z", error));
  // An offset, when written, wins.
  CHECK(created("2018-02-26T19:58:54Z") == *ParseInstant("2018-02-26T19:58:54Z", error));
  CHECK(created("2018-02-26 25:00:00") == -1);
  CHECK(record.error ==
        "column `created` (cell 4), field `created_at`: expected an instant such as `2018-02-26 "
        "19:58:54` (in America/Sao_Paulo) or with an offset, found `2018-02-26 25:00:00`");

  CHECK_FALSE(
      fixture.Make(R"({"fields": {"created_at": {"column": "c", "time_zone": "Mars/Base"}}})"));
  CHECK(fixture.error() ==
        "field `created_at`: `Mars/Base` is not an IANA time zone such as `America/Sao_Paulo`");
}

}  // namespace
}  // namespace slac::runtime
