#include "slogate/common/stoppable_wait.h"

#include <gtest/gtest.h>

#include <thread>

namespace slogate {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(StoppableWaitTest, ReturnsTrueOncePastTheDeadline) {
  std::atomic<bool> stop{false};
  const auto deadline = Clock::now() + milliseconds(30);
  EXPECT_TRUE(WaitUntilUnlessStopped(deadline, &stop));
  EXPECT_GE(Clock::now(), deadline);
}

TEST(StoppableWaitTest, WithoutAFlagIsAPlainSleep) {
  const auto deadline = Clock::now() + milliseconds(20);
  EXPECT_TRUE(WaitUntilUnlessStopped(deadline, nullptr));
  EXPECT_GE(Clock::now(), deadline);
}

TEST(StoppableWaitTest, AFlagSetOnEntryEndsTheWaitAtOnce) {
  std::atomic<bool> stop{true};
  // Were the flag ignored, the wait would return true after 10 s.
  EXPECT_FALSE(WaitUnlessStopped(std::chrono::seconds(10), &stop));
}

// Sets `stop` from another thread 20 ms from now (joined when the result goes out of scope).
std::jthread StopSoon(std::atomic<bool>& stop) {
  return std::jthread([&stop] {
    std::this_thread::sleep_for(milliseconds(20));
    stop.store(true);
  });
}

TEST(StoppableWaitTest, AFlagSetDuringTheWaitEndsIt) {
  std::atomic<bool> stop{false};
  const std::jthread setter = StopSoon(stop);
  EXPECT_FALSE(WaitUnlessStopped(std::chrono::seconds(10), &stop));
}

TEST(StoppableWaitTest, ADurationPastTheClocksRangeWaitsUntilStopped) {
  std::atomic<bool> stop{false};
  const std::jthread setter = StopSoon(stop);
  EXPECT_FALSE(WaitUnlessStopped(std::chrono::nanoseconds::max(), &stop));
}

}  // namespace
}  // namespace slogate
