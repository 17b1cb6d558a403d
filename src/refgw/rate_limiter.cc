#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace slogate::refgw {

RateLimiter::RateLimiter(int per_second)
    : per_second_(static_cast<double>(per_second)), tokens_(static_cast<double>(per_second)) {}

std::optional<std::chrono::seconds> RateLimiter::TryAcquire(Clock::time_point now) {
  if (per_second_ <= 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (!started_) {
    started_ = true;
    refilled_at_ = now;
  }
  if (now > refilled_at_) {
    const double elapsed_s = std::chrono::duration<double>(now - refilled_at_).count();
    tokens_ = std::min(per_second_, tokens_ + elapsed_s * per_second_);
    refilled_at_ = now;
  }
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return std::nullopt;
  }
  const double wait_s = (1.0 - tokens_) / per_second_;
  return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait_s))));
}

}  // namespace slogate::refgw
