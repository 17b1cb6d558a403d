#include "refgw/store/log_progress.h"

namespace slogate::refgw::store {

void LogProgress::Publish(LogPosition wal, LogPosition outbox) {
  {
    std::lock_guard lock(mutex_);
    ends_.wal = wal;
    ends_.outbox = outbox;
    ++ends_.version;
  }
  changed_.notify_all();
}

DurableEnds LogProgress::Get() const {
  std::lock_guard lock(mutex_);
  return ends_;
}

void LogProgress::WaitForNewerThan(uint64_t seen_version, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return closed_ || ends_.version != seen_version; });
}

void LogProgress::Close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool LogProgress::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

}  // namespace slogate::refgw::store
