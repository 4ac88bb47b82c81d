#include "replay/state_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace slac::replay {

std::unique_ptr<StateStore> StateStore::Open(const std::string& path, const std::string& run,
                                             std::string& error) {
  std::unique_ptr<StateStore> store(new StateStore());
  if (sqlite3_open(path.c_str(), &store->db_) != SQLITE_OK) {
    error = fmt::format("cannot open the state file `{}`: {}", path, sqlite3_errmsg(store->db_));
    return nullptr;
  }

  // A database with tables of its own is someone else's: writing ours into it would
  // change a file the user did not mean to give.
  sqlite3_stmt* tables = nullptr;
  if (sqlite3_prepare_v2(store->db_, "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
                         &tables, nullptr) != SQLITE_OK) {
    error = fmt::format("`{}` is not a state file of slac replay: {}", path,
                        sqlite3_errmsg(store->db_));
    return nullptr;
  }
  std::string foreign;
  while (sqlite3_step(tables) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(tables, 0));
    if (name != "lines" && name != "progress" && name != "run") {
      foreign = name;
    }
  }
  sqlite3_finalize(tables);
  if (!foreign.empty()) {
    error = fmt::format(
        "`{}` is a database of something else (it has a table `{}`), not a "
        "state file of slac replay; give a new file",
        path, foreign);
    return nullptr;
  }
  // WAL keeps a commit cheap; a commit is durable once the process has made it, which
  // is what a killed replay needs.
  if (!store->Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                      "CREATE TABLE IF NOT EXISTS lines (seq INTEGER PRIMARY KEY, "
                      "id TEXT NOT NULL UNIQUE, line TEXT NOT NULL);"
                      "CREATE TABLE IF NOT EXISTS progress (key TEXT PRIMARY KEY, "
                      "value INTEGER NOT NULL);"
                      "CREATE TABLE IF NOT EXISTS run (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
                      error)) {
    return nullptr;
  }

  // The run the state belongs to; a new store takes this one's.
  sqlite3_stmt* select_run = nullptr;
  std::string recorded;
  sqlite3_prepare_v2(store->db_, "SELECT value FROM run WHERE key = 'run'", -1, &select_run,
                     nullptr);
  if (select_run != nullptr && sqlite3_step(select_run) == SQLITE_ROW) {
    recorded = reinterpret_cast<const char*>(sqlite3_column_text(select_run, 0));
  }
  sqlite3_finalize(select_run);
  if (recorded.empty()) {
    sqlite3_stmt* insert_run = nullptr;
    sqlite3_prepare_v2(store->db_, "INSERT INTO run (key, value) VALUES ('run', ?)", -1,
                       &insert_run, nullptr);
    sqlite3_bind_text(insert_run, 1, run.c_str(), -1, SQLITE_TRANSIENT);
    bool stored = sqlite3_step(insert_run) == SQLITE_DONE;
    sqlite3_finalize(insert_run);
    if (!stored) {
      error = fmt::format("cannot use the state file `{}`: {}", path, sqlite3_errmsg(store->db_));
      return nullptr;
    }
  } else if (recorded != run) {
    error = fmt::format(
        "the state file `{}` belongs to another replay ({}); this one is {}. "
        "Give a new --state file to start over",
        path, recorded, run);
    return nullptr;
  }

  sqlite3_stmt* select = nullptr;
  sqlite3_prepare_v2(store->db_, "SELECT key, value FROM progress", -1, &select, nullptr);
  while (select != nullptr && sqlite3_step(select) == SQLITE_ROW) {
    std::string key = reinterpret_cast<const char*>(sqlite3_column_text(select, 0));
    int64_t value = sqlite3_column_int64(select, 1);
    if (key == "output_offset") {
      store->output_offset_ = value;
    } else if (key == "finished") {
      store->finished_ = value != 0;
    }
  }
  sqlite3_finalize(select);
  sqlite3_prepare_v2(store->db_, "SELECT id FROM lines", -1, &select, nullptr);
  while (select != nullptr && sqlite3_step(select) == SQLITE_ROW) {
    store->ids_.insert(reinterpret_cast<const char*>(sqlite3_column_text(select, 0)));
  }
  sqlite3_finalize(select);

  if (sqlite3_prepare_v2(store->db_, "INSERT OR IGNORE INTO lines (id, line) VALUES (?, ?)", -1,
                         &store->insert_, nullptr) != SQLITE_OK ||
      !store->Execute("BEGIN", error)) {
    error = fmt::format("cannot use the state file `{}`: {}", path, sqlite3_errmsg(store->db_));
    return nullptr;
  }
  return store;
}

StateStore::~StateStore() {
  // An uncommitted batch is rolled back: its lines are taken again on resume.
  sqlite3_finalize(insert_);
  sqlite3_close(db_);
}

bool StateStore::Execute(const char* sql, std::string& error) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    error = fmt::format("state file: {}", message != nullptr ? message : "unknown error");
    sqlite3_free(message);
    return false;
  }
  return true;
}

std::vector<std::string> StateStore::Lines() const {
  std::vector<std::string> lines;
  sqlite3_stmt* select = nullptr;
  sqlite3_prepare_v2(db_, "SELECT line FROM lines ORDER BY seq", -1, &select, nullptr);
  while (select != nullptr && sqlite3_step(select) == SQLITE_ROW) {
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select, 0)));
  }
  sqlite3_finalize(select);
  return lines;
}

bool StateStore::Add(const std::string& id, const std::string& line, std::string& error) {
  sqlite3_reset(insert_);
  sqlite3_bind_text(insert_, 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(insert_, 2, line.data(), static_cast<int>(line.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(insert_) != SQLITE_DONE) {
    error = fmt::format("state file: {}", sqlite3_errmsg(db_));
    return false;
  }
  ids_.insert(id);
  return true;
}

bool StateStore::Commit(int64_t output_offset, bool finished, std::string& error) {
  std::string sql = fmt::format(
      "INSERT OR REPLACE INTO progress VALUES ('output_offset', {});"
      "INSERT OR REPLACE INTO progress VALUES ('finished', {});"
      "COMMIT; BEGIN;",
      output_offset, finished ? 1 : 0);
  if (!Execute(sql.c_str(), error)) {
    return false;
  }
  output_offset_ = output_offset;
  finished_ = finished;
  return true;
}

}  // namespace slac::replay
