#include "slac/decision_writer.h"

#include <csv.h>
#include <date/date.h>
#include <fmt/format.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

namespace slac::runtime {
namespace {

// JSON text of a string, escaped by the JSON library; invalid UTF-8 is replaced rather
// than thrown on, though readers reject it before it gets here.
std::string JsonString(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A CSV field quoted by libcsv, which doubles embedded quotes.
std::string CsvField(std::string_view text) {
  std::string field(text.size() * 2 + 2, '\0');
  size_t written = csv_write(field.data(), field.size(), text.data(), text.size());
  field.resize(written);
  return field;
}

void AppendNumber(double value, std::string& out) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // A rule of negative points that does not fire contributes -0; it reads as 0.
  fmt::format_to(std::back_inserter(out), "{}", value == 0 ? 0.0 : value);
}

}  // namespace

std::string FormatInstant(int64_t ms) { return ir::FormatInstant(ms); }

DecisionWriter::DecisionWriter(const Policy& policy, const ir::StringPool& pool,
                               OutputFormat format, bool explain)
    : policy_(policy), pool_(pool), format_(format), explain_(explain) {
  const DecisionLayout& layout = policy.layout();
  bool json = format == OutputFormat::kJsonLines;
  auto key = [&](const std::string& name) { return json ? JsonString(name) + ":" : name; };
  for (const ScoreLayout& score : layout.scores) {
    score_keys_.push_back(key(score.name));
    std::vector<std::string>& rules = rule_keys_.emplace_back();
    for (const NamedSlot& rule : score.rules) {
      rules.push_back(key(rule.name));
    }
  }
  for (const NamedSlot& segment : layout.segments) {
    segment_keys_.push_back(key(segment.name));
  }
  for (const NamedSlot& let : layout.lets) {
    let_keys_.push_back(key(let.name));
  }
  for (const SlaLayout& sla : layout.slas) {
    sla_keys_.push_back(key(sla.name));
    std::vector<std::string>& tiers = tier_texts_.emplace_back();
    for (const std::string& label : sla.tier_labels) {
      tiers.push_back(json ? JsonString(label) : CsvField(label));
    }
  }
  for (const NamedSlot& guard : layout.guards) {
    guard_keys_.push_back(key(guard.name));
  }
  for (const std::string& stage : policy.program().stages) {
    stage_texts_.push_back(json ? JsonString(stage) : CsvField(stage));
  }
  policy_prefix_ = json ? fmt::format("\"policy\":{},\"version\":{}", JsonString(policy.name()),
                                      JsonString(policy.version()))
                        : fmt::format("{},{}", CsvField(policy.name()), CsvField(policy.version()));
}

std::string DecisionWriter::Header() const {
  if (format_ == OutputFormat::kJsonLines) {
    return "";
  }
  // Column names go through libcsv too: labels may hold commas or quotes.
  std::vector<std::string> columns = {"record", "line", "id", "policy", "version", "stage"};
  const DecisionLayout& layout = policy_.layout();
  for (size_t i = 0; i < layout.scores.size(); ++i) {
    columns.push_back(score_keys_[i]);
    if (explain_) {
      for (const std::string& rule : rule_keys_[i]) {
        columns.push_back(score_keys_[i] + "/" + rule);
      }
    }
  }
  columns.insert(columns.end(), segment_keys_.begin(), segment_keys_.end());
  columns.insert(columns.end(), let_keys_.begin(), let_keys_.end());
  for (const std::string& sla : sla_keys_) {
    columns.push_back(sla + ".tier");
    columns.push_back(sla + ".target_ms");
  }
  columns.insert(columns.end(), guard_keys_.begin(), guard_keys_.end());
  columns.push_back("future_events");

  std::string header;
  for (size_t i = 0; i < columns.size(); ++i) {
    header += i == 0 ? "" : ",";
    header += CsvField(columns[i]);
  }
  header += "\n";
  return header;
}

void DecisionWriter::Write(const RecordInfo& info, const int64_t* results, std::string& out) const {
  if (format_ == OutputFormat::kJsonLines) {
    WriteJson(info, results, out);
  } else {
    WriteCsv(info, results, out);
  }
}

void DecisionWriter::AppendText(std::string_view text, std::string& out) const {
  out += format_ == OutputFormat::kJsonLines ? JsonString(text) : CsvField(text);
}

void DecisionWriter::AppendValue(ir::ValueType type, int64_t slot, std::string& out) const {
  bool json = format_ == OutputFormat::kJsonLines;
  std::string_view null = json ? "null" : "";
  auto append_int = [&] {
    if (slot == ir::kMissing) {
      out += null;
    } else {
      fmt::format_to(std::back_inserter(out), "{}", slot);
    }
  };
  switch (type) {
    case ir::ValueType::kBool:
      out += slot == 1 ? "true" : "false";
      return;
    case ir::ValueType::kNumber: {
      double value = std::bit_cast<double>(slot);
      if (std::isfinite(value)) {
        AppendNumber(value, out);
      } else {
        out += null;
      }
      return;
    }
    case ir::ValueType::kInt:
    case ir::ValueType::kDuration:
    // Limitation: an enum-typed let prints the index of its value; the IR keeps no names
    // for the values of a let's enumeration.
    case ir::ValueType::kEnum:
      append_int();
      return;
    case ir::ValueType::kString:
      if (slot == ir::kMissing || slot < 0 || static_cast<size_t>(slot) >= pool_.size()) {
        out += null;
      } else {
        AppendText(pool_.Text(slot), out);
      }
      return;
    case ir::ValueType::kTime:
      if (slot == ir::kMissing) {
        out += null;
      } else {
        AppendText(FormatInstant(slot), out);
      }
      return;
    case ir::ValueType::kDate:
      if (slot == ir::kMissing) {
        out += null;
      } else {
        AppendText(date::format("%F", date::sys_days{date::days{slot}}), out);
      }
      return;
  }
}

void DecisionWriter::WriteJson(const RecordInfo& info, const int64_t* results,
                               std::string& out) const {
  const DecisionLayout& layout = policy_.layout();
  fmt::format_to(std::back_inserter(out), "{{\"record\":{},\"line\":{},", info.record, info.line);
  if (!info.id.empty()) {
    out += "\"id\":";
    AppendText(info.id, out);
    out += ',';
  }
  out += policy_prefix_;
  if (layout.stage_slot >= 0) {
    out += ",\"stage\":";
    out += stage_texts_[static_cast<size_t>(results[layout.stage_slot])];
  }

  out += ",\"scores\":{";
  for (size_t i = 0; i < layout.scores.size(); ++i) {
    out += i == 0 ? "" : ",";
    out += score_keys_[i];
    AppendValue(ir::ValueType::kNumber, results[layout.scores[i].slot], out);
  }
  out += '}';
  if (explain_) {
    out += ",\"rules\":{";
    for (size_t i = 0; i < layout.scores.size(); ++i) {
      out += i == 0 ? "" : ",";
      out += score_keys_[i];
      out += '{';
      for (size_t r = 0; r < layout.scores[i].rules.size(); ++r) {
        out += r == 0 ? "" : ",";
        out += rule_keys_[i][r];
        AppendValue(ir::ValueType::kNumber, results[layout.scores[i].rules[r].slot], out);
      }
      out += '}';
    }
    out += '}';
  }

  auto named = [&](std::string_view key, const std::vector<NamedSlot>& slots,
                   const std::vector<std::string>& keys) {
    if (slots.empty()) {
      return;
    }
    out += key;
    for (size_t i = 0; i < slots.size(); ++i) {
      out += i == 0 ? "" : ",";
      out += keys[i];
      AppendValue(slots[i].type, results[slots[i].slot], out);
    }
    out += '}';
  };
  named(",\"segments\":{", layout.segments, segment_keys_);
  named(",\"lets\":{", layout.lets, let_keys_);

  if (!layout.slas.empty()) {
    out += ",\"slas\":{";
    for (size_t i = 0; i < layout.slas.size(); ++i) {
      const SlaLayout& sla = layout.slas[i];
      out += i == 0 ? "" : ",";
      out += sla_keys_[i];
      out += "{\"tier\":";
      int64_t tier = sla.tier_slot >= 0 ? results[sla.tier_slot] : ir::kMissing;
      if (tier >= 0 && static_cast<size_t>(tier) < tier_texts_[i].size()) {
        out += tier_texts_[i][static_cast<size_t>(tier)];
      } else {
        out += "null";
      }
      out += ",\"target_ms\":";
      AppendValue(ir::ValueType::kDuration,
                  sla.target_slot >= 0 ? results[sla.target_slot] : ir::kMissing, out);
      out += '}';
    }
    out += '}';
  }
  named(",\"guards\":{", layout.guards, guard_keys_);
  if (layout.future_events_slot >= 0) {
    fmt::format_to(std::back_inserter(out), ",\"future_events\":{}",
                   results[layout.future_events_slot]);
  }
  out += "}\n";
}

void DecisionWriter::WriteCsv(const RecordInfo& info, const int64_t* results,
                              std::string& out) const {
  const DecisionLayout& layout = policy_.layout();
  fmt::format_to(std::back_inserter(out), "{},{},", info.record, info.line);
  if (!info.id.empty()) {
    AppendText(info.id, out);
  }
  out += ',';
  out += policy_prefix_;
  out += ',';
  if (layout.stage_slot >= 0) {
    out += stage_texts_[static_cast<size_t>(results[layout.stage_slot])];
  }
  for (size_t i = 0; i < layout.scores.size(); ++i) {
    out += ',';
    AppendValue(ir::ValueType::kNumber, results[layout.scores[i].slot], out);
    if (explain_) {
      for (const NamedSlot& rule : layout.scores[i].rules) {
        out += ',';
        AppendValue(ir::ValueType::kNumber, results[rule.slot], out);
      }
    }
  }
  for (const std::vector<NamedSlot>* slots : {&layout.segments, &layout.lets}) {
    for (const NamedSlot& slot : *slots) {
      out += ',';
      AppendValue(slot.type, results[slot.slot], out);
    }
  }
  for (size_t i = 0; i < layout.slas.size(); ++i) {
    const SlaLayout& sla = layout.slas[i];
    out += ',';
    int64_t tier = sla.tier_slot >= 0 ? results[sla.tier_slot] : ir::kMissing;
    if (tier >= 0 && static_cast<size_t>(tier) < tier_texts_[i].size()) {
      out += tier_texts_[i][static_cast<size_t>(tier)];
    }
    out += ',';
    AppendValue(ir::ValueType::kDuration,
                sla.target_slot >= 0 ? results[sla.target_slot] : ir::kMissing, out);
  }
  for (const NamedSlot& guard : layout.guards) {
    out += ',';
    AppendValue(guard.type, results[guard.slot], out);
  }
  out += ',';
  if (layout.future_events_slot >= 0) {
    fmt::format_to(std::back_inserter(out), "{}", results[layout.future_events_slot]);
  }
  out += "\n";
}

}  // namespace slac::runtime
