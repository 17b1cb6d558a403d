// One background thread for work that may block (SQLite reads for health and audit routes, the
// periodic DLQ refresh), so that it never stalls an HTTP event loop.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace slogate::refgw {

class Worker {
 public:
  // `tick` runs every `period` (first after one period) until the worker stops.
  Worker(std::chrono::milliseconds period, std::function<void()> tick);
  // Runs the tasks already posted, then joins the thread.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Queues `task`. Thread-safe.
  void Post(std::function<void()> task);

 private:
  void Run();

  std::chrono::milliseconds period_;
  std::function<void()> tick_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::thread thread_;
};

}  // namespace slogate::refgw
