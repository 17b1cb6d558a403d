// ReplicationLag: the gauge read together with the replicator's event counter and the acks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace slogate::testing;
using std::chrono::nanoseconds;

double Seconds(nanoseconds t) { return std::chrono::duration<double>(t).count(); }

// Events replicated 0.1 s after acknowledgement at 10 writes per second for 20 s.
double FollowingEvents(nanoseconds t) {
  return 1000 + std::min(200.0, std::floor(10 * std::max(0.0, Seconds(t) - 0.1)));
}

// Healthy() with the lag gauge given by `lag` and the events counter following the acks.
template <typename LagFn>
Observations WithLag(LagFn lag) {
  Observations observations = Healthy();
  SetSamples(observations, SamplePlan{}, lag, FollowingEvents);
  return observations;
}

// A 5 s lag spike between 11 s and 14 s.
double Spike(nanoseconds t) { return (t >= 11s && t < 14s) ? 5.0 : 0.1; }

TEST(ReplicationLagTest, HealthyReplicatorPasses) {
  const Finding finding = ReplicationLag(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, StartsWith("ReplicationLag PASS (profile smoke, env local): live "
                                          "lag at most 0.1 s <= 2 s over "));
  EXPECT_DOUBLE_EQ(*finding.measured, 0.1);
  EXPECT_EQ(finding.threshold, 2);
  EXPECT_EQ(finding.unit, "s");
}

struct LagCase {
  std::string name;
  double lag;
  Outcome expected;
};

class LagBoundaryTest : public ::testing::TestWithParam<LagCase> {};

TEST_P(LagBoundaryTest, LiveLagAtMostTheBoundPasses) {
  const double value = GetParam().lag;
  const Finding finding =
      ReplicationLag(WithLag([&](nanoseconds t) { return t >= 8s ? value : 0.1; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

INSTANTIATE_TEST_SUITE_P(Boundaries, LagBoundaryTest,
                         ::testing::Values(LagCase{"JustUnder", 1.99, Outcome::kPass},
                                           LagCase{"At", 2.0, Outcome::kPass},
                                           LagCase{"JustOver", 2.01, Outcome::kFail}),
                         [](const ::testing::TestParamInfo<LagCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(ReplicationLagTest, GrowingLagFailsWhereItCrossesTheBound) {
  const Finding finding =
      ReplicationLag(WithLag([](nanoseconds t) { return 0.1 + Seconds(t) / 4; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_EQ(finding.message,
            "ReplicationLag FAIL (profile smoke, env local): lag 2.04 s > 2 s threshold at "
            "+7.75 s, outside any burst window");
  EXPECT_DOUBLE_EQ(*finding.measured, 0.1 + 7.75 / 4);
}

TEST(ReplicationLagTest, IdleReplicatorStaleValueIsNotLiveLag) {
  // Ten writes in the first second, replicated during the warm-up while the replicator caught
  // up on an old backlog (gauge 30 s). Then nothing to do: the gauge keeps its old value.
  Observations observations = Healthy();
  observations.run = SteadyRun(10, 1);
  observations.run.finished_at = RunStart() + 25s;
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 30.0; },
      [](nanoseconds t) { return 1000 + std::min(10.0, std::floor(10 * Seconds(t))); });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_DOUBLE_EQ(*finding.measured, 0);  // no live sample after the warm-up
}

TEST(ReplicationLagTest, StalledReplicatorWithFrozenLowGaugeFails) {
  // The replicator stops at 8 s; writes keep being acknowledged; the gauge stays at 0.1 s.
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return FollowingEvents(std::min<nanoseconds>(t, 8s)); });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_EQ(finding.message,
            "ReplicationLag FAIL (profile smoke, env local): replicator stalled: its event "
            "counter has not moved since +8 s although 10 writes acknowledged after that are "
            "older than 2 s at +11 s (the lag gauge is frozen at 0.1 s and does not show it), "
            "outside any burst window");
  EXPECT_DOUBLE_EQ(*finding.measured, 3.0);
}

TEST(ReplicationLagTest, SpikeInsideBurstThatRecoversInTimePasses) {
  Observations observations = WithLag(Spike);
  observations.run.burst_windows = {load::Interval{10s, 12s}};  // + 10 s recovery: until 22 s
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("1 burst excursion(s) recovered within the recovery "
                                         "window"));
}

TEST(ReplicationLagTest, SameSpikeWithoutBurstFails) {
  const Finding finding = ReplicationLag(WithLag(Spike), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_EQ(finding.message,
            "ReplicationLag FAIL (profile smoke, env local): lag 5 s > 2 s threshold at +11 s, "
            "outside any burst window");
}

TEST(ReplicationLagTest, SpikeNotRecoveredBeforeTheRecoveryWindowEndsFails) {
  Observations observations = WithLag(Spike);
  observations.run.burst_windows = {load::Interval{10s, 11s}};
  SloSet slos = DefaultSlos();
  slos.thresholds.lag_recovery_window = 2s;  // allowed until 13 s; the spike lasts until 14 s
  const Finding finding = ReplicationLag(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_EQ(finding.message,
            "ReplicationLag FAIL (profile smoke, env local): lag 5 s > 2 s threshold at +11 s, "
            "inside a burst window, and still over the bound at the last sample before its "
            "recovery window ended at +13 s");
}

TEST(ReplicationLagTest, SpikeAfterTheRecoveryWindowFails) {
  Observations observations = WithLag([](nanoseconds t) { return t >= 17s ? 5.0 : 0.1; });
  observations.run.burst_windows = {load::Interval{10s, 12s}};
  SloSet slos = DefaultSlos();
  slos.thresholds.lag_recovery_window = 3s;  // allowed until 15 s
  const Finding finding = ReplicationLag(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message, HasSubstr("at +17 s, outside any burst window"));
}

TEST(ReplicationLagTest, WarmUpIsIgnored) {
  const Finding finding =
      ReplicationLag(WithLag([](nanoseconds t) { return t < 3s ? 10.0 : 0.1; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
}

TEST(ReplicationLagTest, SpikeJustAfterWarmUpFails) {
  const Finding finding =
      ReplicationLag(WithLag([](nanoseconds t) { return t <= 3s ? 10.0 : 0.1; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message, HasSubstr("lag 10 s > 2 s threshold at +3 s"));
}

TEST(ReplicationLagTest, EventCounterGoingDownIsInconclusive) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return t < 10s ? FollowingEvents(t) : FollowingEvents(t) - 1000; });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("(counter reset mid-run)"));
  EXPECT_THAT(finding.message, HasSubstr("cannot judge"));
}

TEST(ReplicationLagTest, SparseSamplingIsInconclusive) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{.from = 0s, .to = 25s, .step = 3s}, [](nanoseconds) { return 0.1; },
      FollowingEvents);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("a gap longer than the 2 s bound could hide an "
                                         "excursion"));
}

TEST(ReplicationLagTest, SamplingThatStopsEarlyIsInconclusive) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{.from = 0s, .to = 10s, .step = 250ms},
      [](nanoseconds) { return 0.1; }, FollowingEvents);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("lag sampling stopped at +10 s, before the end of "
                                         "sending at +20 s"));
}

TEST(ReplicationLagTest, UnreachableMetricsDuringSamplingAreInconclusive) {
  Observations observations = Healthy();
  for (scrape::SampledSeries& series : observations.sampled) {
    for (scrape::SamplePoint& point : series.points) {
      point.value.reset();
      point.error = "http://127.0.0.1:9412/metrics: connection refused";
    }
  }
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("metrics endpoint unreachable during sampling: "
                                         "http://127.0.0.1:9412/metrics: connection refused"));
}

TEST(ReplicationLagTest, MissingEventCounterIsRequired) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds) { return std::optional<double>(); });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("required metric memory_replicator_events_total"));
}

TEST(ReplicationLagTest, NotSampledIsSkippedWhenOptional) {
  Observations observations = Healthy();
  observations.sampled.clear();
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["ReplicationLag"] = config::Requirement::kOptional;
  EXPECT_EQ(ReplicationLag(observations, slos).outcome, Outcome::kSkipped);
  EXPECT_EQ(ReplicationLag(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
}

}  // namespace
}  // namespace slogate::slo

namespace slogate::slo {
namespace {

using namespace slogate::testing;
using std::chrono::nanoseconds;

// The gateway's attempts counter sampled with the lag: acknowledged writes over time.
scrape::SampledSeries SampledAttempts(nanoseconds step) {
  scrape::SampledSeries series{"gateway_write_through_attempts_total", {}};
  for (nanoseconds t = 0s; t <= 25s; t += step) {
    const double seconds = std::chrono::duration<double>(t).count();
    series.points.push_back(
        scrape::SamplePoint{RunStart() + std::chrono::duration_cast<scrape::WallTime::duration>(t),
                            1000 + std::min(200.0, std::floor(10 * seconds)), ""});
  }
  return series;
}

TEST(ReplicationLagAckTimingTest, SampledAttemptsTimeAStallFinerThanWholeSeconds) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) {
        const double seconds = std::chrono::duration<double>(std::min<nanoseconds>(t, 8s)).count();
        return 1000 + std::floor(10 * std::max(0.0, seconds - 0.1));
      });
  observations.sampled.push_back(SampledAttempts(250ms));
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  // Writes acknowledged in [8, 8.25] s are older than 2 s at 10.25 s (whole client seconds
  // would only show it at 11 s).
  EXPECT_THAT(finding.message, HasSubstr("has not moved since +8 s although 2 writes "
                                         "acknowledged after that are older than 2 s at "
                                         "+10.25 s"));
}

TEST(ReplicationLagAckTimingTest, HealthyWithSampledAttemptsStillPasses) {
  Observations observations = Healthy();
  observations.sampled.push_back(SampledAttempts(250ms));
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
}

}  // namespace
}  // namespace slogate::slo
