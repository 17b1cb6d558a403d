#include "log_throttle.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

using std::chrono::seconds;

TEST(LogThrottleTest, LetsTheFirstLineThrough) {
  LogThrottle throttle(seconds(10));
  EXPECT_EQ(throttle.Admit("accept failed", std::chrono::steady_clock::time_point{}),
            "accept failed");
}

TEST(LogThrottleTest, HoldsBackLinesWithinThePeriodAndCountsThem) {
  LogThrottle throttle(seconds(10));
  const std::chrono::steady_clock::time_point start{};
  ASSERT_TRUE(throttle.Admit("x", start).has_value());
  for (int i = 1; i <= 1000; ++i) {
    EXPECT_FALSE(throttle.Admit("x", start + std::chrono::milliseconds(i)).has_value());
  }
  EXPECT_EQ(throttle.Admit("x", start + seconds(10)),
            "x (1000 more like it since the previous one, not logged)");
}

TEST(LogThrottleTest, NamesNoCountWhenNothingWasHeldBack) {
  LogThrottle throttle(seconds(1));
  const std::chrono::steady_clock::time_point start{};
  ASSERT_TRUE(throttle.Admit("x", start).has_value());
  EXPECT_EQ(throttle.Admit("y", start + seconds(5)), "y");
  EXPECT_FALSE(throttle.Admit("z", start + seconds(5) + std::chrono::milliseconds(999)));
}

}  // namespace
}  // namespace slogate::refgw
