// CSV leads: rows read with libcsv (quotes, embedded newlines, CRLF, a byte-order mark),
// and the mapping from columns to a policy's fields and events.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "slac/lead_input.h"

namespace date {
class time_zone;
}  // namespace date

namespace slac::runtime {

/// One CSV row: its cells and the line it starts on.
struct CsvRow {
  int64_t line = 0;
  std::vector<std::string> cells;
  /// Why the row cannot be read (a stray quote, a file that ends inside quotes); empty
  /// when it was read.
  std::string error;
  /// Whether the row ends the file with no line break after it, as a row of a file cut
  /// short does (and many a complete file's last row too).
  bool unterminated = false;
};

/// Streams rows out of CSV text, a bounded number at a time.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in);
  ~CsvReader();

  /// Appends up to `max_rows` rows to `rows`; false once the input is exhausted and no
  /// row was added.
  bool Read(size_t max_rows, std::vector<CsvRow>& rows);

  /// Whether reading the input failed (not a malformed row: the stream itself).
  bool stream_failed() const { return stream_failed_; }

 private:
  struct State;
  bool FeedLine();
  std::istream& in_;
  std::unique_ptr<State> state_;
  bool stream_failed_ = false;
};

/// The value a mapping gives a text in place of its own.
struct MappedValue {
  enum class Kind : uint8_t { kMissing, kBool, kNumber, kText };
  Kind kind = Kind::kMissing;
  bool flag = false;
  double number = 0;
  std::string text;
};

/// How one column becomes one field or event attribute.
struct ColumnRule {
  std::string column;
  int column_index = -1;
  /// Texts standing for a value other than their own (`"Yes": true`, `"Select": null`).
  std::unordered_map<std::string, MappedValue> values;
  /// Texts that mean missing, besides the mapping-wide ones.
  std::vector<std::string> missing;
  /// Milliseconds per unit for a number in a duration column (`"unit": "s"` is 1000).
  int64_t unit_ms = 0;
  /// A factor for a number column (`"scale": 0.01` reads percents written 0 to 100).
  std::optional<double> scale;
  /// Lower-case the text and turn every run of other characters than letters and digits
  /// into `_` before matching an enum value.
  bool snake_case = false;
  /// For a time column: the zone of instants written without an offset
  /// (`2018-02-26 19:58:54`, or a bare date for its midnight).
  const date::time_zone* time_zone = nullptr;
};

/// An event made from columns: the kind, the column holding its instant, and attributes.
struct EventRule {
  int kind = -1;
  std::string kind_name;
  ColumnRule at;
  std::vector<std::pair<int, ColumnRule>> attributes;
};

/// The column mapping: which column feeds which field, and how its text is read.
class Mapping {
 public:
  /// Reads a mapping file (see docs/eval.md) against the policy's schema. Nothing, with
  /// `error` set, when the file or a name in it is wrong.
  static std::optional<Mapping> FromJson(std::string_view json, const LeadSchema& schema,
                                         std::string& error);

  /// The mapping a CSV file gets without a mapping file: each column named like a lead
  /// field feeds that field.
  static Mapping Implicit(const LeadSchema& schema);

  /// Binds column names to positions with the header row. Fails on a header cell that is
  /// not UTF-8, or a mapped column that is absent or appears twice. `unread` receives the
  /// header's columns nothing reads.
  bool BindHeader(const std::vector<std::string>& header, std::vector<std::string>& unread,
                  std::string& error);

  /// Converts `row` into `record` (whose line and id it sets). A rejected row's error
  /// names the column by its header name and position: "column `Lead Source` (cell 4)".
  void Apply(const CsvRow& row, LeadRecord& record) const;

  bool implicit() const { return implicit_; }

 private:
  bool ApplyRule(const ColumnRule& rule, std::string_view text, bool attribute, int index,
                 LeadRecord& record, std::string& error) const;
  /// The column at `index` as messages name it.
  std::string ColumnName(size_t index) const;

  const LeadSchema* schema_ = nullptr;
  bool implicit_ = false;
  std::optional<ColumnRule> id_;
  std::vector<std::pair<int, ColumnRule>> fields_;
  std::vector<EventRule> events_;
  std::vector<std::string> missing_ = {""};
  /// The header row bound last.
  std::vector<std::string> header_;
};

}  // namespace slac::runtime
