// The reference gateway's durable write path: WAL with group commit, outbox fallback, and a
// replicator that applies both logs to a SQLite replica (with DLQ and checkpoint).
//
// An event is acknowledged (its completion runs with kWal or kOutbox) only after the bytes
// holding it were written and fdatasync'ed, so no acknowledged event is lost by a crash,
// including kill -9 under load. See docs/refgw-store.md for formats and recovery.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
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
  // Replicator threads, 1..kMaxReplicators; each applies the events of its partition
  // (PartitionOf) with its own checkpoint and its own metrics registry.
  size_t replicators = 1;
};

inline constexpr size_t kMaxReplicators = 8;

// The replicator that applies `event_id`: FNV-1a (64-bit) of the id's bytes modulo
// `partitions`. Stable across processes and restarts. Pure.
size_t PartitionOf(std::string_view event_id, size_t partitions);

// How one replicator's memory_replicator_lag_seconds reports while events are applied
// truthfully (a lying gauge, for the suite's self-tests).
struct LagGaugeFault {
  enum class Mode {
    kTruthful,  // set per applied event (the default)
    kFixed,     // always `value`
    kAbsent,    // the series is not in the exposition at all
    kFrozen,    // keeps the value it had when the fault was set
  };
  Mode mode = Mode::kTruthful;
  double value = 0;  // kFixed
};

// Faults of one replicator; 0/false turns each off. Settable any time from any thread.
struct ReplicatorFaults {
  std::atomic<int64_t> delay_us{0};        // added per handled event
  std::atomic<int64_t> stall_until_ns{0};  // system_clock epoch ns; applies nothing until then
  std::atomic<int64_t> hold_us{0};         // an event is applied no earlier than accepted + hold
  std::atomic<bool> stopped{false};        // applies nothing until cleared
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
  // Per replicator (index = replicator); the two replicator_* fields above apply to all.
  std::array<ReplicatorFaults, kMaxReplicators> replicators;
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
  // Needs options.replicators == 1.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                             prometheus::Registry& replicator_registry);
  // The same with options.replicators replicators: replicator i registers its metrics on
  // `replicator_registries[i]` (one per replicator, each outliving the store).
  static Result<std::unique_ptr<Store>> Open(
      const StoreOptions& options, std::span<prometheus::Registry* const> replicator_registries);
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
  // The lag last measured by the replicator furthest behind (the largest); nullopt before
  // any replicator applied an event. Stale while idle, like the upstream. Measured, not what a
  // LagGaugeFault makes the gauge report. Thread-safe.
  std::optional<double> ReplicatorLagSeconds();
  // The same for one replicator. Thread-safe.
  std::optional<double> ReplicatorLagSeconds(size_t replicator);
  size_t replicator_count() const;
  // Makes replicator `replicator`'s lag gauge lie (or tell the truth again). Thread-safe.
  void SetLagGauge(size_t replicator, const LagGaugeFault& fault);

  StoreFaults& faults();
  StoreStats Stats();

  static constexpr std::string_view kDefaultDlqTopic = "memory.wal.dlq";

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace slogate::refgw::store
