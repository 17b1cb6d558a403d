#include "refgw/store/replicator.h"

#include <algorithm>
#include <cstdint>

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

SegmentFloor::SegmentFloor(const std::filesystem::path& dir, size_t replicators,
                           uint64_t wal_first, uint64_t outbox_first)
    : dir_(dir),
      committed_(replicators, std::array<uint64_t, 2>{wal_first, outbox_first}),
      first_kept_{wal_first, outbox_first} {}

void SegmentFloor::Committed(size_t index, size_t log, uint64_t segment) {
  std::lock_guard lock(mutex_);
  committed_[index][log] = segment;
  uint64_t keep_from = segment;
  for (const auto& replicator : committed_) keep_from = std::min(keep_from, replicator[log]);
  if (keep_from <= first_kept_[log]) return;
  Status deleted = DeleteSegmentsBefore(dir_, log == 0 ? "wal" : "outbox", keep_from);
  if (!deleted.ok()) {
    log::Warn("replicator: " + deleted.error().message);
    return;
  }
  first_kept_[log] = keep_from;
}

Replicator::Replicator(ReplicaDb& db, const ReplicatorStart& start, const ReplicatorRole& role,
                       StoreFaults& faults, LogProgress& progress, ReplicatorMetrics& metrics,
                       SegmentFloor& floor)
    : db_(db),
      dir_(start.dir),
      role_(role),
      faults_(faults),
      own_faults_(faults.replicators[role.index]),
      progress_(progress),
      metrics_(metrics),
      floor_(floor),
      sources_{{Source{"wal", role.wal_checkpoint, LogReader(start.dir, "wal", start.wal.frame),
                       start.wal, start.wal, std::nullopt, 0},
                Source{"outbox", role.outbox_checkpoint,
                       LogReader(start.dir, "outbox", start.outbox.frame), start.outbox,
                       start.outbox, std::nullopt, 0}}},
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

// The stop fault reads as a stall without end.
int64_t Replicator::StallUntilNanos() const {
  if (own_faults_.stopped.load(std::memory_order_relaxed)) return INT64_MAX;
  return std::max(faults_.replicator_stall_until_ns.load(std::memory_order_relaxed),
                  own_faults_.stall_until_ns.load(std::memory_order_relaxed));
}

bool Replicator::Stalled() const { return StallUntilNanos() > NowNanos(); }

std::optional<double> Replicator::LastLagSeconds() const {
  if (!has_lag_.load()) return std::nullopt;
  return last_lag_.load();
}

void Replicator::Run() {
  while (!stopping()) {
    const int64_t stall_until = StallUntilNanos();
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
    } else if (*handled == 0 && held_until_.has_value()) {
      PauseUntil(std::min(*held_until_, std::chrono::steady_clock::now() + kIdlePoll));
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

bool Replicator::OthersEvent(const Result<Event>& event) const {
  if (role_.count == 1) return false;
  // An undecodable record has no id: replicator 0 dead-letters it.
  const size_t owner = event.ok() ? PartitionOf(event->event_id, role_.count) : 0;
  return owner != role_.index;
}

std::optional<std::chrono::steady_clock::time_point> Replicator::HeldUntil(
    const Result<Event>& event) const {
  const int64_t hold_us = own_faults_.hold_us.load(std::memory_order_relaxed);
  if (hold_us <= 0 || !event.ok()) return std::nullopt;
  const auto due = event->accepted_at + std::chrono::microseconds(hold_us);
  const auto now = std::chrono::system_clock::now();
  if (due <= now) return std::nullopt;
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(due - now);
}

Result<Replicator::Handled> Replicator::Handle(const std::string& record, Result<Event> event) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t delay_us = faults_.replicator_delay_us.load(std::memory_order_relaxed) +
                           own_faults_.delay_us.load(std::memory_order_relaxed);
  if (delay_us > 0) PauseUntil(start + std::chrono::microseconds(delay_us));
  ++sequence_;
  const auto now = std::chrono::system_clock::now();
  Handled handled;
  std::string event_id;
  std::string reason;
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
  held_until_.reset();
  size_t records = 0;  // handled or skipped as another replicator's
  int empty_in_a_row = 0;
  bool began = false;
  while (records < kMaxEventsPerTransaction && empty_in_a_row < 2 &&
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
    Result<Event> event = DecodeEvent(**record);
    if (OthersEvent(event)) {
      Advance(source);
      ++records;
      continue;
    }
    if ((held_until_ = HeldUntil(event)).has_value()) break;
    if (!began) {
      Status begun = BeginTransaction();
      if (!begun.ok()) return begun.error();
      began = true;
    }
    auto result = Handle(**record, std::move(event));
    if (!result.ok()) {
      AbandonTransaction(result.error());
      return result.error();
    }
    Advance(source);
    ++records;
    handled.push_back(*result);
  }
  // Only other replicators' events passed: the checkpoint still moves, so a restart does not
  // re-read them and the segments behind them can go.
  const bool skipped_only = !began && records > 0;
  if (skipped_only) {
    Status begun = BeginTransaction();
    if (!begun.ok()) return begun.error();
    began = true;
  }
  if (!began) return size_t{0};
  Status committed = CommitTransaction();
  if (!committed.ok()) {
    AbandonTransaction(committed.error());
    return committed.error();
  }
  Publish(handled);
  DeleteReplicatedSegments();
  // Skipped records count as progress, so the loop does not wait for new appends.
  return skipped_only ? records : handled.size();
}

Status Replicator::CommitTransaction() {
  for (Source& source : sources_) {
    if (source.progress == source.committed) continue;
    Status saved = db_.SaveCursor(source.checkpoint, source.progress);
    if (!saved.ok()) return saved;
  }
  Status committed = db_.Commit();
  if (!committed.ok()) return committed;
  write_turn_lock_.unlock();
  for (Source& source : sources_) source.committed = source.progress;
  return Status::Ok();
}

Status Replicator::BeginTransaction() {
  write_turn_lock_ = std::unique_lock(floor_.write_turn());
  Status begun = db_.Begin();
  if (!begun.ok()) write_turn_lock_.unlock();
  return begun;
}

void Replicator::AbandonTransaction(const Error& error) {
  db_.Rollback();
  if (write_turn_lock_.owns_lock()) write_turn_lock_.unlock();
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
  for (size_t log = 0; log < sources_.size(); ++log) {
    floor_.Committed(role_.index, log, sources_[log].committed.frame.segment);
  }
}

}  // namespace slogate::refgw::store
