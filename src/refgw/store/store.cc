#include "refgw/store/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <future>
#include <mutex>
#include <system_error>

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

struct Store::Impl {
  StoreOptions options;
  std::unique_ptr<DirectoryLock> lock;
  StoreFaults faults;
  std::unique_ptr<ReplicaDb> replica_writer;  // the replicator's connection
  std::mutex reader_mutex;
  std::unique_ptr<ReplicaDb> replica_reader;  // for Find/List/DlqDepth
  std::unique_ptr<LogWriter> wal;
  std::unique_ptr<LogWriter> outbox;
  LogProgress progress;
  std::unique_ptr<ReplicatorMetrics> metrics;
  std::unique_ptr<Replicator> replicator;
  std::unique_ptr<Committer> committer;

  // Both logs recovered and the writers opened; returns where the replicator starts.
  Result<ReplicatorStart> OpenLogs();
};

Result<ReplicatorStart> Store::Impl::OpenLogs() {
  ReplicatorStart start{options.data_dir, {}, {}};
  const LogWriterOptions writer_options{options.max_segment_bytes, options.fsync};
  for (std::string_view name : {kWal, kOutbox}) {
    auto saved = replica_writer->LoadCursor(name);
    if (!saved.ok()) return saved.error();
    const uint64_t first_needed = saved->has_value() ? (*saved)->frame.segment : 0;
    auto recovered = RecoverLog(options.data_dir, name, first_needed, options.fsync);
    if (!recovered.ok()) return recovered.error();
    auto cursor = StartCursor(name, *saved, *recovered);
    if (!cursor.ok()) return cursor.error();
    auto writer = LogWriter::Open(options.data_dir, name, *recovered, writer_options);
    if (!writer.ok()) return writer.error();
    (name == kWal ? start.wal : start.outbox) = *cursor;
    (name == kWal ? wal : outbox) = std::move(*writer);
  }
  return start;
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options,
                                           prometheus::Registry& replicator_registry) {
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
  const std::filesystem::path replica_path = options.data_dir / "replica.sqlite3";
  auto writer_db = ReplicaDb::Open(replica_path, options.fsync);
  if (!writer_db.ok()) return writer_db.error();
  impl->replica_writer = std::move(*writer_db);
  auto reader_db = ReplicaDb::Open(replica_path, options.fsync);
  if (!reader_db.ok()) return reader_db.error();
  impl->replica_reader = std::move(*reader_db);
  auto start = impl->OpenLogs();
  if (!start.ok()) return start.error();
  impl->progress.Publish(impl->wal->end(), impl->outbox->end());
  impl->metrics = std::make_unique<ReplicatorMetrics>(replicator_registry);
  impl->replicator = std::make_unique<Replicator>(*impl->replica_writer, *start, impl->faults,
                                                  impl->progress, *impl->metrics);
  impl->committer = std::make_unique<Committer>(*impl->wal, *impl->outbox, impl->faults,
                                                impl->progress, options.group_commit_window);
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() {
  impl_->committer->Stop();
  impl_->progress.Close();
  impl_->replicator->Stop();
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
  return impl_->replicator->LastLagSeconds();
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
  stats.applied_events = impl_->replicator->handled_events();
  return stats;
}

}  // namespace slogate::refgw::store
