// ReplicationLag from write accounting: acknowledged writes against replicated events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace slogate::testing;
using std::chrono::nanoseconds;

double Seconds(nanoseconds t) { return std::chrono::duration<double>(t).count(); }

// `rate` writes per second replicated 0.1 s after acknowledgement, none after `stop`.
double Replicated(nanoseconds t, double rate, nanoseconds stop = 1h) {
  const double seconds = Seconds(std::min(t, stop));
  return std::floor(rate * std::max(0.0, std::min(20.0, seconds) - 0.1));
}

// The gateway's WAL "ok" counter sampled every 250 ms: 10 acknowledged writes per second.
scrape::SampledSeries WalOk() {
  scrape::SampledSeries series = Series("gateway_write_through_wal_results_total{result=\"ok\"}");
  for (nanoseconds t = 0s; t <= 25s; t += 250ms) {
    series.points.push_back(Point(t, 1000 + std::floor(10 * std::min(20.0, Seconds(t)))));
  }
  return series;
}

TEST(LagAccountingTest, WalCounterTimesAStallFinerThanWholeSeconds) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return 1000 + Replicated(t, 10, 8s); });
  observations.sampled.push_back(WalOk());
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  // W read at +8.25 s is known by the next scrape at +8.5 s; the base is bounded by the read
  // at +0.25 s (1002).
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag FAIL (profile smoke, env local): write accounting: at "
                         "least 1 write(s) acknowledged by +8.5 s were not replicated at +10.5 s "
                         "(acknowledged +80 per the WAL ok counter, replicated +79 since +0 s), "
                         "outside any burst window; evidence: no read-back probes"));
  EXPECT_DOUBLE_EQ(*finding.measured, 2.0);
}

// Two replicators, each applying half of the writes; the second stops for good at 8 s while
// the first keeps the summed counter moving.
Observations OneOfTwoReplicatorsStops() {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return 1000 + Replicated(t, 5) + Replicated(t, 5, 8s); });
  scrape::SampledSeries& events = observations.sampled[1];
  events.sources = {"http://127.0.0.1:9412/metrics", "http://127.0.0.1:9413/metrics"};
  for (scrape::SamplePoint& point : events.points) {
    const nanoseconds t = point.at - RunStart();
    point.by_source = {500 + Replicated(t, 5), 500 + Replicated(t, 5, 8s)};
  }
  return observations;
}

TEST(LagAccountingTest, PartialStallFailsAndNamesTheReplicatorThatStopped) {
  const Finding finding = ReplicationLag(OneOfTwoReplicatorsStops(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, StartsWith("ReplicationLag FAIL (profile smoke, env local): "
                                          "write accounting: at least "));
  EXPECT_THAT(finding.message,
              HasSubstr("; replicator http://127.0.0.1:9413/metrics applied nothing since +8 s"));
  EXPECT_THAT(finding.message, Not(HasSubstr("9412")));
}

TEST(LagAccountingTest, AReplicatorThatNeverCountedAnEventIsNamedByItsLagGauge) {
  // The second replicator stopped before its first event: it has a lag gauge, but its labelled
  // events series never appeared.
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return 1000 + Replicated(t, 5); });
  observations.sampled[0].sources = {"http://127.0.0.1:9412/metrics",
                                     "http://127.0.0.1:9413/metrics"};
  observations.sampled[1].sources = {"http://127.0.0.1:9412/metrics"};
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("; replicator http://127.0.0.1:9413/metrics exposes a "
                                         "lag gauge but counted no replicated event"));
  EXPECT_THAT(finding.message, Not(HasSubstr("9412/metrics exposes")));
}

TEST(LagAccountingTest, PartialStallFailsEvenWhenProbesMissedIt) {
  Observations observations = OneOfTwoReplicatorsStops();
  observations.lag_probes = Probes(0s, 20s, 250ms, [](nanoseconds) { return 200ms; });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("write accounting: at least "));
  EXPECT_THAT(finding.message, HasSubstr("evidence: 69 read-back probes"));
}

TEST(LagAccountingTest, OtherWritersAndABacklogOnlyShrinkTheDeficit) {
  // Twice the events the client's writes explain: another writer, or a backlog drained.
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return 1000 + 2 * Replicated(t, 10); });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("accounting over 89 samples against the client's OK "
                                         "responses (no deficit; a deficit of up to 10 writes "
                                         "cannot show"));
}

// The WAL counter read once a second (a Prometheus scrape interval), from before the run: W at
// the base is known only to within the writes of the window after it, and a deficit smaller
// than that cannot show, which the evidence says.
TEST(LagAccountingTest, ACoarseWalCounterSaysHowSmallADeficitCouldHide) {
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.1; },
      [](nanoseconds t) { return 1000 + Replicated(t, 10); });
  scrape::SampledSeries wal = Series("gateway_write_through_wal_results_total{result=\"ok\"}");
  for (nanoseconds t = -2s; t <= 25s; t += 1s) {
    wal.points.push_back(
        Point(t, 1000 + std::floor(10 * std::clamp(Seconds(t), 0.0, 20.0))));
  }
  observations.sampled.push_back(wal);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("against the WAL ok counter (no deficit; a deficit of up to 10 writes "
                        "cannot show: that many were acknowledged around its base sample)"));
}

TEST(LagAccountingTest, ReplicationJustWithinTheBoundIsNoDeficit) {
  // Every write replicated 1.9 s after its acknowledgement.
  Observations observations = Healthy();
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 1.9; },
      [](nanoseconds t) { return 1000 + Replicated(t - 1800ms, 10); });
  observations.sampled.push_back(WalOk());
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
}

TEST(LagAccountingTest, WalCounterResetLeavesTheGaugeToDecide) {
  Observations observations = Healthy();
  scrape::SampledSeries wal = WalOk();
  for (scrape::SamplePoint& point : wal.points) {
    if (point.at >= RunStart() + 10s) *point.value -= 1000;
  }
  observations.sampled.push_back(wal);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("against the WAL ok counter (counter reset)"));
}

}  // namespace
}  // namespace slogate::slo
