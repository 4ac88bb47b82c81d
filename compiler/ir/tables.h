// What an evaluator needs besides the code: the record it reads, and the tables that make
// string work a lookup. Strings are interned once per host; each string function of the
// program (a regex, `domain`, `lower`, ...) is computed once per distinct string, when
// the string is first seen, so evaluating a lead never runs a regex.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/ir.h"

namespace slac::ir {

/// A lead as the evaluator reads it: `fields` in layout order, and `event_count` events
/// of `RecordLayout::event_stride` slots each (time, kind, attributes), sorted by time.
struct Record {
  const int64_t* fields = nullptr;
  const int64_t* events = nullptr;
  int64_t event_count = 0;
};

/// Interned strings; ids are dense from 0.
class StringPool {
 public:
  int64_t Intern(std::string_view text);
  const std::string& Text(int64_t id) const { return texts_.at(static_cast<size_t>(id)); }
  size_t size() const { return texts_.size(); }

 private:
  std::vector<std::string> texts_;
  std::unordered_map<std::string, int64_t> ids_;
};

/// The string tables of one program over one pool.
class Tables {
 public:
  Tables(const Program& program, StringPool& pool);
  ~Tables();

  /// Computes the tables for the strings interned since the last call.
  void Update();

  int64_t StringOpResult(int32_t op, int64_t id) const {
    if (id < 0 || static_cast<size_t>(id) >= computed_) {
      return string_op_kinds_[op] == ValueType::kBool ? 0 : kMissing;
    }
    return string_op_results_[op][static_cast<size_t>(id)];
  }
  bool InSet(int32_t set, int64_t value) const;
  int64_t ConstantId(int64_t index) const { return constant_ids_[static_cast<size_t>(index)]; }

  /// Raw views for generated code: one table per string function, indexed by string id
  /// below `string_count()`, and the ids of the program's constant strings.
  const int64_t* const* string_op_tables() const { return table_pointers_.data(); }
  int64_t string_count() const { return static_cast<int64_t>(computed_); }
  const int64_t* constant_ids() const { return constant_ids_.data(); }

 private:
  struct Compiled;

  const Program& program_;
  StringPool& pool_;
  std::unique_ptr<Compiled> compiled_;
  std::vector<ValueType> string_op_kinds_;
  std::vector<std::vector<int64_t>> string_op_results_;
  std::vector<const int64_t*> table_pointers_;
  std::vector<std::vector<int64_t>> sets_;
  std::vector<int64_t> constant_ids_;
  size_t computed_ = 0;
};

}  // namespace slac::ir
