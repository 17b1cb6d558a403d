// How far each log is durable: published by the committer after every fdatasync, awaited by
// the replicator, which never reads past it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "refgw/store/log_files.h"

namespace slogate::refgw::store {

struct DurableEnds {
  LogPosition wal;
  LogPosition outbox;
  uint64_t version = 0;  // bumped by every Publish
};

// Thread-safe.
class LogProgress {
 public:
  void Publish(LogPosition wal, LogPosition outbox);
  DurableEnds Get() const;
  // Returns once a Publish newer than `seen_version` happened, Close() was called, or
  // `timeout` passed.
  void WaitForNewerThan(uint64_t seen_version, std::chrono::milliseconds timeout);
  // Wakes every waiter for good (shutdown).
  void Close();
  bool closed() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  DurableEnds ends_;
  bool closed_ = false;
};

}  // namespace slogate::refgw::store
