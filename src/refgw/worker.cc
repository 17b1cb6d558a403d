#include "worker.h"

namespace slogate::refgw {

Worker::Worker(std::chrono::milliseconds period, std::function<void()> tick)
    : period_(period), tick_(std::move(tick)), thread_([this] { Run(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Worker::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void Worker::Run() {
  auto next_tick = std::chrono::steady_clock::now() + period_;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait_until(lock, next_tick, [this] { return stopping_ || !tasks_.empty(); });
    while (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
    if (stopping_) return;
    if (std::chrono::steady_clock::now() >= next_tick) {
      lock.unlock();
      if (tick_) tick_();
      lock.lock();
      next_tick = std::chrono::steady_clock::now() + period_;
    }
  }
}

}  // namespace slogate::refgw
