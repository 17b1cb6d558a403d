// A token bucket for the gateway's admin and export routes (the only routes where the upstream
// answers 429): `per_second` requests per second on average, bursts of up to `per_second` at
// once. The message routes and the per-event audit route are never limited.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

namespace slogate::refgw {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `per_second` 0 turns the limit off (every request is allowed).
  explicit RateLimiter(int per_second);

  // Takes one token at `now`. nullopt when the request may proceed; otherwise how long until a
  // token is available, rounded up to whole seconds (at least 1), for Retry-After.
  // Thread-safe.
  std::optional<std::chrono::seconds> TryAcquire(Clock::time_point now);

 private:
  const double per_second_;
  std::mutex mutex_;
  double tokens_;                  // guarded by mutex_
  Clock::time_point refilled_at_;  // guarded by mutex_; set by the first request
  bool started_ = false;           // guarded by mutex_
};

}  // namespace slogate::refgw
