// SendingThreads: the thread count a run uses when --threads is not given, and the caps.
#include "slogate/load/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace slogate::load {
namespace {

int Cores() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

LoadOptions ConstantRate(double rps, int concurrency = 1000) {
  LoadOptions options;
  options.schedule.kind = ScheduleKind::kConstant;
  options.schedule.rps = rps;
  options.concurrency = concurrency;
  return options;
}

TEST(SendingThreadsTest, OneThreadUpToItsShareOfTheRate) {
  EXPECT_EQ(SendingThreads(ConstantRate(0.5)), 1);
  EXPECT_EQ(SendingThreads(ConstantRate(25000)), 1);
}

TEST(SendingThreadsTest, OneMoreThreadPer25ThousandOfPeakRateUpToTheCores) {
  EXPECT_EQ(SendingThreads(ConstantRate(25001)), std::min(2, Cores()));
  EXPECT_EQ(SendingThreads(ConstantRate(1e6)), Cores());
}

TEST(SendingThreadsTest, SizedByThePeakNotTheMeanOfABurstSchedule) {
  LoadOptions options = ConstantRate(100);
  options.schedule.kind = ScheduleKind::kBurst;
  options.schedule.burst.rps = 60000;
  options.schedule.burst.start = std::chrono::seconds(1);
  options.schedule.burst.length = std::chrono::seconds(1);
  EXPECT_EQ(SendingThreads(options), std::min(3, Cores()));
}

TEST(SendingThreadsTest, NeverMoreThreadsThanInFlightSlots) {
  EXPECT_EQ(SendingThreads(ConstantRate(1e6, 1)), 1);
  LoadOptions options = ConstantRate(5);
  options.threads = 8;
  options.concurrency = 3;
  EXPECT_EQ(SendingThreads(options), 3);
}

TEST(SendingThreadsTest, AnExplicitCountWinsOverTheRate) {
  LoadOptions options = ConstantRate(1e6);
  options.threads = 1;
  EXPECT_EQ(SendingThreads(options), 1);
  options = ConstantRate(5);
  options.threads = 4;
  EXPECT_EQ(SendingThreads(options), 4);
}

}  // namespace
}  // namespace slogate::load
