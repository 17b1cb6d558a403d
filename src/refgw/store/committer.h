// Group commit: one thread takes every append waiting, writes them as one WAL frame with one
// fdatasync, routes what the WAL refused to the outbox (one frame, one fdatasync), publishes
// the new durable ends, and only then runs the completions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "refgw/store/log_progress.h"
#include "refgw/store/log_writer.h"
#include "refgw/store/store.h"

namespace slogate::refgw::store {

struct PendingAppend {
  std::string record;  // the encoded event
  std::function<void(WriteOutcome)> done;
  std::chrono::steady_clock::time_point queued_at;
};

struct CommitterStats {
  uint64_t wal_events = 0;
  uint64_t wal_batches = 0;
  uint64_t outbox_events = 0;
  uint64_t failed_events = 0;
};

// Thread-safe: Submit from any thread.
class Committer {
 public:
  // A record larger than this is refused (kFailed) so that a frame stays within bounds.
  static constexpr size_t kMaxRecordBytes = 64u << 20;

  Committer(LogWriter& wal, LogWriter& outbox, StoreFaults& faults, LogProgress& progress,
            std::chrono::microseconds group_commit_window);
  ~Committer();  // Stop()
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Queues an append; after Stop() the completion runs at once with kFailed.
  void Submit(PendingAppend append);
  // Commits everything already queued, then joins the thread. Idempotent.
  void Stop();

  CommitterStats stats() const;
  uint64_t wal_syncs() const;

 private:
  void Run();
  std::vector<PendingAppend> TakeBatch();
  void Commit(std::vector<PendingAppend>& batch);
  // Writes the records at `indexes` as one frame to `writer`; true when durable.
  bool WriteFrame(LogWriter& writer, const std::vector<PendingAppend>& batch,
                  const std::vector<size_t>& indexes);
  static bool FaultHits(const std::atomic<uint32_t>& every_k, uint64_t* counter);

  LogWriter& wal_;
  LogWriter& outbox_;
  StoreFaults& faults_;
  LogProgress& progress_;
  const std::chrono::microseconds window_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<PendingAppend> queue_;
  size_t queued_bytes_ = 0;
  bool stopping_ = false;
  CommitterStats stats_;
  uint64_t wal_syncs_ = 0;

  // Owned by the committer thread.
  uint64_t wal_appends_ = 0;
  uint64_t outbox_appends_ = 0;
  std::string frame_;
  std::thread thread_;
};

}  // namespace slogate::refgw::store
