#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "faults.h"

namespace slogate::refgw {
namespace {

TEST(FaultScheduleTest, EveryKthFiresOnMultiplesOfK) {
  FaultSelector selector(Selection{4, 0, 1});
  std::vector<int> fired;
  for (int i = 1; i <= 12; ++i) {
    if (selector.Next()) fired.push_back(i);
  }
  EXPECT_EQ(fired, (std::vector<int>{4, 8, 12}));
}

TEST(FaultScheduleTest, EveryKthCountIsExactAcrossThreads) {
  FaultSelector selector(Selection{7, 0, 1});
  std::atomic<int> fired{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 7000; ++i) fired += selector.Next() ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(fired.load(), 4000);
}

std::vector<bool> Draws(uint64_t seed, int count) {
  FaultSelector selector(Selection{0, 0.3, seed});
  std::vector<bool> draws;
  for (int i = 0; i < count; ++i) draws.push_back(selector.Next());
  return draws;
}

TEST(FaultScheduleTest, SeededFractionIsReproducible) {
  std::vector<bool> first = Draws(42, 1000);
  EXPECT_EQ(first, Draws(42, 1000));
  EXPECT_NE(first, Draws(43, 1000));
  long hits = std::count(first.begin(), first.end(), true);
  EXPECT_GT(hits, 230);  // 0.3 * 1000 with a wide margin: the sequence is fixed by the seed
  EXPECT_LT(hits, 370);
}

TEST(FaultScheduleTest, FractionBoundsAreExact) {
  FaultSelector never(Selection{0, 0.0, 1});
  FaultSelector always(Selection{0, 1.0, 1});
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(never.Next());
    EXPECT_TRUE(always.Next());
  }
}

TEST(FaultScheduleTest, RequestFaultsApplyTheirParts) {
  Result<FaultSet> set =
      ParseFaultSet(R"({"latency":{"uniform_ms":[2,4],"every":1},"error":{"status":502,"every":2},)"
                    R"("write_through_result":{"result":"exception","every":3}})");
  ASSERT_TRUE(set.ok());
  RequestFaults faults(*set);
  for (int i = 0; i < 50; ++i) {
    std::optional<std::chrono::microseconds> latency = faults.NextLatency();
    ASSERT_TRUE(latency.has_value());
    EXPECT_GE(latency->count(), 2000);
    EXPECT_LE(latency->count(), 4000);
  }
  EXPECT_EQ(faults.NextErrorStatus(), std::nullopt);
  EXPECT_EQ(faults.NextErrorStatus(), 502);
  EXPECT_EQ(faults.NextWriteThroughResult(), std::nullopt);
  EXPECT_EQ(faults.NextWriteThroughResult(), std::nullopt);
  EXPECT_EQ(faults.NextWriteThroughResult(), "exception");
}

TEST(FaultScheduleTest, NoFaultsMeansNothingFires) {
  RequestFaults faults(FaultSet{});
  EXPECT_EQ(faults.NextLatency(), std::nullopt);
  EXPECT_EQ(faults.NextErrorStatus(), std::nullopt);
  EXPECT_EQ(faults.NextWriteThroughResult(), std::nullopt);
}

}  // namespace
}  // namespace slogate::refgw
