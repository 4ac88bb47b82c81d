// A deterministic generator of synthetic leads and their activity, for the quick start,
// tests and benchmarks. The same seed gives the same bytes on every machine: it draws
// from std::mt19937_64, whose sequence the C++ standard fixes, and never from the
// library's distributions, whose algorithms it does not.
//
// The leads follow the schema of examples/quickstart/quickstart.sla: id, email, title,
// company (optional), employees, industry, country, source, created_at, and events
// pricing_view, demo_request, webinar_attended, ebook_download, unsubscribe and
// touch(channel).
#pragma once

#include <cstdint>
#include <ostream>

namespace slac::runtime {

struct GeneratorOptions {
  int64_t count = 1000;
  uint64_t seed = 1;
  /// Leads are created, and act, in the 120 days before this instant (ms since epoch).
  int64_t until_ms = 1'773'100'800'000;  // 2026-03-10T00:00:00Z
  enum class Format : uint8_t { kJsonLines, kCsv } format = Format::kJsonLines;
};

/// Writes `options.count` leads to `out`: one JSON object per line, or a CSV file with a
/// header whose activity columns (`last_demo_request_at`, `last_touch_at`, ...) a mapping
/// turns into events.
void GenerateLeads(const GeneratorOptions& options, std::ostream& out);

}  // namespace slac::runtime
