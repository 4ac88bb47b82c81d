#include "ir/tables.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace slac::ir {

int64_t StringPool::Intern(std::string_view text) {
  auto found = ids_.find(std::string(text));
  if (found != ids_.end()) {
    return found->second;
  }
  auto id = static_cast<int64_t>(texts_.size());
  texts_.emplace_back(text);
  ids_.emplace(texts_.back(), id);
  return id;
}

struct Tables::Compiled {
  std::vector<std::unique_ptr<RE2>> regexes;
};

namespace {

ValueType ResultType(StringOp::Kind kind) {
  switch (kind) {
    case StringOp::Kind::kDomain:
    case StringOp::Kind::kLower:
    case StringOp::Kind::kUpper:
      return ValueType::kString;
    case StringOp::Kind::kLength:
      return ValueType::kInt;
    case StringOp::Kind::kMatches:
    case StringOp::Kind::kContains:
    case StringOp::Kind::kStartsWith:
    case StringOp::Kind::kEndsWith:
      return ValueType::kBool;
  }
  return ValueType::kBool;
}

std::string Lowercase(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

}  // namespace

Tables::Tables(const Program& program, StringPool& pool)
    : program_(program), pool_(pool), compiled_(std::make_unique<Compiled>()) {
  for (const StringOp& op : program.string_ops) {
    string_op_kinds_.push_back(ResultType(op.kind));
    std::unique_ptr<RE2> regex;
    if (op.kind == StringOp::Kind::kMatches) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_case_sensitive(!op.case_insensitive);
      options.set_dot_nl(op.dot_matches_newline);
      regex = std::make_unique<RE2>(op.pattern, options);
    }
    compiled_->regexes.push_back(std::move(regex));
  }
  string_op_results_.resize(program.string_ops.size());
  for (const std::string& text : program.strings) {
    constant_ids_.push_back(pool_.Intern(text));
  }
  for (const ConstSet& set : program.sets) {
    std::vector<int64_t> values = set.values;
    for (const std::string& text : set.strings) {
      values.push_back(pool_.Intern(text));
    }
    std::sort(values.begin(), values.end());
    sets_.push_back(std::move(values));
  }
  Update();
}

Tables::~Tables() = default;

void Tables::Update() {
  // A string function's result may be a new string, which needs its own results in turn:
  // keep going until the pool stops growing.
  while (computed_ < pool_.size()) {
    size_t id = computed_++;
    const std::string text = pool_.Text(static_cast<int64_t>(id));
    for (size_t op_index = 0; op_index < program_.string_ops.size(); ++op_index) {
      const StringOp& op = program_.string_ops[op_index];
      int64_t result = 0;
      switch (op.kind) {
        case StringOp::Kind::kMatches:
          result = compiled_->regexes[op_index]->ok() &&
                   RE2::PartialMatch(text, *compiled_->regexes[op_index]);
          break;
        case StringOp::Kind::kDomain: {
          size_t at = text.rfind('@');
          result =
              at == std::string::npos ? kMissing : pool_.Intern(Lowercase(text.substr(at + 1)));
          break;
        }
        case StringOp::Kind::kLower:
          result = pool_.Intern(Lowercase(text));
          break;
        case StringOp::Kind::kUpper: {
          std::string upper = text;
          for (char& c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          }
          result = pool_.Intern(upper);
          break;
        }
        case StringOp::Kind::kLength:
          result = std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
          });
          break;
        case StringOp::Kind::kContains:
          result = text.find(op.pattern) != std::string::npos;
          break;
        case StringOp::Kind::kStartsWith:
          result = text.rfind(op.pattern, 0) == 0;
          break;
        case StringOp::Kind::kEndsWith:
          result =
              text.size() >= op.pattern.size() &&
              text.compare(text.size() - op.pattern.size(), op.pattern.size(), op.pattern) == 0;
          break;
      }
      std::vector<int64_t>& table = string_op_results_[op_index];
      if (table.size() <= id) {
        table.resize(id + 1, string_op_kinds_[op_index] == ValueType::kBool ? 0 : kMissing);
      }
      table[id] = result;
    }
  }
  // Generated code may read slot 0 of a table before checking the id, so none is empty.
  for (size_t op_index = 0; op_index < string_op_results_.size(); ++op_index) {
    if (string_op_results_[op_index].empty()) {
      string_op_results_[op_index].push_back(
          string_op_kinds_[op_index] == ValueType::kBool ? 0 : kMissing);
    }
  }
  table_pointers_.clear();
  for (const auto& table : string_op_results_) {
    table_pointers_.push_back(table.data());
  }
}

bool Tables::InSet(int32_t set, int64_t value) const {
  const std::vector<int64_t>& values = sets_[static_cast<size_t>(set)];
  return value != kMissing && std::binary_search(values.begin(), values.end(), value);
}

}  // namespace slac::ir
