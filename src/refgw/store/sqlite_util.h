// Minimal RAII over the SQLite C API: a connection and prepared statements whose failures
// come back as Status/Result with SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::refgw::store {

// Owns one sqlite3 connection. Thread-compatible (the caller serializes use).
class SqliteConnection {
 public:
  static Result<SqliteConnection> Open(const std::filesystem::path& path);
  SqliteConnection(SqliteConnection&& other) noexcept;
  SqliteConnection& operator=(SqliteConnection&& other) noexcept;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // An Error whose message is `what` plus the connection's last SQLite error.
  Error LastError(std::string_view what) const;
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* get() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// One prepared statement, reset before every run. Thread-compatible.
class SqliteStatement {
 public:
  static Result<SqliteStatement> Prepare(SqliteConnection& connection, std::string_view sql);
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Clears the previous run and its bindings. Call before binding a new run.
  void Reset();
  // Parameters are 1-based, as in SQLite. Text and blobs are copied.
  void BindText(int index, std::string_view text);
  void BindBlob(int index, std::string_view bytes);
  void BindInt64(int index, int64_t value);

  // Steps once: true with a row, false when done, an error otherwise.
  Result<bool> Step();
  // Runs to completion, ignoring rows.
  Status Run();

  std::string ColumnText(int column) const;
  int64_t ColumnInt64(int column) const;

 private:
  SqliteStatement(sqlite3_stmt* statement, SqliteConnection* connection)
      : statement_(statement), connection_(connection) {}
  sqlite3_stmt* statement_ = nullptr;
  SqliteConnection* connection_ = nullptr;
};

}  // namespace slogate::refgw::store
