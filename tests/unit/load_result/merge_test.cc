#include "slogate/load/merge.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "sample_run.h"

namespace slogate::load {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ExpectSameRun;
using testing::SampleRun;

TEST(MergeRunResultsTest, SingleShardMergesToItself) {
  const RunResult run = SampleRun(1);
  const auto merged = MergeRunResults({run});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  ExpectSameRun(*merged, run);
}

TEST(MergeRunResultsTest, CountsAddAndHistogramsMergeExactly) {
  const RunResult a = SampleRun(1);
  const RunResult b = SampleRun(2);
  const auto merged = MergeRunResults({a, b});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->scheduled, a.scheduled + b.scheduled);
  EXPECT_EQ(merged->sent, a.sent + b.sent);
  EXPECT_EQ(merged->dropped, a.dropped + b.dropped);
  EXPECT_EQ(merged->not_sent_at_stop, a.not_sent_at_stop + b.not_sent_at_stop);
  EXPECT_EQ(merged->completed, a.completed + b.completed);
  EXPECT_EQ(merged->ok, a.ok + b.ok);
  EXPECT_EQ(merged->errors, a.errors + b.errors);
  EXPECT_EQ(merged->abandoned_in_flight, a.abandoned_in_flight + b.abandoned_in_flight);
  EXPECT_DOUBLE_EQ(merged->target_rps, a.target_rps + b.target_rps);
  EXPECT_DOUBLE_EQ(merged->peak_rps, a.peak_rps + b.peak_rps);
  EXPECT_DOUBLE_EQ(merged->achieved_rps, a.achieved_rps + b.achieved_rps);
  EXPECT_EQ(merged->concurrency, a.concurrency + b.concurrency);
  EXPECT_EQ(merged->errors_by_category.at(ErrorCategory::kTimeout), 10u);
  EXPECT_EQ(merged->status_counts.at(200), a.status_counts.at(200) + b.status_counts.at(200));
  EXPECT_TRUE(merged->interrupted);  // shard b (even seed) was interrupted

  stats::Histogram latency = a.latency;
  ASSERT_TRUE(latency.Merge(b.latency).ok());
  EXPECT_TRUE(merged->latency == latency);
  EXPECT_EQ(merged->latency.count(), a.completed + b.completed);
  EXPECT_EQ(merged->service_time.count(), a.service_time.count() + b.service_time.count());
  EXPECT_EQ(merged->send_lateness.count(), a.send_lateness.count() + b.send_lateness.count());
  EXPECT_EQ(merged->slot_wait.count(), a.slot_wait.count() + b.slot_wait.count());
  EXPECT_EQ(merged->dropped_at_cap, a.dropped_at_cap + b.dropped_at_cap);

  ASSERT_EQ(merged->event_ids.size(), a.event_ids.size() + b.event_ids.size());
  EXPECT_EQ(merged->event_ids.front(), a.event_ids.front());
  EXPECT_EQ(merged->event_ids.back(), b.event_ids.back());
}

TEST(MergeRunResultsTest, SplitLatenciesAndErrorStatusesAdd) {
  RunResult a = SampleRun(1);
  RunResult b = SampleRun(2);
  b.error_status_counts = {{401, 7}, {503, 1}};
  const auto merged = MergeRunResults({a, b});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  stats::Histogram ok_latency = a.ok_latency;
  ASSERT_TRUE(ok_latency.Merge(b.ok_latency).ok());
  EXPECT_TRUE(merged->ok_latency == ok_latency);
  EXPECT_EQ(merged->failed_latency.count(), a.failed_latency.count() + b.failed_latency.count());
  EXPECT_EQ(merged->ok_service_time.count(), a.ok_service_time.count() + b.ok_service_time.count());
  EXPECT_EQ(merged->error_status_counts, (std::map<int, uint64_t>{{401, 7}, {503, 4}}));
}

TEST(MergeRunResultsTest, AnIdAnotherShardReturnedFirstIsARepeat) {
  RunResult a = SampleRun(1);
  RunResult b = SampleRun(3);
  a.event_ids = {"x", "y"};
  b.event_ids = {"z", "y", "x"};
  for (RunResult* shard : {&a, &b}) {
    shard->ok_without_event_id = 1;
    shard->duplicate_event_ids = 2;
    shard->ok = shard->event_ids.size() + 3;
  }
  const auto merged = MergeRunResults({a, b});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->event_ids, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(merged->duplicate_event_ids, 2u + 2u + 2u);  // each shard's own, and y and x again
  EXPECT_EQ(merged->ok_without_event_id, 2u);
  // The acknowledged writes still add up.
  EXPECT_EQ(merged->ok,
            merged->event_ids.size() + merged->ok_without_event_id + merged->duplicate_event_ids);
}

TEST(MergeRunResultsTest, TimesSpanAllShardsAndWindowsAlignOnWallClock) {
  const RunResult early = SampleRun(1, 1'790'000'000);
  RunResult late = SampleRun(3, 1'790'000'002);  // started 2 s later
  late.finished_at = early.finished_at + seconds(5);
  const auto merged = MergeRunResults({late, early});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->started_at, early.started_at);
  EXPECT_EQ(merged->finished_at, late.finished_at);
  EXPECT_EQ(merged->sending_time, seconds(2) + late.sending_time);
  EXPECT_EQ(merged->burst_windows.front().begin, early.burst_windows.front().begin);

  ASSERT_EQ(merged->per_second.size(), late.per_second.size() + 2);
  EXPECT_EQ(merged->per_second[0].count, early.per_second[0].count);
  EXPECT_EQ(merged->per_second[0].p99, early.per_second[0].p99);
  EXPECT_EQ(merged->per_second[2].count, early.per_second[2].count + late.per_second[0].count);
  uint64_t total = 0;
  for (const auto& window : merged->per_second) total += window.count;
  EXPECT_EQ(total, early.completed + late.completed);
}

TEST(MergeRunResultsTest, RatePlansAddUpOnTheMergedTimeline) {
  const RunResult a = SampleRun(1, 1'790'000'000);
  RunResult b = SampleRun(3, 1'790'000'000);
  b.rate_plan = {{seconds(0), seconds(2), 0, 100}};  // a ramp, cut differently
  const auto merged = MergeRunResults({a, b});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  // Cut at every boundary of either: 0, 1, 2, 3 s; the ramp's rate interpolated at each.
  ASSERT_EQ(merged->rate_plan.size(), 3u);
  EXPECT_EQ(merged->rate_plan[0], (RateSegment{seconds(0), seconds(1), 225.25, 225.25 + 50}));
  EXPECT_EQ(merged->rate_plan[1], (RateSegment{seconds(1), seconds(2), 300.25 + 50, 300.25 + 100}));
  EXPECT_EQ(merged->rate_plan[2], (RateSegment{seconds(2), seconds(3), 225.25, 225.25}));
}

TEST(MergeRunResultsTest, ALaterShardsPlanIsShiftedByItsStart) {
  const RunResult early = SampleRun(1, 1'790'000'000);
  RunResult late = SampleRun(3, 1'790'000'000);
  late.started_at += milliseconds(500);
  const auto merged = MergeRunResults({late, early});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  // Steps at 1 s and 2 s of the early shard, at 1.5 s and 2.5 s of the late one, which ends at
  // 3.5 s.
  ASSERT_EQ(merged->rate_plan.size(), 7u);
  EXPECT_EQ(merged->rate_plan[0], (RateSegment{milliseconds(0), milliseconds(500), 225.25, 225.25}));
  EXPECT_EQ(merged->rate_plan[2].begin, milliseconds(1000));
  EXPECT_EQ(merged->rate_plan[2].rps_begin, 300.25 + 225.25);
  EXPECT_EQ(merged->rate_plan[3].rps_begin, 300.25 + 300.25);
  EXPECT_EQ(merged->rate_plan[6], (RateSegment{milliseconds(3000), milliseconds(3500), 225.25, 225.25}));
}

std::vector<RunResult> Shares(std::vector<int> indexes, int count) {
  std::vector<RunResult> shards;
  for (int index : indexes) {
    shards.push_back(SampleRun(static_cast<uint64_t>(index) + 1, 1'790'000'000));
    shards.back().shard = ShardSpec{index, count};
  }
  return shards;
}

TEST(MergeRunResultsTest, EveryShareOfASplitRunMakesOneWholeRun) {
  const auto merged = MergeRunResults(Shares({2, 0, 1}, 3));
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->shard, (ShardSpec{0, 1}));
}

TEST(MergeRunResultsTest, AMissingOrRepeatedShareIsNamed) {
  auto merged = MergeRunResults(Shares({0, 2}, 4));
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "missing_shards");
  EXPECT_NE(merged.error().message.find("split into 4 shares; missing: 1, 3"), std::string::npos)
      << merged.error().message;
  merged = MergeRunResults(Shares({0, 1, 1}, 3));
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.error().message.find("shard 2 and shard 1 are both share 1/3"),
            std::string::npos)
      << merged.error().message;
  std::vector<RunResult> other = Shares({0, 1}, 2);
  other[1].target_rps *= 2;  // run with another --rps
  merged = MergeRunResults(other);
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.error().message.find("shard 1 is a share of another schedule than shard 0"),
            std::string::npos)
      << merged.error().message;
  std::vector<RunResult> mixed = Shares({0, 1}, 2);
  mixed.push_back(SampleRun(9));  // a whole run
  merged = MergeRunResults(mixed);
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.error().message.find("shard 2 has shard count \"1\" but shard 0 has \"2\""),
            std::string::npos)
      << merged.error().message;
}

TEST(MergeRunResultsTest, ShardsStartedDaysApartAreNotOneRun) {
  const RunResult a = SampleRun(1, 1'790'000'000);
  RunResult b = SampleRun(3, 1'790'000'000);
  b.started_at += std::chrono::hours(25);
  auto merged = MergeRunResults({a, b});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "shard_mismatch");
  EXPECT_NE(merged.error().message.find("shard 1 started more than 24h apart from shard 0"),
            std::string::npos)
      << merged.error().message;
  // Times at the ends of the clock: the distance is measured without overflow.
  b.started_at = std::chrono::system_clock::time_point::min();
  RunResult c = SampleRun(1);
  c.started_at = std::chrono::system_clock::time_point::max();
  merged = MergeRunResults({c, b});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "shard_mismatch");
}

TEST(MergeRunResultsTest, RatesThatAddUpToInfinityLeaveNoPlan) {
  RunResult a = SampleRun(1);
  a.rate_plan = {{seconds(0), seconds(3), 1e308, 1e308}};
  const auto merged = MergeRunResults({a, a});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_TRUE(merged->rate_plan.empty());
}

TEST(MergeRunResultsTest, AShardWithoutAPlanLeavesTheMergedRunWithoutOne) {
  const RunResult a = SampleRun(1);
  RunResult b = SampleRun(3);
  b.rate_plan.clear();  // written before rate plans existed: its rate is unknown
  const auto merged = MergeRunResults({a, b});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_TRUE(merged->rate_plan.empty());
}

TEST(MergeRunResultsTest, SlowCountsAddAndOneAbortedShardMarksTheRunAborted) {
  RunResult first = SampleRun(1);
  RunResult second = SampleRun(5);
  ASSERT_FALSE(first.aborted);
  ASSERT_FALSE(second.aborted);
  second.aborted = true;
  const auto merged = MergeRunResults({first, second});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_TRUE(merged->aborted);
  EXPECT_EQ(merged->latency_mark, first.latency_mark);
  const auto slow = [](const RunResult& run) {
    uint64_t total = 0;
    for (const auto& window : run.per_second) total += window.ok_slow;
    return total;
  };
  EXPECT_GT(slow(first), 0u);
  EXPECT_EQ(slow(*merged), slow(first) + slow(second));
}

struct MismatchCase {
  std::string name;
  void (*change)(RunResult&);
  std::string code;
  std::string message_part;
};

class MergeRunResultsErrorTest : public ::testing::TestWithParam<MismatchCase> {};

TEST_P(MergeRunResultsErrorTest, RefusesShardsOfDifferentRuns) {
  RunResult other = SampleRun(2);
  GetParam().change(other);
  const auto merged = MergeRunResults({SampleRun(1), SampleRun(3), other});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, GetParam().code);
  EXPECT_NE(merged.error().message.find(GetParam().message_part), std::string::npos)
      << merged.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Shards, MergeRunResultsErrorTest,
    ::testing::Values(
        MismatchCase{"TargetUrl", [](RunResult& r) { r.target_url = "http://127.0.0.1:9"; },
                     "shard_mismatch", "shard 2 has target_url \"http://127.0.0.1:9\""},
        MismatchCase{"Path", [](RunResult& r) { r.path = "/v1/health"; }, "shard_mismatch",
                     "shard 2 has path \"/v1/health\""},
        MismatchCase{"Schedule", [](RunResult& r) { r.schedule = "constant"; }, "shard_mismatch",
                     "shard 2 has schedule \"constant\""},
        MismatchCase{"LatencyMark",
                     [](RunResult& r) { r.latency_mark = std::chrono::milliseconds(300); },
                     "shard_mismatch",
                     "shard 2 has latency_mark \"300ms\" but shard 0 has \"5ms\""},
        MismatchCase{"HistogramRange",
                     [](RunResult& r) {
                       r.service_time = stats::Histogram(
                           stats::HistogramRange{std::chrono::microseconds(1), seconds(10), 3});
                     },
                     "histogram_range_mismatch", "shard 2 service_time: cannot merge"}),
    [](const ::testing::TestParamInfo<MismatchCase>& param_info) { return param_info.param.name; });

TEST(MergeRunResultsTest, ErrorsUseTheGivenShardNames) {
  RunResult other = SampleRun(2);
  other.path = "/v1/health";
  const auto merged = MergeRunResults({SampleRun(1), other}, {"a.json", "b.json"});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().message,
            "b.json has path \"/v1/health\" but a.json has \"/v1/session/message\": only shards "
            "of one run can be merged");
}

TEST(MergeRunResultsTest, NoShardsIsAnError) {
  const auto merged = MergeRunResults({});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "no_shards");
}

}  // namespace
}  // namespace slogate::load
