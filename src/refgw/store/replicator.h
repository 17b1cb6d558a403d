// The replicator thread: tails the WAL and the outbox up to their durable ends and applies
// every event to the replica in batched transactions that also carry the checkpoint. Events
// that fail to apply go to the dead-letter table. Honours the replicator faults.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "refgw/store/log_progress.h"
#include "refgw/store/log_reader.h"
#include "refgw/store/replica_db.h"
#include "refgw/store/replicator_metrics.h"
#include "refgw/store/store.h"

namespace slogate::refgw::store {

struct ReplicatorStart {
  std::filesystem::path dir;
  LogCursor wal;     // the checkpoints loaded from the replica
  LogCursor outbox;
};

// Which replicator this is, of how many, and the names its checkpoints are saved under.
struct ReplicatorRole {
  size_t index = 0;
  size_t count = 1;
  std::string wal_checkpoint = "wal";
  std::string outbox_checkpoint = "outbox";
};

// What the replicators of one store share. The oldest segment any replicator still needs, per
// log: a segment is deleted only once every replicator's committed checkpoint is past it. And
// the turn to write: SQLite lets one writer at a time, and its busy handler (sleep and retry)
// would let a replicator that commits back to back starve the others for seconds, so they
// queue on a mutex instead. Thread-safe.
class SegmentFloor {
 public:
  SegmentFloor(const std::filesystem::path& dir, size_t replicators, uint64_t wal_first,
               uint64_t outbox_first);
  // Replicator `index` committed up to `segment` of log `log` (0 = wal, 1 = outbox); deletes
  // what no replicator needs any more.
  void Committed(size_t index, size_t log, uint64_t segment);
  // Held from a replicator's BEGIN to its COMMIT or ROLLBACK.
  std::mutex& write_turn() { return write_turn_; }

 private:
  std::mutex write_turn_;
  std::mutex mutex_;
  const std::filesystem::path dir_;
  std::vector<std::array<uint64_t, 2>> committed_;
  std::array<uint64_t, 2> first_kept_;
};

// Thread-safe accessors; the work happens on the replicator's own thread.
class Replicator {
 public:
  Replicator(ReplicaDb& db, const ReplicatorStart& start, const ReplicatorRole& role,
             StoreFaults& faults, LogProgress& progress, ReplicatorMetrics& metrics,
             SegmentFloor& floor);
  ~Replicator();  // Stop()
  Replicator(const Replicator&) = delete;
  Replicator& operator=(const Replicator&) = delete;

  // Commits the open transaction and joins the thread. Idempotent.
  void Stop();

  std::optional<double> LastLagSeconds() const;
  uint64_t handled_events() const { return handled_events_.load(); }

 private:
  struct Source {
    std::string name;
    std::string checkpoint;  // the checkpoint row's name
    LogReader reader;
    LogCursor committed;  // as stored in the replica
    LogCursor progress;   // including what the open transaction handled
    std::optional<LogFrame> frame;  // the frame being applied
    size_t next_record = 0;
  };
  struct Handled {
    std::optional<std::chrono::system_clock::time_point> accepted_at;
    bool ok = true;
    double seconds = 0;
  };

  void Run();
  // Applies what is durable (bounded in count and time) in one transaction; returns how many
  // events it handled.
  Result<size_t> RunTransaction(const DurableEnds& ends);
  Result<const std::string*> NextRecord(Source& source, const DurableEnds& ends);
  void Advance(Source& source);
  // True when `event` belongs to another replicator's partition.
  bool OthersEvent(const Result<Event>& event) const;
  // When `event` is held back by the hold fault, the time it may be applied.
  std::optional<std::chrono::steady_clock::time_point> HeldUntil(const Result<Event>& event) const;
  Result<Handled> Handle(const std::string& record, Result<Event> event);
  Status BeginTransaction();  // takes the write turn
  Status CommitTransaction();  // gives it back once committed
  void AbandonTransaction(const Error& error);
  void Publish(const std::vector<Handled>& handled);
  void DeleteReplicatedSegments();
  int64_t StallUntilNanos() const;
  bool Stalled() const;
  void PauseUntil(std::chrono::steady_clock::time_point until);
  bool stopping() const;

  ReplicaDb& db_;
  const std::filesystem::path dir_;
  const ReplicatorRole role_;
  StoreFaults& faults_;
  ReplicatorFaults& own_faults_;
  LogProgress& progress_;
  ReplicatorMetrics& metrics_;
  SegmentFloor& floor_;
  std::unique_lock<std::mutex> write_turn_lock_;
  // Set when a transaction ended at an event the hold fault keeps back.
  std::optional<std::chrono::steady_clock::time_point> held_until_;
  std::array<Source, 2> sources_;
  size_t turn_ = 0;
  uint64_t sequence_ = 0;  // events handled since open, for the every-k-th faults

  std::atomic<double> last_lag_{0};
  std::atomic<bool> has_lag_{false};
  std::atomic<uint64_t> handled_events_{0};

  mutable std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace slogate::refgw::store
