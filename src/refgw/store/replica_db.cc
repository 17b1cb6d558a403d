#include "refgw/store/replica_db.h"

#include <nlohmann/json.hpp>

#include "refgw/store/event_codec.h"

namespace slogate::refgw::store {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY NOT NULL,
  session_id TEXT NOT NULL,
  tenant TEXT NOT NULL,
  persona_id TEXT NOT NULL,
  message TEXT NOT NULL,
  attachments TEXT NOT NULL,       -- JSON array of strings
  metadata TEXT NOT NULL,          -- JSON array of [key, value] pairs, in request order
  accepted_at_ns INTEGER NOT NULL, -- system_clock, nanoseconds since the epoch
  replicated_at_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_session ON events (session_id, accepted_at_ns);
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  event_id TEXT NOT NULL,          -- empty when the record could not be decoded
  reason TEXT NOT NULL,
  record BLOB NOT NULL,            -- the WAL record as written, for re-driving
  failed_at_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_letters_by_topic ON dead_letters (topic);
CREATE TABLE IF NOT EXISTS checkpoints (
  log TEXT PRIMARY KEY NOT NULL,   -- "wal", "outbox", or "wal.<i>/<n>" with n replicators
  segment INTEGER NOT NULL,
  frame_offset INTEGER NOT NULL,
  records_applied INTEGER NOT NULL
);
)sql";

constexpr std::string_view kEventColumns =
    "event_id, session_id, tenant, persona_id, message, attachments, metadata, "
    "accepted_at_ns, replicated_at_ns";

int64_t ToNanos(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

std::chrono::system_clock::time_point FromNanos(int64_t nanoseconds) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(nanoseconds)));
}

// Fills attachments and metadata from their JSON columns; false when either is malformed.
bool ParseJsonColumns(const std::string& attachments_json, const std::string& metadata_json,
                      Event* event) {
  const auto attachments = nlohmann::json::parse(attachments_json, nullptr, false);
  const auto metadata = nlohmann::json::parse(metadata_json, nullptr, false);
  if (!attachments.is_array() || !metadata.is_array()) return false;
  for (const auto& attachment : attachments) {
    if (!attachment.is_string()) return false;
    event->attachments.push_back(attachment.get<std::string>());
  }
  for (const auto& pair : metadata) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      return false;
    }
    event->metadata.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<ReplicaDb>> ReplicaDb::Open(const std::filesystem::path& path,
                                                   bool fsync) {
  auto connection = SqliteConnection::Open(path);
  if (!connection.ok()) return connection.error();
  std::unique_ptr<ReplicaDb> db(new ReplicaDb(std::move(*connection)));
  const std::string pragmas = std::string("PRAGMA busy_timeout = 5000; ") +
                              "PRAGMA journal_mode = WAL; PRAGMA synchronous = " +
                              (fsync ? "FULL;" : "OFF;");
  Status status = db->connection_.Exec(pragmas);
  if (status.ok()) status = db->connection_.Exec(kSchema);
  if (status.ok()) status = db->Prepare();
  if (!status.ok()) return status.error();
  return db;
}

Status ReplicaDb::Prepare() {
  const std::string insert_event =
      "INSERT INTO events (" + std::string(kEventColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (event_id) DO NOTHING";
  const std::string find =
      "SELECT " + std::string(kEventColumns) + " FROM events WHERE event_id = ?1";
  const std::string list = "SELECT " + std::string(kEventColumns) +
                           " FROM events WHERE session_id = ?1 ORDER BY accepted_at_ns, "
                           "event_id LIMIT ?2";
  const std::pair<std::optional<SqliteStatement>*, std::string> statements[] = {
      {&insert_event_, insert_event},
      {&insert_dead_letter_,
       "INSERT INTO dead_letters (topic, event_id, reason, record, failed_at_ns) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&save_cursor_,
       "INSERT INTO checkpoints (log, segment, frame_offset, records_applied) "
       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (log) DO UPDATE SET segment = excluded.segment, "
       "frame_offset = excluded.frame_offset, records_applied = excluded.records_applied"},
      {&load_cursor_,
       "SELECT segment, frame_offset, records_applied FROM checkpoints WHERE log = ?1"},
      {&delete_cursor_, "DELETE FROM checkpoints WHERE log = ?1"},
      {&find_, find},
      {&list_by_session_, list},
      {&dlq_depth_, "SELECT COUNT(*) FROM dead_letters WHERE topic = ?1"},
      // The event columns, then the rowid as column 9. ?2 = 0 reads every tenant.
      {&read_events_, "SELECT " + std::string(kEventColumns) +
                          ", rowid FROM events WHERE rowid > ?1 AND (?2 = 0 OR tenant = ?3) "
                          "ORDER BY rowid LIMIT ?4"},
      {&list_dead_letters_,
       "SELECT id, event_id, reason, record, failed_at_ns FROM dead_letters "
       "WHERE topic = ?1 AND id > ?2 ORDER BY id LIMIT ?3"},
  };
  for (const auto& [slot, sql] : statements) {
    auto statement = SqliteStatement::Prepare(connection_, sql);
    if (!statement.ok()) return statement.error();
    slot->emplace(std::move(*statement));
  }
  return Status::Ok();
}

Result<std::optional<LogCursor>> ReplicaDb::LoadCursor(std::string_view log_name) {
  load_cursor_->Reset();
  load_cursor_->BindText(1, log_name);
  auto row = load_cursor_->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<LogCursor>();
  LogCursor cursor;
  cursor.frame.segment = static_cast<uint64_t>(load_cursor_->ColumnInt64(0));
  cursor.frame.offset = static_cast<uint64_t>(load_cursor_->ColumnInt64(1));
  cursor.records_applied = static_cast<uint64_t>(load_cursor_->ColumnInt64(2));
  load_cursor_->Reset();
  return std::optional<LogCursor>(cursor);
}

Status ReplicaDb::SaveCursor(std::string_view log_name, const LogCursor& cursor) {
  save_cursor_->Reset();
  save_cursor_->BindText(1, log_name);
  save_cursor_->BindInt64(2, static_cast<int64_t>(cursor.frame.segment));
  save_cursor_->BindInt64(3, static_cast<int64_t>(cursor.frame.offset));
  save_cursor_->BindInt64(4, static_cast<int64_t>(cursor.records_applied));
  return save_cursor_->Run();
}

Status ReplicaDb::DeleteCursor(std::string_view log_name) {
  delete_cursor_->Reset();
  delete_cursor_->BindText(1, log_name);
  return delete_cursor_->Run();
}

Status ReplicaDb::Begin() { return connection_.Exec("BEGIN IMMEDIATE"); }
Status ReplicaDb::BeginRead() { return connection_.Exec("BEGIN DEFERRED"); }
Status ReplicaDb::Commit() { return connection_.Exec("COMMIT"); }
void ReplicaDb::Rollback() {
  if (InTransaction()) (void)connection_.Exec("ROLLBACK");
}

Status ReplicaDb::InsertEvent(const Event& event,
                              std::chrono::system_clock::time_point replicated_at) {
  nlohmann::json metadata = nlohmann::json::array();
  for (const auto& [key, value] : event.metadata) metadata.push_back({key, value});
  SqliteStatement& insert = *insert_event_;
  insert.Reset();
  insert.BindText(1, event.event_id);
  insert.BindText(2, event.session_id);
  insert.BindText(3, event.tenant);
  insert.BindText(4, event.persona_id);
  insert.BindText(5, event.message);
  insert.BindText(6, nlohmann::json(event.attachments).dump());
  insert.BindText(7, metadata.dump());
  insert.BindInt64(8, ToNanos(event.accepted_at));
  insert.BindInt64(9, ToNanos(replicated_at));
  return insert.Run();
}

Status ReplicaDb::InsertDeadLetter(std::string_view topic, std::string_view event_id,
                                   std::string_view reason, std::string_view record,
                                   std::chrono::system_clock::time_point failed_at) {
  SqliteStatement& insert = *insert_dead_letter_;
  insert.Reset();
  insert.BindText(1, topic);
  insert.BindText(2, event_id);
  insert.BindText(3, reason);
  insert.BindBlob(4, record);
  insert.BindInt64(5, ToNanos(failed_at));
  return insert.Run();
}

Result<StoredEvent> ReplicaDb::ReadEventRow(const SqliteStatement& statement) const {
  StoredEvent stored;
  Event& event = stored.event;
  event.event_id = statement.ColumnText(0);
  event.session_id = statement.ColumnText(1);
  event.tenant = statement.ColumnText(2);
  event.persona_id = statement.ColumnText(3);
  event.message = statement.ColumnText(4);
  if (!ParseJsonColumns(statement.ColumnText(5), statement.ColumnText(6), &event)) {
    return MakeError("replica_corrupt",
                     "replica row for event " + event.event_id + " has malformed JSON columns");
  }
  event.accepted_at = FromNanos(statement.ColumnInt64(7));
  stored.replicated_at = FromNanos(statement.ColumnInt64(8));
  return stored;
}

Result<std::optional<StoredEvent>> ReplicaDb::Find(std::string_view event_id) {
  find_->Reset();
  find_->BindText(1, event_id);
  auto row = find_->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<StoredEvent>();
  auto stored = ReadEventRow(*find_);
  find_->Reset();
  if (!stored.ok()) return stored.error();
  return std::optional<StoredEvent>(std::move(*stored));
}

Result<std::vector<StoredEvent>> ReplicaDb::ListBySession(std::string_view session_id,
                                                          int limit) {
  std::vector<StoredEvent> events;
  if (limit <= 0) return events;
  list_by_session_->Reset();
  list_by_session_->BindText(1, session_id);
  list_by_session_->BindInt64(2, limit);
  while (true) {
    auto row = list_by_session_->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto stored = ReadEventRow(*list_by_session_);
    if (!stored.ok()) return stored.error();
    events.push_back(std::move(*stored));
  }
  list_by_session_->Reset();
  return events;
}

Result<int64_t> ReplicaDb::DlqDepth(std::string_view topic) {
  dlq_depth_->Reset();
  dlq_depth_->BindText(1, topic);
  auto row = dlq_depth_->Step();
  if (!row.ok()) return row.error();
  const int64_t depth = *row ? dlq_depth_->ColumnInt64(0) : 0;
  dlq_depth_->Reset();
  return depth;
}

Result<EventPage> ReplicaDb::ReadEvents(int64_t after_sequence,
                                        std::optional<std::string_view> tenant, int limit) {
  EventPage page;
  page.last_sequence = after_sequence;
  if (limit <= 0) return page;
  SqliteStatement& read = *read_events_;
  read.Reset();
  read.BindInt64(1, after_sequence);
  read.BindInt64(2, tenant.has_value() ? 1 : 0);
  read.BindText(3, tenant.value_or(""));
  read.BindInt64(4, limit);
  while (true) {
    auto row = read.Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto stored = ReadEventRow(read);
    if (!stored.ok()) return stored.error();
    page.events.push_back(std::move(*stored));
    page.last_sequence = read.ColumnInt64(9);
  }
  read.Reset();
  return page;
}

Result<std::vector<DeadLetter>> ReplicaDb::ListDeadLetters(std::string_view topic,
                                                           int64_t after_id, int limit) {
  std::vector<DeadLetter> letters;
  if (limit <= 0) return letters;
  SqliteStatement& list = *list_dead_letters_;
  list.Reset();
  list.BindText(1, topic);
  list.BindInt64(2, after_id);
  list.BindInt64(3, limit);
  while (true) {
    auto row = list.Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    DeadLetter letter;
    letter.id = list.ColumnInt64(0);
    letter.topic = std::string(topic);
    letter.event_id = list.ColumnText(1);
    letter.reason = list.ColumnText(2);
    const std::string record = list.ColumnText(3);
    letter.record_bytes = record.size();
    if (Result<Event> event = DecodeEvent(record); event.ok()) letter.event = std::move(*event);
    letter.failed_at = FromNanos(list.ColumnInt64(4));
    letters.push_back(std::move(letter));
  }
  list.Reset();
  return letters;
}

}  // namespace slogate::refgw::store
