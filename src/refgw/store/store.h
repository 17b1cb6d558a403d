// The reference gateway's durable write path: WAL with group commit, outbox fallback, and a
// replicator that applies both logs to a SQLite replica (with DLQ and checkpoint).
//
// An event is acknowledged (its completion runs with kWal or kOutbox) only after the bytes
// holding it were written and fdatasync'ed, so no acknowledged event is lost by a crash,
// including kill -9 under load. See docs/refgw-store.md for formats and recovery.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slogate/common/result.h"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace slogate::refgw::store {

// One accepted message, as the gateway hands it to the store.
struct Event {
  std::string event_id;  // the replica's unique key
  std::string session_id;
  std::string tenant;
  std::string persona_id;
  std::string message;
  std::vector<std::string> attachments;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::chrono::system_clock::time_point accepted_at;
};

// An event as read back from the replica.
struct StoredEvent {
  Event event;
  std::chrono::system_clock::time_point replicated_at;
};

// Events in replication order, one page of an export.
struct EventPage {
  std::vector<StoredEvent> events;
  // Where this page ended: pass it as `after_sequence` for the next page. Equal to the
  // `after_sequence` asked for when the page is empty.
  int64_t last_sequence = 0;
};

// One dead-lettered event.
struct DeadLetter {
  int64_t id = 0;  // ascending in the order letters were written
  std::string topic;
  std::string event_id;  // empty when the record could not be decoded
  std::string reason;
  size_t record_bytes = 0;
  std::optional<Event> event;  // the record decoded, when it can be
  std::chrono::system_clock::time_point failed_at;
};

// One page of a dead-letter topic. Read in one transaction: `depth` counts the very letters the
// page was taken from, so a letter written meanwhile cannot make the two disagree.
struct DeadLetterPage {
  int64_t depth = 0;  // letters in the topic
  std::vector<DeadLetter> letters;
};

enum class WriteOutcome {
  kWal,     // durable in the WAL
  kOutbox,  // the WAL failed and the outbox took it (durable there)
  kFailed,  // both failed: not stored (the gateway answers 502)
};

struct StoreOptions {
  std::filesystem::path data_dir{};  // created if missing
  // After the first waiting append, the committer waits this long for more before writing.
  // Zero still batches: every append queued while the previous fdatasync ran joins the next.
  std::chrono::microseconds group_commit_window{0};
  // Off only for tests and benchmarks that measure the cost of durability itself.
  bool fsync = true;
  // A WAL or outbox segment is closed and a new one started past this size.
  uint64_t max_segment_bytes = 64ull << 20;
};

// Deterministic fault injection. Every field may be changed at any time from any thread; a
// value of 0 turns the fault off. "Every k-th" counts from the store's opening.
struct StoreFaults {
  std::atomic<uint32_t> wal_fail_every_k{0};       // every k-th append fails to the WAL
  std::atomic<uint32_t> outbox_fail_every_k{0};    // every k-th outbox append fails
  std::atomic<int64_t> replicator_delay_us{0};     // added per applied event (slowed replicator)
  std::atomic<int64_t> replicator_stall_until_ns{0};  // system_clock epoch ns; applies nothing until then
  std::atomic<uint32_t> poison_every_k{0};         // every k-th event fails to apply -> DLQ
  std::atomic<uint32_t> drop_every_k{0};           // every k-th event silently never reaches the replica
};

// Counters for tests and benchmarks (group commit is observable as events > syncs).
struct StoreStats {
  uint64_t wal_events = 0;     // events made durable in the WAL
  uint64_t wal_batches = 0;    // WAL writes (one frame per batch)
  uint64_t wal_syncs = 0;      // WAL fdatasync calls
  uint64_t outbox_events = 0;  // events made durable in the outbox
  uint64_t failed_events = 0;  // events completed with kFailed
  uint64_t applied_events = 0; // events the replicator handled (ok, DLQ or dropped)
};

class Store {
 public:
  // Recovers the logs in options.data_dir (truncating a torn tail, failing on corruption in
  // the middle with the file and offset), opens the replica and starts the committer and the
  // replicator, which replays everything after its checkpoint. The replicator's metrics
  // (memory_replicator_*) are registered on `replicator_registry`, which must outlive the store.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                             prometheus::Registry& replicator_registry);
  // Completes every append already queued, then stops both threads.
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Queues `event`; `done` runs on the committer thread once the event is durable (kWal or
  // kOutbox) or failed (kFailed). `done` must not block for long: it delays later batches.
  // Thread-safe.
  void AppendAsync(Event event, std::function<void(WriteOutcome)> done);
  // Blocking convenience over AppendAsync. Thread-safe.
  WriteOutcome Append(const Event& event);

  // Reads from the replica: only replicated events are visible. A replica read error is
  // logged and reads as "not found" / empty. Thread-safe.
  std::optional<StoredEvent> Find(std::string_view event_id);
  // The session's events, oldest first, at most `limit`. Thread-safe.
  std::vector<StoredEvent> ListBySession(std::string_view session_id, int limit);
  // Up to `limit` replicated events after `after_sequence` (0 = from the start), in the order
  // they were replicated, only those of `tenant` when given. Events replicated while a caller
  // pages through appear on later pages; none is skipped or repeated. Errors are returned
  // (an export must not end early looking complete). Thread-safe.
  Result<EventPage> ReadEvents(int64_t after_sequence, std::optional<std::string_view> tenant,
                               int limit);
  // Up to `limit` dead letters of `topic` with an id above `after_id`, oldest first, and the
  // topic's depth at the same moment. Thread-safe.
  Result<DeadLetterPage> ListDeadLetters(std::string_view topic, int64_t after_id, int limit);
  // Number of dead-lettered events in `topic`; -1 when the replica cannot be read (logged).
  // Thread-safe.
  int64_t DlqDepth(std::string_view topic = kDefaultDlqTopic);
  // The value memory_replicator_lag_seconds was last set to; nullopt before the first event.
  // Stale while idle, like the upstream. Thread-safe.
  std::optional<double> ReplicatorLagSeconds();

  StoreFaults& faults();
  StoreStats Stats();

  static constexpr std::string_view kDefaultDlqTopic = "memory.wal.dlq";

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace slogate::refgw::store
