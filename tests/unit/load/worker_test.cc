#include "worker.h"

#include <gtest/gtest.h>

#include <chrono>

namespace slogate::load {
namespace {

using std::chrono::microseconds;

const Clock::time_point kNow = Clock::time_point{} + std::chrono::seconds(100);

TEST(SpinWakeupTest, WithoutASpinTheLoopSleepsUntilTheWakeup) {
  EXPECT_EQ(SpinWakeup(kNow + microseconds(30), kNow, Clock::duration::zero()),
            kNow + microseconds(30));
}

TEST(SpinWakeupTest, InsideTheSpinTheLoopPollsWithoutSleeping) {
  EXPECT_EQ(SpinWakeup(kNow + microseconds(30), kNow, microseconds(50)), kNow);
  EXPECT_EQ(SpinWakeup(kNow + microseconds(50), kNow, microseconds(50)), kNow);
  // A wakeup already past: poll.
  EXPECT_EQ(SpinWakeup(kNow - microseconds(5), kNow, microseconds(50)), kNow);
}

TEST(SpinWakeupTest, BeforeTheSpinTheLoopSleepsUntilItBegins) {
  EXPECT_EQ(SpinWakeup(kNow + microseconds(500), kNow, microseconds(50)), kNow + microseconds(450));
}

}  // namespace
}  // namespace slogate::load
