#include "refgw/store/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <future>
#include <mutex>
#include <system_error>

#include "refgw/store/checkpoint_plan.h"
#include "refgw/store/committer.h"
#include "refgw/store/event_codec.h"
#include "refgw/store/log_recovery.h"
#include "refgw/store/log_writer.h"
#include "refgw/store/replica_db.h"
#include "refgw/store/replicator.h"
#include "refgw/store/replicator_metrics.h"
#include "slogate/common/log.h"

namespace slogate::refgw::store {
namespace {

constexpr std::string_view kWal = "wal";
constexpr std::string_view kOutbox = "outbox";

// Holds an exclusive flock on the data directory: two stores appending to the same logs would
// interleave frames. The kernel releases it when the process dies, even by kill -9.
class DirectoryLock {
 public:
  static Result<std::unique_ptr<DirectoryLock>> Acquire(const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / "LOCK";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return SystemError("store_io", "cannot open lock file", path);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return MakeError("store_locked", dir.string() +
                                           " is in use by another store (lock held on " +
                                           path.string() + "); use another data directory");
    }
    return std::unique_ptr<DirectoryLock>(new DirectoryLock(fd));
  }
  ~DirectoryLock() { ::close(fd_); }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

// Where the replicator starts in a recovered log: its checkpoint, or the first segment.
Result<LogCursor> StartCursor(std::string_view log_name, const std::optional<LogCursor>& saved,
                              const RecoveredLog& log) {
  if (!saved) {
    const uint64_t first = log.segments.empty() ? 1 : log.segments.front().index;
    return LogCursor{{first, 0}, 0};
  }
  const uint64_t segment = saved->frame.segment;
  for (const SegmentInfo& info : log.segments) {
    if (info.index == segment && saved->frame.offset <= info.size) return *saved;
  }
  return MakeError("checkpoint_past_log",
                   "the replica's " + std::string(log_name) + " checkpoint (segment " +
                       std::to_string(segment) + ", offset " +
                       std::to_string(saved->frame.offset) +
                       ") lies outside the recovered log; the log lost replicated data "
                       "(was it written with fsync off, or edited?)");
}

}  // namespace

// FNV-1a, 64-bit: simple, stable across builds and platforms, and spreads UUIDs evenly.
size_t PartitionOf(std::string_view event_id, size_t partitions) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : event_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return static_cast<size_t>(hash % partitions);
}

struct Store::Impl {
  StoreOptions options;
  std::unique_ptr<DirectoryLock> lock;
  StoreFaults faults;
  std::vector<std::unique_ptr<ReplicaDb>> replica_writers;  // one per replicator
  std::mutex reader_mutex;
  std::unique_ptr<ReplicaDb> replica_reader;  // for Find/List/DlqDepth
  std::unique_ptr<LogWriter> wal;
  std::unique_ptr<LogWriter> outbox;
  LogProgress progress;
  std::vector<std::unique_ptr<ReplicatorMetrics>> metrics;
  std::unique_ptr<SegmentFloor> floor;
  std::vector<std::unique_ptr<Replicator>> replicators;
  std::unique_ptr<Committer> committer;

  // Both logs recovered and the writers opened; returns where each replicator starts.
  Result<std::vector<ReplicatorStart>> OpenLogs();
  Status OpenReplicaConnections();
  void StartReplicators(const std::vector<ReplicatorStart>& starts,
                        std::span<prometheus::Registry* const> registries);
};

Status Store::Impl::OpenReplicaConnections() {
  const std::filesystem::path replica_path = options.data_dir / "replica.sqlite3";
  // One writer per replicator: SQLite serialises their transactions (BEGIN IMMEDIATE with a
  // busy timeout), each commits its own rows and checkpoint.
  for (size_t i = 0; i <= options.replicators; ++i) {
    auto db = ReplicaDb::Open(replica_path, options.fsync);
    if (!db.ok()) return db.error();
    if (i == options.replicators) {
      replica_reader = std::move(*db);
    } else {
      replica_writers.push_back(std::move(*db));
    }
  }
  return Status::Ok();
}

Result<std::vector<ReplicatorStart>> Store::Impl::OpenLogs() {
  const size_t count = options.replicators;
  std::vector<ReplicatorStart> starts(count, ReplicatorStart{options.data_dir, {}, {}});
  const LogWriterOptions writer_options{options.max_segment_bytes, options.fsync};
  for (std::string_view name : {kWal, kOutbox}) {
    auto saved = PlanCheckpoints(*replica_writers.front(), name, count);
    if (!saved.ok()) return saved.error();
    // Recovery keeps every segment some replicator still needs.
    uint64_t first_needed = UINT64_MAX;
    for (const std::optional<LogCursor>& cursor : *saved) {
      first_needed = std::min<uint64_t>(first_needed, cursor ? cursor->frame.segment : 0);
    }
    auto recovered = RecoverLog(options.data_dir, name, first_needed, options.fsync);
    if (!recovered.ok()) return recovered.error();
    for (size_t i = 0; i < count; ++i) {
      auto cursor = StartCursor(name, (*saved)[i], *recovered);
      if (!cursor.ok()) return cursor.error();
      (name == kWal ? starts[i].wal : starts[i].outbox) = *cursor;
    }
    auto writer = LogWriter::Open(options.data_dir, name, *recovered, writer_options);
    if (!writer.ok()) return writer.error();
    (name == kWal ? wal : outbox) = std::move(*writer);
  }
  return starts;
}

void Store::Impl::StartReplicators(const std::vector<ReplicatorStart>& starts,
                                   std::span<prometheus::Registry* const> registries) {
  const size_t count = options.replicators;
  uint64_t wal_first = UINT64_MAX;
  uint64_t outbox_first = UINT64_MAX;
  for (const ReplicatorStart& start : starts) {
    wal_first = std::min(wal_first, start.wal.frame.segment);
    outbox_first = std::min(outbox_first, start.outbox.frame.segment);
  }
  floor = std::make_unique<SegmentFloor>(options.data_dir, count, wal_first, outbox_first);
  for (size_t i = 0; i < count; ++i) {
    metrics.push_back(std::make_unique<ReplicatorMetrics>(*registries[i]));
    const ReplicatorRole role{i, count, CheckpointName(kWal, i, count),
                              CheckpointName(kOutbox, i, count)};
    replicators.push_back(std::make_unique<Replicator>(
        *replica_writers[i], starts[i], role, faults, progress, *metrics.back(), *floor));
  }
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options,
                                           prometheus::Registry& replicator_registry) {
  if (options.replicators != 1) {
    return MakeError("bad_store_options",
                     "Store::Open with one registry needs replicators = 1, got " +
                         std::to_string(options.replicators) + "; pass one registry each");
  }
  prometheus::Registry* registries[] = {&replicator_registry};
  return Open(options, registries);
}

Result<std::unique_ptr<Store>> Store::Open(
    const StoreOptions& options, std::span<prometheus::Registry* const> replicator_registries) {
  if (options.replicators < 1 || options.replicators > kMaxReplicators ||
      replicator_registries.size() != options.replicators) {
    return MakeError("bad_store_options",
                     "the store needs 1.." + std::to_string(kMaxReplicators) +
                         " replicators with one metrics registry each; got " +
                         std::to_string(options.replicators) + " replicators and " +
                         std::to_string(replicator_registries.size()) + " registries");
  }
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return MakeError("store_io", "cannot create data directory " + options.data_dir.string() +
                                     ": " + error.message());
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto lock = DirectoryLock::Acquire(options.data_dir);
  if (!lock.ok()) return lock.error();
  impl->lock = std::move(*lock);
  if (Status opened = impl->OpenReplicaConnections(); !opened.ok()) return opened.error();
  auto starts = impl->OpenLogs();
  if (!starts.ok()) return starts.error();
  impl->progress.Publish(impl->wal->end(), impl->outbox->end());
  impl->StartReplicators(*starts, replicator_registries);
  impl->committer = std::make_unique<Committer>(*impl->wal, *impl->outbox, impl->faults,
                                                impl->progress, options.group_commit_window);
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() {
  impl_->committer->Stop();
  impl_->progress.Close();
  for (auto& replicator : impl_->replicators) replicator->Stop();
}

void Store::AppendAsync(Event event, std::function<void(WriteOutcome)> done) {
  PendingAppend append;
  EncodeEvent(event, &append.record);
  append.done = std::move(done);
  append.queued_at = std::chrono::steady_clock::now();
  impl_->committer->Submit(std::move(append));
}

WriteOutcome Store::Append(const Event& event) {
  std::promise<WriteOutcome> outcome;
  std::future<WriteOutcome> result = outcome.get_future();
  AppendAsync(event, [&outcome](WriteOutcome value) { outcome.set_value(value); });
  return result.get();
}

std::optional<StoredEvent> Store::Find(std::string_view event_id) {
  std::lock_guard lock(impl_->reader_mutex);
  auto found = impl_->replica_reader->Find(event_id);
  if (!found.ok()) {
    log::Error("store: " + found.error().message);
    return std::nullopt;
  }
  return std::move(*found);
}

std::vector<StoredEvent> Store::ListBySession(std::string_view session_id, int limit) {
  std::lock_guard lock(impl_->reader_mutex);
  auto events = impl_->replica_reader->ListBySession(session_id, limit);
  if (!events.ok()) {
    log::Error("store: " + events.error().message);
    return {};
  }
  return std::move(*events);
}

Result<EventPage> Store::ReadEvents(int64_t after_sequence,
                                   std::optional<std::string_view> tenant, int limit) {
  std::lock_guard lock(impl_->reader_mutex);
  return impl_->replica_reader->ReadEvents(after_sequence, tenant, limit);
}

Result<DeadLetterPage> Store::ListDeadLetters(std::string_view topic, int64_t after_id,
                                              int limit) {
  std::lock_guard lock(impl_->reader_mutex);
  ReplicaDb& reader = *impl_->replica_reader;
  // The replicator commits dead letters concurrently: one read transaction gives the count
  // and the page the same snapshot.
  if (Status begun = reader.BeginRead(); !begun.ok()) return begun.error();
  Result<int64_t> depth = reader.DlqDepth(topic);
  if (!depth.ok()) {
    reader.Rollback();
    return depth.error();
  }
  Result<std::vector<DeadLetter>> letters = reader.ListDeadLetters(topic, after_id, limit);
  reader.Rollback();  // nothing was written: this only ends the read transaction
  if (!letters.ok()) return letters.error();
  return DeadLetterPage{*depth, std::move(*letters)};
}

int64_t Store::DlqDepth(std::string_view topic) {
  std::lock_guard lock(impl_->reader_mutex);
  auto depth = impl_->replica_reader->DlqDepth(topic);
  if (!depth.ok()) {
    log::Error("store: " + depth.error().message);
    return -1;
  }
  return *depth;
}

std::optional<double> Store::ReplicatorLagSeconds() {
  std::optional<double> worst;
  for (auto& replicator : impl_->replicators) {
    std::optional<double> lag = replicator->LastLagSeconds();
    if (lag && (!worst || *lag > *worst)) worst = lag;
  }
  return worst;
}

std::optional<double> Store::ReplicatorLagSeconds(size_t replicator) {
  return impl_->replicators.at(replicator)->LastLagSeconds();
}

size_t Store::replicator_count() const { return impl_->replicators.size(); }

void Store::SetLagGauge(size_t replicator, const LagGaugeFault& fault) {
  impl_->metrics.at(replicator)->SetLagFault(fault);
}

StoreFaults& Store::faults() { return impl_->faults; }

StoreStats Store::Stats() {
  const CommitterStats committed = impl_->committer->stats();
  StoreStats stats;
  stats.wal_events = committed.wal_events;
  stats.wal_batches = committed.wal_batches;
  stats.wal_syncs = impl_->committer->wal_syncs();
  stats.outbox_events = committed.outbox_events;
  stats.failed_events = committed.failed_events;
  for (auto& replicator : impl_->replicators) stats.applied_events += replicator->handled_events();
  return stats;
}

}  // namespace slogate::refgw::store
