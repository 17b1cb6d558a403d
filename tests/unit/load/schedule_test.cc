#include "slogate/load/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "slogate/load/run_result_json.h"

namespace slogate::load {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

std::vector<nanoseconds> AllArrivals(const Schedule& schedule, uint64_t first = 0,
                                     uint64_t stride = 1) {
  std::vector<nanoseconds> times;
  for (ArrivalCursor cursor = schedule.Cursor(first, stride); !cursor.done(); cursor.Advance()) {
    times.push_back(cursor.intended());
  }
  return times;
}

Schedule MakeSchedule(const ScheduleSpec& spec) {
  Result<Schedule> schedule = Schedule::Create(spec);
  EXPECT_TRUE(schedule.ok()) << (schedule.ok() ? "" : schedule.error().message);
  return std::move(schedule).value();
}

ScheduleSpec Constant(double rps, nanoseconds duration) {
  ScheduleSpec spec;
  spec.rps = rps;
  spec.duration = duration;
  return spec;
}

TEST(ScheduleTest, ConstantRateSpacesArrivalsEvenlyFromZero) {
  const auto times = AllArrivals(MakeSchedule(Constant(4, seconds(1))));
  ASSERT_EQ(times.size(), 4u);
  EXPECT_EQ(times[0], milliseconds(0));
  EXPECT_EQ(times[1], milliseconds(250));
  EXPECT_EQ(times[2], milliseconds(500));
  EXPECT_EQ(times[3], milliseconds(750));
}

TEST(ScheduleTest, FractionalRateSendsOneRequestEveryTwoSeconds) {
  const auto times = AllArrivals(MakeSchedule(Constant(0.5, seconds(5))));
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[1], seconds(2));
  EXPECT_EQ(times[2], seconds(4));
}

TEST(ScheduleTest, RoundingNoiseDoesNotAddAnArrival) {
  // 0.1 * 30 is 3.0000000000000004 in binary floating point; still three arrivals.
  EXPECT_EQ(AllArrivals(MakeSchedule(Constant(0.1, seconds(30)))).size(), 3u);
}

TEST(ScheduleTest, MeanRateIsTheRateIntegralOverTheDuration) {
  ScheduleSpec spec = Constant(100, seconds(10));
  spec.kind = ScheduleKind::kRamp;
  spec.ramp_from_rps = 0;
  const Schedule schedule = MakeSchedule(spec);
  EXPECT_DOUBLE_EQ(schedule.MeanRate(), 50);
  EXPECT_DOUBLE_EQ(schedule.PeakRate(), 100);
  EXPECT_EQ(AllArrivals(schedule).size(), 500u);
}

TEST(ScheduleTest, RampFromZeroPlacesArrivalsOnTheSquareRootCurve) {
  ScheduleSpec spec = Constant(100, seconds(10));
  spec.kind = ScheduleKind::kRamp;
  // Rate r(t) = 10 t, so the integral is 5 t^2 and arrival i is sent at sqrt(i / 5).
  const auto times = AllArrivals(MakeSchedule(spec));
  for (size_t i : {0, 1, 5, 20, 125, 499}) {
    const double expected = std::sqrt(static_cast<double>(i) / 5.0);
    EXPECT_NEAR(std::chrono::duration<double>(times[i]).count(), expected, 1e-9) << i;
  }
}

TEST(ScheduleTest, DecreasingRampSendsFasterFirst) {
  ScheduleSpec spec = Constant(0, seconds(2));
  spec.kind = ScheduleKind::kRamp;
  spec.ramp_from_rps = 200;
  const auto times = AllArrivals(MakeSchedule(spec));
  ASSERT_EQ(times.size(), 200u);
  EXPECT_LT(times[1] - times[0], times[199] - times[198]);
  EXPECT_LT(times.back(), seconds(2));
}

TEST(ScheduleTest, BurstRaisesTheRateInsideItsWindow) {
  ScheduleSpec spec = Constant(10, seconds(3));
  spec.kind = ScheduleKind::kBurst;
  spec.burst = BurstSpec{100, seconds(1), seconds(1), nanoseconds(0)};
  const Schedule schedule = MakeSchedule(spec);
  ASSERT_EQ(schedule.burst_windows().size(), 1u);
  EXPECT_EQ(schedule.burst_windows()[0].begin, seconds(1));
  EXPECT_EQ(schedule.burst_windows()[0].end, seconds(2));
  const auto times = AllArrivals(schedule);
  EXPECT_EQ(times.size(), 120u);
  size_t inside = 0;
  for (nanoseconds time : times) inside += time >= seconds(1) && time < seconds(2);
  EXPECT_EQ(inside, 100u);
  EXPECT_DOUBLE_EQ(schedule.MeanRate(), 40);
}

TEST(ScheduleTest, RepeatedBurstsAreClippedToTheDuration) {
  ScheduleSpec spec = Constant(0, seconds(5));
  spec.kind = ScheduleKind::kBurst;
  spec.burst = BurstSpec{10, milliseconds(500), seconds(1), seconds(2)};
  const Schedule schedule = MakeSchedule(spec);
  ASSERT_EQ(schedule.burst_windows().size(), 3u);
  EXPECT_EQ(schedule.burst_windows()[2].begin, milliseconds(4500));
  EXPECT_EQ(schedule.burst_windows()[2].end, seconds(5));
  const auto times = AllArrivals(schedule);
  ASSERT_EQ(times.size(), 25u);
  EXPECT_EQ(times[0], milliseconds(500));
  EXPECT_EQ(times[10], milliseconds(2500));
}

TEST(ScheduleTest, TheRatePlanIsTheBurstsStepsAndTheRampsSlope) {
  ScheduleSpec burst = Constant(5, seconds(3));
  burst.kind = ScheduleKind::kBurst;
  burst.burst = BurstSpec{100, seconds(1), seconds(1), nanoseconds(0)};
  EXPECT_EQ(MakeSchedule(burst).RatePlan(),
            (std::vector<RateSegment>{{seconds(0), seconds(1), 5, 5},
                                      {seconds(1), seconds(2), 100, 100},
                                      {seconds(2), seconds(3), 5, 5}}));

  ScheduleSpec ramp = Constant(50, seconds(2));
  ramp.kind = ScheduleKind::kRamp;
  ramp.ramp_from_rps = 10;
  EXPECT_EQ(MakeSchedule(ramp).RatePlan(),
            (std::vector<RateSegment>{{seconds(0), seconds(2), 10, 50}}));
}

// Windows placed by adding periods up in floating point can end a hair before the duration; the
// plan must still be pieces of positive length, contiguous from 0 to the duration, that the
// results reader accepts.
TEST(ScheduleTest, EveryBurstPlanIsContiguousAndReadsBack) {
  int checked = 0;
  for (int64_t duration_ms : {1000, 2900, 30000}) {
    for (int64_t start_ms : {0, 100, 500}) {
      for (int64_t length_ms : {10, 100, 700}) {
        for (int64_t every_ms : {0, 100, 200, 300, 700, 1300}) {
          if (start_ms >= duration_ms || (every_ms != 0 && every_ms < length_ms)) continue;
          ScheduleSpec spec = Constant(5, milliseconds(duration_ms));
          spec.kind = ScheduleKind::kBurst;
          spec.burst = BurstSpec{50, milliseconds(start_ms), milliseconds(length_ms),
                                 milliseconds(every_ms)};
          const std::vector<RateSegment> plan = MakeSchedule(spec).RatePlan();
          SCOPED_TRACE(std::to_string(duration_ms) + " " + std::to_string(start_ms) + " " +
                       std::to_string(length_ms) + " " + std::to_string(every_ms));
          if (plan.empty()) continue;  // too long to keep
          ++checked;
          EXPECT_EQ(plan.front().begin, nanoseconds(0));
          EXPECT_EQ(plan.back().end, milliseconds(duration_ms));
          for (size_t i = 0; i < plan.size(); ++i) {
            EXPECT_LT(plan[i].begin, plan[i].end) << i;
            if (i > 0) {
              EXPECT_EQ(plan[i].begin, plan[i - 1].end) << i;
            }
          }
          RunResult run;
          run.rate_plan = plan;
          const auto back = RunResultFromJson(ToJson(run));
          ASSERT_TRUE(back.ok()) << back.error().message;
          EXPECT_EQ(back->rate_plan, plan);
        }
      }
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(ScheduleTest, ARatePlanTooLongToKeepIsLeftEmpty) {
  ScheduleSpec spec = Constant(1, seconds(10));
  spec.kind = ScheduleKind::kBurst;
  spec.burst = BurstSpec{10, nanoseconds(0), milliseconds(5), milliseconds(10)};  // 1,000 bursts
  const Schedule schedule = MakeSchedule(spec);
  EXPECT_GT(schedule.burst_windows().size(), kMaxRateSegments);
  EXPECT_TRUE(schedule.RatePlan().empty());
}

// What the engine gives thread t of shard i of N (slogate run --shard): arrivals
// i + t * N, then every (threads * N)-th. Every shard and thread together walk each arrival of
// the one schedule once, at its time, whatever the kind and whatever thread count each picks.
TEST(ScheduleTest, SharesOfShardsAndThreadsWalkEveryArrivalOnce) {
  ScheduleSpec ramp = Constant(90, seconds(2));
  ramp.kind = ScheduleKind::kRamp;
  ramp.ramp_from_rps = 10;
  ScheduleSpec burst = Constant(20, seconds(2));
  burst.kind = ScheduleKind::kBurst;
  burst.burst = BurstSpec{200, milliseconds(500), milliseconds(300), seconds(1)};
  ScheduleSpec poisson = Constant(150, seconds(2));
  poisson.kind = ScheduleKind::kPoisson;
  poisson.seed = 7;
  for (const ScheduleSpec& spec : {Constant(101, seconds(2)), ramp, burst, poisson}) {
    const Schedule schedule = MakeSchedule(spec);
    const std::vector<nanoseconds> whole = AllArrivals(schedule);
    for (uint64_t shards : {1, 3, 7}) {
      for (uint64_t threads : {1, 2, 5}) {
        std::vector<nanoseconds> walked;
        for (uint64_t shard = 0; shard < shards; ++shard) {
          for (uint64_t thread = 0; thread < threads; ++thread) {
            const auto share = AllArrivals(schedule, shard + thread * shards, threads * shards);
            walked.insert(walked.end(), share.begin(), share.end());
          }
        }
        std::sort(walked.begin(), walked.end());
        EXPECT_EQ(walked, whole) << ScheduleKindName(spec.kind) << " " << shards << " shards × "
                                 << threads << " threads";
      }
    }
  }
}

TEST(ScheduleTest, StridedCursorsPartitionTheArrivals) {
  const Schedule schedule = MakeSchedule(Constant(1000, milliseconds(10)));
  const auto all = AllArrivals(schedule);
  const auto even = AllArrivals(schedule, 0, 2);
  const auto odd = AllArrivals(schedule, 1, 2);
  ASSERT_EQ(even.size() + odd.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i], i % 2 == 0 ? even[i / 2] : odd[i / 2]) << i;
  }
}

TEST(ScheduleTest, PoissonIsReproducibleForASeedAndNearItsRate) {
  ScheduleSpec spec = Constant(1000, seconds(10));
  spec.kind = ScheduleKind::kPoisson;
  spec.seed = 42;
  const Schedule schedule = MakeSchedule(spec);
  const auto times = AllArrivals(schedule);
  EXPECT_EQ(times, AllArrivals(MakeSchedule(spec)));
  // 10000 expected arrivals; a Poisson count has standard deviation 100.
  EXPECT_NEAR(static_cast<double>(times.size()), 10000, 500);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  spec.seed = 43;
  EXPECT_NE(times, AllArrivals(MakeSchedule(spec)));
}

TEST(ScheduleTest, PoissonStridesMatchTheSingleSequence) {
  ScheduleSpec spec = Constant(500, seconds(1));
  spec.kind = ScheduleKind::kPoisson;
  const Schedule schedule = MakeSchedule(spec);
  const auto all = AllArrivals(schedule);
  const auto third = AllArrivals(schedule, 2, 3);
  ASSERT_EQ(third.size(), all.size() / 3);
  for (size_t i = 0; i < third.size(); ++i) EXPECT_EQ(third[i], all[2 + 3 * i]);
}

TEST(ScheduleTest, SkipRestCountsWhatIsLeft) {
  const Schedule schedule = MakeSchedule(Constant(100, seconds(1)));
  ArrivalCursor cursor = schedule.Cursor(1, 3);
  for (int i = 0; i < 10; ++i) cursor.Advance();
  // This cursor owns 1, 4, ..., 97: 33 arrivals, 10 already walked.
  EXPECT_EQ(cursor.SkipRest(), 23u);
  EXPECT_TRUE(cursor.done());
  EXPECT_EQ(cursor.SkipRest(), 0u);
}

struct BadSpecCase {
  const char* name;
  ScheduleSpec spec;
  const char* code;
};

class ScheduleRejectsTest : public testing::TestWithParam<BadSpecCase> {};

TEST_P(ScheduleRejectsTest, NamesTheProblem) {
  Result<Schedule> schedule = Schedule::Create(GetParam().spec);
  ASSERT_FALSE(schedule.ok());
  EXPECT_EQ(schedule.error().code, GetParam().code);
}

ScheduleSpec BurstWith(BurstSpec burst) {
  ScheduleSpec spec = Constant(1, seconds(10));
  spec.kind = ScheduleKind::kBurst;
  spec.burst = burst;
  return spec;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ScheduleRejectsTest,
    testing::Values(
        BadSpecCase{"ZeroDuration", Constant(5, seconds(0)), "bad_duration"},
        BadSpecCase{"NegativeRate", Constant(-1, seconds(1)), "bad_rate"},
        BadSpecCase{"NanRate", Constant(std::nan(""), seconds(1)), "bad_rate"},
        BadSpecCase{"ZeroRate", Constant(0, seconds(1)), "no_arrivals"},
        BadSpecCase{"BurstOutside", BurstWith({10, seconds(10), seconds(1), {}}), "bad_burst"},
        BadSpecCase{"EmptyBurst", BurstWith({10, seconds(1), seconds(0), {}}), "bad_burst"},
        BadSpecCase{"OverlappingBursts", BurstWith({10, seconds(1), seconds(2), seconds(1)}),
                    "bad_burst"}),
    [](const testing::TestParamInfo<BadSpecCase>& param_info) { return param_info.param.name; });

TEST(ScheduleKindTest, ParsesEveryNameAndRejectsOthers) {
  for (ScheduleKind kind : {ScheduleKind::kConstant, ScheduleKind::kRamp, ScheduleKind::kBurst,
                            ScheduleKind::kPoisson}) {
    Result<ScheduleKind> parsed = ParseScheduleKind(ScheduleKindName(kind));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, kind);
  }
  Result<ScheduleKind> bad = ParseScheduleKind("steady");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("steady"), std::string::npos);
}

}  // namespace
}  // namespace slogate::load
