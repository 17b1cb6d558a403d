#include "refgw/store/committer.h"

#include <string_view>
#include <utility>

#include "refgw/store/frame.h"
#include "slogate/common/log.h"

namespace slogate::refgw::store {
namespace {

// Bounds on one batch, so one frame (and the memory it takes) stays moderate under any burst.
constexpr size_t kMaxBatchEvents = 8192;
constexpr size_t kMaxBatchBytes = 32u << 20;

}  // namespace

Committer::Committer(LogWriter& wal, LogWriter& outbox, StoreFaults& faults,
                     LogProgress& progress, std::chrono::microseconds group_commit_window)
    : wal_(wal),
      outbox_(outbox),
      faults_(faults),
      progress_(progress),
      window_(group_commit_window),
      thread_([this] { Run(); }) {}

Committer::~Committer() { Stop(); }

void Committer::Submit(PendingAppend append) {
  bool queued = false;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queued_bytes_ += append.record.size();
      queue_.push_back(std::move(append));
      queued = true;
    }
  }
  if (!queued) {
    append.done(WriteOutcome::kFailed);
    return;
  }
  wake_.notify_one();
}

void Committer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

CommitterStats Committer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

uint64_t Committer::wal_syncs() const {
  std::lock_guard lock(mutex_);
  return wal_syncs_;
}

void Committer::Run() {
  while (true) {
    std::vector<PendingAppend> batch = TakeBatch();
    if (batch.empty()) return;  // stopping and drained
    Commit(batch);
  }
}

std::vector<PendingAppend> Committer::TakeBatch() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
  if (queue_.empty()) return {};
  if (window_.count() > 0 && !stopping_) {
    // Everything queued while the previous fdatasync ran is already here; the window lets a
    // lone append wait for company when the log was idle.
    const auto deadline = queue_.front().queued_at + window_;
    wake_.wait_until(lock, deadline, [&] {
      return stopping_ || queue_.size() >= kMaxBatchEvents || queued_bytes_ >= kMaxBatchBytes;
    });
  }
  std::vector<PendingAppend> batch;
  size_t bytes = 0;
  while (!queue_.empty() && batch.size() < kMaxBatchEvents &&
         (batch.empty() || bytes + queue_.front().record.size() <= kMaxBatchBytes)) {
    bytes += queue_.front().record.size();
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  queued_bytes_ -= bytes;
  return batch;
}

bool Committer::FaultHits(const std::atomic<uint32_t>& every_k, uint64_t* counter) {
  ++*counter;
  const uint32_t k = every_k.load(std::memory_order_relaxed);
  return k != 0 && *counter % k == 0;
}

bool Committer::WriteFrame(LogWriter& writer, const std::vector<PendingAppend>& batch,
                           const std::vector<size_t>& indexes) {
  std::vector<std::string_view> records;
  records.reserve(indexes.size());
  for (size_t index : indexes) records.emplace_back(batch[index].record);
  frame_.clear();
  AppendFrame(records, &frame_);
  Status written = writer.Append(frame_);
  if (!written.ok()) log::Error("store: " + written.error().message);
  return written.ok();
}

void Committer::Commit(std::vector<PendingAppend>& batch) {
  std::vector<WriteOutcome> outcomes(batch.size(), WriteOutcome::kFailed);
  std::vector<size_t> to_wal;
  std::vector<size_t> to_outbox;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].record.size() > kMaxRecordBytes) {
      log::Warn("store: refusing an event of " + std::to_string(batch[i].record.size()) +
                " bytes (limit " + std::to_string(kMaxRecordBytes) + ")");
    } else if (FaultHits(faults_.wal_fail_every_k, &wal_appends_)) {
      to_outbox.push_back(i);
    } else {
      to_wal.push_back(i);
    }
  }
  bool wal_written = false;
  if (!to_wal.empty()) {
    wal_written = WriteFrame(wal_, batch, to_wal);
    if (wal_written) {
      for (size_t i : to_wal) outcomes[i] = WriteOutcome::kWal;
    } else {
      to_outbox.insert(to_outbox.end(), to_wal.begin(), to_wal.end());
    }
  }
  std::vector<size_t> outbox_records;
  for (size_t i : to_outbox) {
    if (!FaultHits(faults_.outbox_fail_every_k, &outbox_appends_)) outbox_records.push_back(i);
  }
  if (!outbox_records.empty() && WriteFrame(outbox_, batch, outbox_records)) {
    for (size_t i : outbox_records) outcomes[i] = WriteOutcome::kOutbox;
  }
  progress_.Publish(wal_.end(), outbox_.end());
  {
    std::lock_guard lock(mutex_);
    for (WriteOutcome outcome : outcomes) {
      if (outcome == WriteOutcome::kWal) ++stats_.wal_events;
      if (outcome == WriteOutcome::kOutbox) ++stats_.outbox_events;
      if (outcome == WriteOutcome::kFailed) ++stats_.failed_events;
    }
    if (wal_written) ++stats_.wal_batches;
    wal_syncs_ = wal_.syncs();
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(outcomes[i]);
}

}  // namespace slogate::refgw::store
