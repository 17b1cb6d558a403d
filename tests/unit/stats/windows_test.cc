#include "slogate/stats/windows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

namespace slogate::stats {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(PerSecondWindowsTest, SplitsCompletionsBySecondWithPercentiles) {
  PerSecondWindows windows;
  for (int i = 1; i <= 100; ++i) windows.RecordOk(milliseconds(10 * i - 5), microseconds(i));
  windows.RecordError(milliseconds(1500), milliseconds(250));
  const std::vector<WindowSummary> result = windows.Finish();
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].second, 0);
  EXPECT_EQ(result[0].count, 100u);
  EXPECT_EQ(result[0].errors, 0u);
  const Histogram geometry;
  EXPECT_EQ(result[0].p50, geometry.HighestEquivalent(microseconds(50)));
  EXPECT_EQ(result[0].p95, geometry.HighestEquivalent(microseconds(95)));
  EXPECT_EQ(result[0].p99, geometry.HighestEquivalent(microseconds(99)));
  EXPECT_EQ(result[1].second, 1);
  EXPECT_EQ(result[1].count, 1u);
  EXPECT_EQ(result[1].errors, 1u);
  EXPECT_EQ(result[1].p99, milliseconds(250));
}

TEST(PerSecondWindowsTest, ListsSilentSecondsAsEmpty) {
  PerSecondWindows windows;
  windows.RecordOk(milliseconds(2500), milliseconds(1));
  windows.RecordOk(milliseconds(5100), milliseconds(2));
  const std::vector<WindowSummary> result = windows.Finish();
  ASSERT_EQ(result.size(), 6u);
  for (size_t i = 0; i < result.size(); ++i) EXPECT_EQ(result[i].second, static_cast<int64_t>(i));
  EXPECT_EQ(result[0], WindowSummary{});
  EXPECT_EQ(result[1].count, 0u);
  EXPECT_EQ(result[2].count, 1u);
  EXPECT_EQ(result[3].p99, nanoseconds(0));
  EXPECT_EQ(result[5].p50, milliseconds(2));
}

TEST(PerSecondWindowsTest, ClosedWindowsAreVisibleDuringTheRun) {
  PerSecondWindows windows;
  windows.RecordOk(milliseconds(100), milliseconds(1));
  EXPECT_TRUE(windows.closed().empty());
  windows.RecordOk(milliseconds(1100), milliseconds(1));
  ASSERT_EQ(windows.closed().size(), 1u);
  EXPECT_EQ(windows.closed()[0].count, 1u);
}

TEST(PerSecondWindowsTest, LateCompletionStillCountsInItsSecond) {
  PerSecondWindows windows;
  windows.RecordOk(milliseconds(500), milliseconds(1));
  windows.RecordOk(milliseconds(1500), milliseconds(1));
  windows.RecordError(milliseconds(900), milliseconds(40));  // second 0 is already closed
  const std::vector<WindowSummary> result = windows.Finish();
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].count, 2u);
  EXPECT_EQ(result[0].errors, 1u);
  EXPECT_EQ(result[0].p99, milliseconds(1));  // percentiles of a closed window are final
  EXPECT_EQ(result[1].count, 1u);
}

TEST(PerSecondWindowsTest, NegativeOffsetsCountInSecondZero) {
  PerSecondWindows windows;
  windows.RecordOk(milliseconds(-3), milliseconds(1));
  const std::vector<WindowSummary> result = windows.Finish();
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].count, 1u);
}

TEST(PerSecondWindowsTest, RecordingAfterFinishContinuesTheList) {
  PerSecondWindows windows;
  windows.RecordOk(milliseconds(100), milliseconds(1));
  ASSERT_EQ(windows.Finish().size(), 1u);
  windows.RecordOk(milliseconds(200), milliseconds(1));  // second 0 is closed now: late
  windows.RecordOk(milliseconds(2200), milliseconds(3));
  const std::vector<WindowSummary> result = windows.Finish();
  ASSERT_EQ(result.size(), 3u);
  EXPECT_EQ(result[0].count, 2u);
  EXPECT_EQ(result[2].p50, milliseconds(3));
}

TEST(PerSecondWindowsTest, CountsOkCompletionsAtOrAboveTheMarkAsSlow) {
  PerSecondWindows windows({}, milliseconds(300));
  windows.RecordOk(milliseconds(100), milliseconds(299));
  windows.RecordOk(milliseconds(200), milliseconds(300));  // at the mark: slow
  windows.RecordOk(milliseconds(300), milliseconds(900));
  windows.RecordError(milliseconds(400), milliseconds(900));  // errors are never slow OKs
  windows.RecordOk(milliseconds(1100), milliseconds(301));
  windows.RecordOk(milliseconds(900), seconds(2));  // late for the closed second 0
  const std::vector<WindowSummary> result = windows.Finish();
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].count, 5u);
  EXPECT_EQ(result[0].errors, 1u);
  EXPECT_EQ(result[0].ok_slow, 3u);
  EXPECT_EQ(result[1].ok_slow, 1u);
}

TEST(PerSecondWindowsTest, WithoutAMarkNothingIsSlow) {
  PerSecondWindows windows;
  windows.RecordOk(milliseconds(100), seconds(30));
  EXPECT_EQ(windows.Finish().at(0).ok_slow, 0u);
}

TEST(MergeWindowsTest, AddsCountsAndSlowCountsAndTakesMaximumPercentilesOfNonEmptyShards) {
  const std::vector<WindowSummary> a = {
      {0, 10, 1, 2, milliseconds(1), milliseconds(5), milliseconds(9)},
      {1, 0, 0, 0, nanoseconds(0), nanoseconds(0), nanoseconds(0)},
  };
  const std::vector<WindowSummary> b = {
      {0, 20, 0, 3, milliseconds(2), milliseconds(4), milliseconds(8)},
      {1, 5, 5, 0, milliseconds(7), milliseconds(7), milliseconds(7)},
      {2, 1, 0, 1, milliseconds(3), milliseconds(3), milliseconds(3)},
  };
  const std::vector<WindowSummary> merged = MergeWindows({a, b});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0],
            (WindowSummary{0, 30, 1, 5, milliseconds(2), milliseconds(5), milliseconds(9)}));
  EXPECT_EQ(merged[1],
            (WindowSummary{1, 5, 5, 0, milliseconds(7), milliseconds(7), milliseconds(7)}));
  EXPECT_EQ(merged[2],
            (WindowSummary{2, 1, 0, 1, milliseconds(3), milliseconds(3), milliseconds(3)}));
}

TEST(MergeWindowsTest, IgnoresSecondsOutsideTheValidRange) {
  const std::vector<WindowSummary> odd = {{-1, 4, 0, 0, {}, {}, {}},
                                          {PerSecondWindows::kMaxSecond + 1, 4, 0, 0, {}, {}, {}},
                                          {1, 2, 0, 0, {}, {}, {}}};
  const std::vector<WindowSummary> merged = MergeWindows({odd});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].count, 0u);
  EXPECT_EQ(merged[1].count, 2u);
}

TEST(MergeWindowsTest, NoShardsGiveNoWindows) { EXPECT_TRUE(MergeWindows({}).empty()); }

TEST(MergeWindowsTest, MergedPercentilesBoundTheExactOnesFromAbove) {
  std::mt19937_64 rng(23);
  std::lognormal_distribution<double> latency(13.0, 1.5);
  std::vector<std::vector<WindowSummary>> shards;
  Histogram exact;  // everything lands in second 0
  for (int shard = 0; shard < 4; ++shard) {
    PerSecondWindows windows;
    // Shards see different load: shard 3 is the slow one.
    for (int i = 0; i < 500 * (shard + 1); ++i) {
      const nanoseconds value(std::llround(latency(rng) * (shard == 3 ? 20 : 1)));
      windows.RecordOk(milliseconds(i % 1000), value);
      exact.Record(value);
    }
    shards.push_back(windows.Finish());
  }
  const std::vector<WindowSummary> merged = MergeWindows(shards);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].count, exact.count());
  EXPECT_GE(merged[0].p50, exact.Percentile(0.50));
  EXPECT_GE(merged[0].p95, exact.Percentile(0.95));
  EXPECT_GE(merged[0].p99, exact.Percentile(0.99));
}

}  // namespace
}  // namespace slogate::stats
