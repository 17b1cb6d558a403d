// ReplicationLag without read-back probes: the target's gauge read together with the
// replicator's event counter decides, and write accounting proves stalls (the probes and the
// accounting have their own test files).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::Contains;
using ::testing::Field;
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
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag PASS (profile smoke, env local): lag at most 0.1 s <= "
                         "2 s; evidence: no read-back probes, accounting over 89 samples "
                         "against the client's OK responses (no deficit; a deficit of up to 10 "
                         "writes cannot show: that many were acknowledged around its base "
                         "sample), lag gauge: live lag at most 0.1 s over 89 samples after the "
                         "warm-up"));
  EXPECT_THAT(finding.measurements, Contains(Field(&Measurement::name, "decided_by_gauge")));
  EXPECT_DOUBLE_EQ(*finding.measured, 0.1);
  EXPECT_EQ(finding.threshold, 2);
  EXPECT_EQ(finding.unit, "s");
}

TEST(ReplicationLagTest, NoAcknowledgedWriteLeavesNothingToJudge) {
  // Every request answered 401: whatever the replicator's metrics say, nothing was replicated
  // on this run's behalf.
  Observations observations = Healthy();
  observations.run.errors = observations.run.completed;
  observations.run.ok = 0;
  observations.run.errors_by_category = {{load::ErrorCategory::kStatus4xx, observations.run.errors}};
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("no write was acknowledged (0 OK responses of "));
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
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag FAIL (profile smoke, env local): lag 2.04 s > 2 s "
                         "threshold at +7.75 s, outside any burst window; evidence: no "
                         "read-back probes"));
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

TEST(ReplicationLagTest, StalledReplicatorWithFrozenLowGaugeFailsOnTheAccounting) {
  // The replicator stops at 8 s; writes keep being acknowledged; the gauge stays at 0.1 s.
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return FollowingEvents(std::min<nanoseconds>(t, 8s)); });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  // The client's whole seconds bound the acknowledged writes: the 90 of the first 9 s are
  // known at +9 s, less the 10 of the second the base sample may already have replicated.
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag FAIL (profile smoke, env local): write accounting: at "
                         "least 1 write(s) acknowledged by +9 s were not replicated at +11 s "
                         "(acknowledged +80 per the client's OK responses, replicated +79 since "
                         "+0 s), outside any burst window; evidence: no read-back probes"));
  EXPECT_DOUBLE_EQ(*finding.measured, 2.0);
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
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag FAIL (profile smoke, env local): lag 5 s > 2 s "
                         "threshold at +11 s, outside any burst window; evidence: "));
}

TEST(ReplicationLagTest, SpikeNotRecoveredBeforeTheRecoveryWindowEndsFails) {
  Observations observations = WithLag(Spike);
  observations.run.burst_windows = {load::Interval{10s, 11s}};
  SloSet slos = DefaultSlos();
  slos.thresholds.lag_recovery_window = 2s;  // allowed until 13 s; the spike lasts until 14 s
  const Finding finding = ReplicationLag(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag FAIL (profile smoke, env local): lag 5 s > 2 s "
                         "threshold at +11 s, inside a burst window, and still over the bound "
                         "at the last sample before its recovery window ended at +13 s; "
                         "evidence: "));
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

// Two replicators, each applying half of the writes 0.1 s after acknowledgement, sampled per
// source; lag_of(source, t) gives each one's gauge, the series value is their maximum (as the
// sampler aggregates the gauge).
template <typename LagOf>
Observations TwoReplicators(LagOf lag_of) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{},
      [&](nanoseconds t) { return std::max(lag_of(0, t), lag_of(1, t)); }, FollowingEvents);
  const std::vector<std::string> sources = {"http://127.0.0.1:9412/metrics",
                                            "http://127.0.0.1:9413/metrics"};
  scrape::SampledSeries& lag = observations.sampled[0];
  scrape::SampledSeries& events = observations.sampled[1];
  lag.sources = events.sources = sources;
  for (size_t k = 0; k < lag.points.size(); ++k) {
    const nanoseconds t = lag.points[k].at - RunStart();
    lag.points[k].by_source = {lag_of(0, t), lag_of(1, t)};
    const double half = (FollowingEvents(t) - 1000) / 2;
    events.points[k].by_source = {500 + std::floor(half), 500 + std::ceil(half)};
  }
  return observations;
}

TEST(ReplicationLagAggregationTest, LagIsTheWorstReplicasNotTheSum) {
  const Finding finding =
      ReplicationLag(TwoReplicators([](int, nanoseconds) { return 1.2; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_DOUBLE_EQ(*finding.measured, 1.2);
  EXPECT_THAT(finding.message, HasSubstr("lag gauge: live lag at most 1.2 s over 89 samples "
                                         "after the warm-up"));
  EXPECT_THAT(finding.message, HasSubstr(", per replicator)"));
}

TEST(ReplicationLagAggregationTest, AnIdleReplicatorsStaleGaugeIsNotLiveLag) {
  // The second replicator's events stop at 5 s with its gauge left at 30 s (its last event
  // was old): per source it is not live, although the summed counter keeps moving.
  Observations observations =
      TwoReplicators([](int source, nanoseconds t) { return source == 1 && t >= 5s ? 30.0 : 0.1; });
  double frozen = 0;
  for (scrape::SamplePoint& point : observations.sampled[1].points) {
    if (point.at < RunStart() + 5s) frozen = point.by_source[1];
    point.by_source[1] = std::min(point.by_source[1], frozen);
  }
  // The accounting is not part of this case: the summed counter still follows the writes.
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_DOUBLE_EQ(*finding.measured, 0.1);
}

TEST(ReplicationLagAggregationTest, SourcesThatDoNotLineUpAreJudgedTogether) {
  Observations observations =
      TwoReplicators([](int source, nanoseconds t) { return source == 1 && t >= 5s ? 30.0 : 0.1; });
  observations.sampled[0].sources = {"http://127.0.0.1:9500/metrics",
                                     "http://127.0.0.1:9501/metrics"};
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("lag 30 s > 2 s threshold at +5 s"));
}

// A replicator that is off: its families declared, never used, while 200 writes were acked.
Observations ReplicatorOff() {
  constexpr std::string_view kOff =
      "# TYPE memory_replicator_events_total counter\n"
      "# TYPE memory_replicator_lag_seconds gauge\n"
      "# TYPE gateway_dlq_depth gauge\n"
      "gateway_dlq_depth 0\n";
  return WithExposition(kOff);
}

TEST(ReplicatorPresenceTest, OffIsSkippedUnderAuto) {
  const Finding finding = ReplicationLag(ReplicatorOff(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kSkipped) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("the replicator is off on the target: memory_replicator_events_total, "
                        "memory_replicator_lag_seconds exposed with no series while 200 writes "
                        "were acknowledged (is the WAL or the replicator off?)"));
}

TEST(ReplicatorPresenceTest, OffFailsWhenRequired) {
  SloSet slos = DefaultSlos();
  slos.rules.replicator = config::Presence::kRequired;
  const Finding finding = ReplicationLag(ReplicatorOff(), slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the replicator is required by the profile "
                                         "(\"replicator\": \"required\")"));
}

TEST(ReplicatorPresenceTest, ALagGaugeWithASeriesIsARunningReplicator) {
  Observations observations = ReplicatorOff();
  const std::string text =
      "# TYPE memory_replicator_events_total counter\n"
      "# TYPE memory_replicator_lag_seconds gauge\n"
      "memory_replicator_lag_seconds 0.1\n";
  observations.after = SetFrom(text, 26s);
  SloSet slos = DefaultSlos();
  slos.rules.replicator = config::Presence::kRequired;
  const Finding finding = ReplicationLag(observations, slos);
  EXPECT_NE(finding.outcome, Outcome::kSkipped) << finding.message;
  EXPECT_THAT(finding.message, ::testing::Not(HasSubstr("is off on the target")));
}

}  // namespace
}  // namespace slogate::slo
