// The SQLite replica: replicated events (unique event_id), the dead-letter queue, and the
// replicator's per-log checkpoint, which is written in the same transaction as the rows it
// covers so that a restart resumes exactly where the last commit ended.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "refgw/store/log_files.h"
#include "refgw/store/sqlite_util.h"
#include "refgw/store/store.h"
#include "slogate/common/result.h"

namespace slogate::refgw::store {

// One connection to the replica. Thread-compatible: the replicator owns one for writing, the
// store guards a second one for reads (SQLite WAL mode lets them run concurrently).
class ReplicaDb {
 public:
  // Opens (creating the schema if needed) in WAL journal mode; `fsync` selects
  // synchronous=FULL, so a committed checkpoint survives power loss, else OFF.
  static Result<std::unique_ptr<ReplicaDb>> Open(const std::filesystem::path& path, bool fsync);

  Result<std::optional<LogCursor>> LoadCursor(std::string_view log_name);
  Status SaveCursor(std::string_view log_name, const LogCursor& cursor);
  Status DeleteCursor(std::string_view log_name);

  Status Begin();
  // A read transaction: every read until Commit/Rollback sees one snapshot.
  Status BeginRead();
  Status Commit();
  void Rollback();
  // False after SQLite itself rolled the transaction back (e.g. disk full).
  bool InTransaction() const { return connection_.InTransaction(); }

  // Inserts `event`; an event_id already present is left as is (idempotent re-apply).
  Status InsertEvent(const Event& event, std::chrono::system_clock::time_point replicated_at);
  Status InsertDeadLetter(std::string_view topic, std::string_view event_id,
                          std::string_view reason, std::string_view record,
                          std::chrono::system_clock::time_point failed_at);

  Result<std::optional<StoredEvent>> Find(std::string_view event_id);
  // Oldest first by accepted_at, at most `limit` (limit <= 0 returns nothing).
  Result<std::vector<StoredEvent>> ListBySession(std::string_view session_id, int limit);
  Result<int64_t> DlqDepth(std::string_view topic);
  // See Store::ReadEvents; the sequence is the row's rowid (insertion order).
  Result<EventPage> ReadEvents(int64_t after_sequence, std::optional<std::string_view> tenant,
                               int limit);
  // See Store::ListDeadLetters.
  Result<std::vector<DeadLetter>> ListDeadLetters(std::string_view topic, int64_t after_id,
                                                  int limit);

 private:
  explicit ReplicaDb(SqliteConnection connection) : connection_(std::move(connection)) {}
  Status Prepare();
  Result<StoredEvent> ReadEventRow(const SqliteStatement& statement) const;

  SqliteConnection connection_;
  std::optional<SqliteStatement> insert_event_;
  std::optional<SqliteStatement> insert_dead_letter_;
  std::optional<SqliteStatement> save_cursor_;
  std::optional<SqliteStatement> load_cursor_;
  std::optional<SqliteStatement> delete_cursor_;
  std::optional<SqliteStatement> find_;
  std::optional<SqliteStatement> list_by_session_;
  std::optional<SqliteStatement> dlq_depth_;
  std::optional<SqliteStatement> read_events_;
  std::optional<SqliteStatement> list_dead_letters_;
};

}  // namespace slogate::refgw::store
