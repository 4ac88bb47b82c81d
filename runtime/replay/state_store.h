// The state of a resumable replay, in SQLite: every event line the replay took, in the
// order it took them, and how much output had been written when they were committed.
// Replaying the stored lines rebuilds the clocks exactly (the engine is deterministic), so
// the store keeps inputs rather than a snapshot of the clocks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace slac::replay {

class StateStore {
 public:
  /// Opens or creates the store at `path` (`:memory:` for none on disk) for the replay
  /// `run` names (its policy and events file, as text the caller builds). Nullptr with
  /// `error` set when SQLite cannot, when the file is a database of something else, or
  /// when it holds the state of another run, whose lines this one must not take as its own.
  static std::unique_ptr<StateStore> Open(const std::string& path, const std::string& run,
                                          std::string& error);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  /// The committed lines, in the order they were taken.
  std::vector<std::string> Lines() const;
  /// Whether an event id was committed or added since.
  bool Has(const std::string& id) const { return ids_.count(id) > 0; }
  /// Output bytes written when the last commit was made.
  int64_t output_offset() const { return output_offset_; }
  /// Whether the replay ran to its end.
  bool finished() const { return finished_; }

  /// Adds a line taken as event `id`, inside the open batch. False with `error` set when
  /// SQLite fails.
  bool Add(const std::string& id, const std::string& line, std::string& error);
  /// Commits the batch together with the output offset reached, and opens the next.
  bool Commit(int64_t output_offset, bool finished, std::string& error);

 private:
  StateStore() = default;
  bool Execute(const char* sql, std::string& error);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  std::unordered_set<std::string> ids_;
  int64_t output_offset_ = 0;
  bool finished_ = false;
};

}  // namespace slac::replay
