// StopOnSignals: the first SIGINT/SIGTERM sets the flag and is the one named; what a second
// one does is the program's choice. A handler that let a signal through would end this test
// process, failing the run.
#include "slogate/load/stop_signals.h"

#include <gtest/gtest.h>

#include <csignal>

namespace slogate::load {
namespace {

TEST(StopOnSignalsTest, TheFirstSignalSetsTheFlagAndIsNamed) {
  const StopOnSignals signals;
  EXPECT_FALSE(signals.stop_requested().load());
  EXPECT_EQ(signals.signal_name(), "");
  std::raise(SIGTERM);
  EXPECT_TRUE(signals.stop_requested().load());
  EXPECT_EQ(signals.signal_number(), SIGTERM);
  EXPECT_EQ(signals.signal_name(), "SIGTERM");
}

TEST(StopOnSignalsTest, WhenEverySignalStopsLaterOnesNeitherKillNorRename) {
  const StopOnSignals signals(SecondSignal::kStopsToo);
  std::raise(SIGINT);
  std::raise(SIGINT);
  std::raise(SIGTERM);
  EXPECT_TRUE(signals.stop_requested().load());
  EXPECT_EQ(signals.signal_name(), "SIGINT");
}

TEST(StopOnSignalsTest, ANewInstanceStartsClearAndTheOldHandlerComesBack) {
  {
    const StopOnSignals first;
    std::raise(SIGINT);
  }
  struct sigaction current {};
  sigaction(SIGINT, nullptr, &current);
  EXPECT_EQ(current.sa_handler, SIG_DFL);
  const StopOnSignals second;
  EXPECT_FALSE(second.stop_requested().load());
  EXPECT_EQ(second.signal_number(), 0);
}

}  // namespace
}  // namespace slogate::load
