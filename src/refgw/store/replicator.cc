#include "refgw/store/replicator.h"

#include <algorithm>

#include "refgw/store/event_codec.h"
#include "slogate/common/log.h"

namespace slogate::refgw::store {
namespace {

// One transaction holds at most this many events or this much time, so rows and the lag
// gauge become visible promptly even when the replicator is slowed.
constexpr size_t kMaxEventsPerTransaction = 1024;
constexpr auto kMaxTransactionTime = std::chrono::milliseconds(50);
constexpr auto kIdlePoll = std::chrono::milliseconds(100);
constexpr auto kErrorBackoff = std::chrono::seconds(1);

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool EveryKth(const std::atomic<uint32_t>& every_k, uint64_t sequence) {
  const uint32_t k = every_k.load(std::memory_order_relaxed);
  return k != 0 && sequence % k == 0;
}

}  // namespace

Replicator::Replicator(ReplicaDb& db, const ReplicatorStart& start, StoreFaults& faults,
                       LogProgress& progress, ReplicatorMetrics& metrics)
    : db_(db),
      dir_(start.dir),
      faults_(faults),
      progress_(progress),
      metrics_(metrics),
      sources_{{Source{"wal", LogReader(start.dir, "wal", start.wal.frame), start.wal,
                       start.wal, std::nullopt, 0, start.wal.frame.segment},
                Source{"outbox", LogReader(start.dir, "outbox", start.outbox.frame),
                       start.outbox, start.outbox, std::nullopt, 0,
                       start.outbox.frame.segment}}},
      thread_([this] { Run(); }) {}

Replicator::~Replicator() { Stop(); }

void Replicator::Stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Replicator::stopping() const {
  std::lock_guard lock(stop_mutex_);
  return stopping_;
}

void Replicator::PauseUntil(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(stop_mutex_);
  stop_changed_.wait_until(lock, until, [&] { return stopping_; });
}

bool Replicator::Stalled() const {
  return faults_.replicator_stall_until_ns.load(std::memory_order_relaxed) > NowNanos();
}

std::optional<double> Replicator::LastLagSeconds() const {
  if (!has_lag_.load()) return std::nullopt;
  return last_lag_.load();
}

void Replicator::Run() {
  while (!stopping()) {
    const int64_t stall_until = faults_.replicator_stall_until_ns.load();
    const int64_t now = NowNanos();
    if (stall_until > now) {
      const auto remaining = std::chrono::nanoseconds(stall_until - now);
      PauseUntil(std::chrono::steady_clock::now() +
                 std::min<std::chrono::nanoseconds>(remaining, kIdlePoll));
      continue;
    }
    const DurableEnds ends = progress_.Get();
    auto handled = RunTransaction(ends);
    if (!handled.ok()) {
      log::Error("replicator: " + handled.error().message + "; retrying in 1s");
      PauseUntil(std::chrono::steady_clock::now() + kErrorBackoff);
    } else if (*handled == 0) {
      progress_.WaitForNewerThan(ends.version, kIdlePoll);
    }
  }
}

Result<const std::string*> Replicator::NextRecord(Source& source, const DurableEnds& ends) {
  while (true) {
    if (source.frame) {
      if (source.next_record < source.frame->records.size()) {
        return &source.frame->records[source.next_record];
      }
      source.progress = {source.frame->end, 0};
      source.frame.reset();
    }
    const LogPosition durable_end = source.name == "wal" ? ends.wal : ends.outbox;
    auto frame = source.reader.Next(durable_end);
    if (!frame.ok()) return frame.error();
    if (!frame->has_value()) return nullptr;
    source.frame = std::move(**frame);
    // Only the checkpointed frame can be partly applied already.
    source.next_record = source.frame->start == source.progress.frame
                             ? static_cast<size_t>(source.progress.records_applied)
                             : 0;
  }
}

void Replicator::Advance(Source& source) {
  ++source.next_record;
  if (source.next_record < source.frame->records.size()) {
    source.progress = {source.frame->start, source.next_record};
  } else {
    source.progress = {source.frame->end, 0};
    source.frame.reset();
  }
}

Result<Replicator::Handled> Replicator::Handle(const std::string& record) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t delay_us = faults_.replicator_delay_us.load(std::memory_order_relaxed);
  if (delay_us > 0) PauseUntil(start + std::chrono::microseconds(delay_us));
  ++sequence_;
  const auto now = std::chrono::system_clock::now();
  Handled handled;
  std::string event_id;
  std::string reason;
  auto event = DecodeEvent(record);
  if (!event.ok()) {
    reason = "undecodable event: " + event.error().message;
  } else {
    handled.accepted_at = event->accepted_at;
    event_id = event->event_id;
    if (EveryKth(faults_.poison_every_k, sequence_)) {
      reason = "poison fault: injected apply failure";
    } else if (!EveryKth(faults_.drop_every_k, sequence_)) {
      Status inserted = db_.InsertEvent(*event, now);
      // A statement error leaves the transaction open; SQLite rolling it back (disk full,
      // I/O error) means the whole batch must be retried, not dead-lettered.
      if (!inserted.ok() && !db_.InTransaction()) return inserted.error();
      if (!inserted.ok()) reason = "apply failed: " + inserted.error().message;
    }
  }
  if (!reason.empty()) {
    Status dead_lettered =
        db_.InsertDeadLetter(Store::kDefaultDlqTopic, event_id, reason, record, now);
    if (!dead_lettered.ok()) return dead_lettered.error();
    handled.ok = false;
  }
  handled.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return handled;
}

Result<size_t> Replicator::RunTransaction(const DurableEnds& ends) {
  std::vector<Handled> handled;
  const auto deadline = std::chrono::steady_clock::now() + kMaxTransactionTime;
  int empty_in_a_row = 0;
  bool began = false;
  while (handled.size() < kMaxEventsPerTransaction && empty_in_a_row < 2 &&
         std::chrono::steady_clock::now() < deadline && !stopping() && !Stalled()) {
    Source& source = sources_[turn_++ % sources_.size()];
    auto record = NextRecord(source, ends);
    if (!record.ok()) {
      AbandonTransaction(record.error());
      return record.error();
    }
    if (*record == nullptr) {
      ++empty_in_a_row;
      continue;
    }
    empty_in_a_row = 0;
    if (!began) {
      Status begun = db_.Begin();
      if (!begun.ok()) return begun.error();
      began = true;
    }
    auto result = Handle(**record);
    if (!result.ok()) {
      AbandonTransaction(result.error());
      return result.error();
    }
    Advance(source);
    handled.push_back(*result);
  }
  if (!began) return size_t{0};
  Status committed = CommitTransaction();
  if (!committed.ok()) {
    AbandonTransaction(committed.error());
    return committed.error();
  }
  Publish(handled);
  DeleteReplicatedSegments();
  return handled.size();
}

Status Replicator::CommitTransaction() {
  for (Source& source : sources_) {
    if (source.progress == source.committed) continue;
    Status saved = db_.SaveCursor(source.name, source.progress);
    if (!saved.ok()) return saved;
  }
  Status committed = db_.Commit();
  if (!committed.ok()) return committed;
  for (Source& source : sources_) source.committed = source.progress;
  return Status::Ok();
}

void Replicator::AbandonTransaction(const Error& error) {
  db_.Rollback();
  // Re-read from the checkpoint: nothing of the abandoned transaction is in the replica.
  for (Source& source : sources_) {
    source.reader.Seek(source.committed.frame);
    source.progress = source.committed;
    source.frame.reset();
  }
  log::Debug("replicator: transaction abandoned: " + error.message);
}

void Replicator::Publish(const std::vector<Handled>& handled) {
  // Lag is measured once the rows are committed, i.e. visible to readers, then set per event
  // in order like the upstream; nothing updates it while idle.
  const auto now = std::chrono::system_clock::now();
  for (const Handled& event : handled) {
    if (event.ok) {
      metrics_.CountOk();
    } else {
      metrics_.CountError();
    }
    metrics_.ObserveReplication(event.seconds);
    if (event.accepted_at) {
      const double lag =
          std::max(0.0, std::chrono::duration<double>(now - *event.accepted_at).count());
      metrics_.SetLag(lag);
      last_lag_.store(lag);
      has_lag_.store(true);
    }
  }
  handled_events_.fetch_add(handled.size());
}

void Replicator::DeleteReplicatedSegments() {
  for (Source& source : sources_) {
    const uint64_t keep_from = source.committed.frame.segment;
    if (keep_from <= source.first_kept_segment) continue;
    Status deleted = DeleteSegmentsBefore(dir_, source.name, keep_from);
    if (!deleted.ok()) {
      log::Warn("replicator: " + deleted.error().message);
      continue;
    }
    source.first_kept_segment = keep_from;
  }
}

}  // namespace slogate::refgw::store
