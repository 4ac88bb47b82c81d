// The lead generator is deterministic, and what it writes reads back as valid leads of
// the quick-start policy.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "slac/csv_input.h"
#include "slac/lead_generator.h"
#include "slac/lead_input.h"
#include "slac/runtime.h"

namespace slac::runtime {
namespace {

std::string Generate(uint64_t seed, GeneratorOptions::Format format, int64_t count = 50) {
  GeneratorOptions options;
  options.seed = seed;
  options.count = count;
  options.format = format;
  std::ostringstream out;
  GenerateLeads(options, out);
  return out.str();
}

std::unique_ptr<Policy> Quickstart() {
  LoadResult loaded =
      LoadPolicy(std::string(SLAC_SOURCE_DIR) + "/examples/quickstart/quickstart.sla",
                 LoadOptions{.stdlib_dir = std::string(SLAC_SOURCE_DIR) + "/stdlib",
                             .engine = Engine::kInterpreter});
  REQUIRE(loaded.policy != nullptr);
  return std::move(loaded.policy);
}

TEST_CASE("the same seed gives the same leads; another seed others", "[generator]") {
  auto jsonl = GeneratorOptions::Format::kJsonLines;
  CHECK(Generate(7, jsonl) == Generate(7, jsonl));
  CHECK(Generate(7, jsonl) != Generate(8, jsonl));
  std::string first_line = Generate(7, jsonl, 1);
  CHECK(first_line.rfind(R"({"id":"L0000001","email":")", 0) == 0);
  CHECK(std::count(first_line.begin(), first_line.end(), '\n') == 1);
}

TEST_CASE("generated JSON Lines read back without a rejected record", "[generator]") {
  auto policy = Quickstart();
  LeadSchema schema(policy->program());
  JsonLeadReader reader(schema);
  std::istringstream in(Generate(3, GeneratorOptions::Format::kJsonLines, 500));
  std::string line;
  int64_t events = 0;
  int count = 0;
  while (std::getline(in, line)) {
    line.reserve(line.size() + JsonLeadReader::Padding());
    LeadRecord record;
    schema.Start(record);
    reader.Read(line, line.capacity(), record);
    INFO(line << "\n" << record.error);
    REQUIRE(record.error.empty());
    events += record.event_count;
    ++count;
  }
  CHECK(count == 500);
  // Engaged leads act: several events per lead on average, as the benchmark assumes.
  CHECK(events > 500 * 3);
}

TEST_CASE("generated CSV reads back with its mapping", "[generator]") {
  auto policy = Quickstart();
  LeadSchema schema(policy->program());
  std::ifstream mapping_file(std::string(SLAC_SOURCE_DIR) +
                             "/examples/quickstart/leads.mapping.json");
  std::stringstream mapping_text;
  mapping_text << mapping_file.rdbuf();
  std::string error;
  std::optional<Mapping> mapping = Mapping::FromJson(mapping_text.str(), schema, error);
  INFO(error);
  REQUIRE(mapping.has_value());

  std::istringstream in(Generate(3, GeneratorOptions::Format::kCsv, 300));
  CsvReader reader(in);
  std::vector<CsvRow> rows;
  REQUIRE(reader.Read(1000, rows));
  REQUIRE(rows.size() == 301);
  std::vector<std::string> unread;
  REQUIRE(mapping->BindHeader(rows[0].cells, unread, error));
  CHECK(unread.empty());
  for (size_t i = 1; i < rows.size(); ++i) {
    LeadRecord record;
    mapping->Apply(rows[i], record);
    INFO(record.error);
    REQUIRE(record.error.empty());
    CHECK(record.line == static_cast<int64_t>(i + 1));
  }
}

}  // namespace
}  // namespace slac::runtime
