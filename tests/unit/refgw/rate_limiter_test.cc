#include "rate_limiter.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const RateLimiter::Clock::time_point kStart{seconds(1000)};

TEST(RateLimiterTest, AllowsABurstOfOneSecondThenAsksToRetry) {
  RateLimiter limiter(5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.TryAcquire(kStart), std::nullopt) << i;
  EXPECT_EQ(limiter.TryAcquire(kStart), seconds(1));
}

TEST(RateLimiterTest, RefillsAtTheConfiguredRate) {
  RateLimiter limiter(10);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(limiter.TryAcquire(kStart), std::nullopt);
  ASSERT_TRUE(limiter.TryAcquire(kStart).has_value());
  // 250 ms at 10/s refill 2.5 tokens: two requests pass, the third waits.
  const auto later = kStart + milliseconds(250);
  EXPECT_EQ(limiter.TryAcquire(later), std::nullopt);
  EXPECT_EQ(limiter.TryAcquire(later), std::nullopt);
  EXPECT_TRUE(limiter.TryAcquire(later).has_value());
  // A long pause refills only up to the burst size.
  const auto much_later = kStart + seconds(60);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.TryAcquire(much_later), std::nullopt) << i;
  EXPECT_TRUE(limiter.TryAcquire(much_later).has_value());
}

TEST(RateLimiterTest, RetryAfterCoversTheWaitForOneToken) {
  RateLimiter slow(1);
  ASSERT_EQ(slow.TryAcquire(kStart), std::nullopt);
  EXPECT_EQ(slow.TryAcquire(kStart + milliseconds(100)), seconds(1));
  EXPECT_EQ(slow.TryAcquire(kStart + milliseconds(1000)), std::nullopt);
}

TEST(RateLimiterTest, ZeroMeansUnlimited) {
  RateLimiter unlimited(0);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(unlimited.TryAcquire(kStart), std::nullopt);
}

}  // namespace
}  // namespace slogate::refgw
