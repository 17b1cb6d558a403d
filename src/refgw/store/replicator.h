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

// Thread-safe accessors; the work happens on the replicator's own thread.
class Replicator {
 public:
  Replicator(ReplicaDb& db, const ReplicatorStart& start, StoreFaults& faults,
             LogProgress& progress, ReplicatorMetrics& metrics);
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
    LogReader reader;
    LogCursor committed;  // as stored in the replica
    LogCursor progress;   // including what the open transaction handled
    std::optional<LogFrame> frame;  // the frame being applied
    size_t next_record = 0;
    uint64_t first_kept_segment = 0;
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
  Result<Handled> Handle(const std::string& record);
  Status CommitTransaction();
  void AbandonTransaction(const Error& error);
  void Publish(const std::vector<Handled>& handled);
  void DeleteReplicatedSegments();
  bool Stalled() const;
  void PauseUntil(std::chrono::steady_clock::time_point until);
  bool stopping() const;

  ReplicaDb& db_;
  const std::filesystem::path dir_;
  StoreFaults& faults_;
  LogProgress& progress_;
  ReplicatorMetrics& metrics_;
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
