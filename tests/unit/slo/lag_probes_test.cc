// ReplicationLag with read-back probes: the measured lag decides, the gauge only corroborates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lag_evidence.h"
#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace slogate::testing;
using std::chrono::nanoseconds;

// Events replicated 0.1 s after acknowledgement at 10 writes per second for 20 s.
double EventsAtTenPerSecond(nanoseconds t) {
  const double seconds = std::chrono::duration<double>(t).count();
  return 1000 + std::min(200.0, std::floor(10 * std::max(0.0, seconds - 0.1)));
}

// Healthy() with probes every 250 ms over the whole run, each readable after `lag`.
Observations ProbedEvery250ms(nanoseconds lag) {
  Observations observations = Healthy();
  observations.lag_probes = Probes(0s, 20s, 250ms, [=](nanoseconds) { return lag; });
  return observations;
}

double MeasurementOf(const Finding& finding, std::string_view name) {
  for (const Measurement& measurement : finding.measurements) {
    if (measurement.name == name) return measurement.value;
  }
  ADD_FAILURE() << "no measurement " << name;
  return -1;
}

TEST(LagProbesTest, ProbesWithinTheBoundPassAndDecide) {
  const Finding finding = ReplicationLag(ProbedEvery250ms(200ms), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_EQ(finding.message,
            "ReplicationLag PASS (profile smoke, env local): lag at most 0.2 s <= 2 s; "
            "evidence: 69 read-back probes (69 within, 0 over the bound, 0 undecided; p95 "
            "0.2 s, max 0.2 s), accounting over 89 samples against the client's OK responses "
            "(no deficit; a deficit of up to 10 writes cannot show: that many were "
            "acknowledged around its base sample), lag gauge agrees");
  EXPECT_NEAR(*finding.measured, 0.2, 0.001);
  EXPECT_EQ(MeasurementOf(finding, "decided_by_probes"), 1);
  EXPECT_EQ(MeasurementOf(finding, "decided_by_gauge"), 0);
  EXPECT_EQ(MeasurementOf(finding, "probes_readable"), 81);  // the warm-up's too
  EXPECT_EQ(MeasurementOf(finding, "probes_within"), 69);
}

TEST(LagProbesTest, LyingHighGaugeDoesNotFailWhenWritesReadBackInTime) {
  Observations observations = ProbedEvery250ms(300ms);
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 5.0; }, EventsAtTenPerSecond);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the target's lag gauge reads 5 s while read-back "
                                         "measured at most 0.3 s: its lag metric is wrong"));
  EXPECT_EQ(MeasurementOf(finding, "gauge_max_live_lag_s"), 5);
}

TEST(LagProbesTest, GaugeStuckAtZeroDoesNotHideMeasuredLag) {
  Observations observations = ProbedEvery250ms(2600ms);
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return 0.0; }, EventsAtTenPerSecond);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message,
              StartsWith("ReplicationLag FAIL (profile smoke, env local): read-back of event_id "
                         "\"event-12\", acknowledged at +3 s, became readable only after at least "
                         "2.5 s: lag > 2 s threshold, outside any burst window; evidence: "));
  EXPECT_THAT(finding.message, HasSubstr("the target's lag gauge never moved off 0 s while "
                                         "read-back measured at least 2.5 s: its lag metric is "
                                         "wrong"));
  EXPECT_DOUBLE_EQ(*finding.measured, 2.5);
}

TEST(LagProbesTest, GaugeNeverExposedIsNamedWhenProbesMeasureLag) {
  Observations observations = ProbedEvery250ms(2600ms);
  SetSamples(
      observations, SamplePlan{}, [](nanoseconds) { return std::optional<double>(); },
      EventsAtTenPerSecond);
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the target's lag gauge was never exposed while "
                                         "read-back measured at least 2.5 s"));
}

TEST(LagProbesTest, NeverReadableProbeIsABreach) {
  Observations observations = ProbedEvery250ms(200ms);
  scrape::LagProbe& lost = observations.lag_probes->probes[40];  // acknowledged at +10 s
  lost.outcome = scrape::ProbeOutcome::kNeverReadable;
  lost.last_absent_at = lost.acked_at + 30s;
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, StartsWith("ReplicationLag FAIL (profile smoke, env local): "
                                          "read-back of event_id \"event-40\", acknowledged at +10 s, "
                                          "was still not readable 30 s later (never_readable): "
                                          "lag > 2 s threshold, outside any burst window"));
}

TEST(LagProbesTest, ExcursionInsideABurstThatRecoversPasses) {
  Observations observations = Healthy();
  observations.lag_probes = Probes(0s, 20s, 250ms, [](nanoseconds t) {
    return (t >= 11s && t < 14s) ? nanoseconds(3s) : nanoseconds(200ms);
  });
  observations.run.burst_windows = {load::Interval{10s, 12s}};
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("1 burst excursion(s) recovered within the recovery "
                                         "window"));
  observations.run.burst_windows.clear();
  EXPECT_EQ(ReplicationLag(observations, DefaultSlos()).outcome, Outcome::kFail);
}

struct ProbeLagCase {
  std::string name;
  nanoseconds readable_after;  // the last 404 was 100 ms before
  Outcome expected;
};

class ProbeBoundaryTest : public ::testing::TestWithParam<ProbeLagCase> {};

TEST_P(ProbeBoundaryTest, DecidedOnlyWhenTheLagBoundsLieOnOneSide) {
  const Finding finding =
      ReplicationLag(ProbedEvery250ms(GetParam().readable_after), DefaultSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, ProbeBoundaryTest,
    ::testing::Values(ProbeLagCase{"ReadableAtTheBound", 2s, Outcome::kPass},
                      ProbeLagCase{"StraddlingTheBound", 2050ms, Outcome::kInconclusive},
                      ProbeLagCase{"AbsentPastTheBound", 2150ms, Outcome::kFail}),
    [](const ::testing::TestParamInfo<ProbeLagCase>& param_info) { return param_info.param.name; });

TEST(LagProbesTest, TooFewDecidedProbesAreInconclusiveWhateverTheGaugeSays) {
  Observations observations = Healthy();
  observations.lag_probes = Probes(8s, 8250ms, 250ms, [](nanoseconds) { return 200ms; });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the read-back probes cannot vouch for the whole run: "
                                         "no decided read-back probe between +3 s and +8 s"));
}

TEST(LagProbesTest, AGapBetweenDecidedProbesIsInconclusive) {
  Observations observations = Healthy();
  observations.lag_probes = Probes(0s, 8s, 250ms, [](nanoseconds) { return 200ms; });
  const scrape::LagProbeResult late = Probes(15s, 20s, 250ms, [](nanoseconds) { return 200ms; });
  observations.lag_probes->probes.insert(observations.lag_probes->probes.end(), late.probes.begin(),
                                         late.probes.end());
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("no decided read-back probe between +8 s and +15 s (a "
                                         "gap longer than 4 s could hide an excursion)"));
}

TEST(LagProbesTest, FailedReadBacksAreUndecidedAndCounted) {
  Observations observations = ProbedEvery250ms(200ms);
  for (scrape::LagProbe& probe : observations.lag_probes->probes) {
    probe.outcome = scrape::ProbeOutcome::kError;
    probe.last_absent_at = probe.acked_at;
  }
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_EQ(MeasurementOf(finding, "probes_error"), 81);
  EXPECT_EQ(MeasurementOf(finding, "probes_undecided"), 69);
}

TEST(LagProbesTest, UndecidedProbesBetweenCoveringOnesKeepThePassAway) {
  // A stall from +8 s to +11.5 s during which the audit route answered 503 instead of 404:
  // those probes prove no absence, yet any of them may have been late. Decided probes on both
  // sides must not bridge the hole.
  Observations observations = ProbedEvery250ms(200ms);
  for (scrape::LagProbe& probe : observations.lag_probes->probes) {
    const nanoseconds at = probe.acked_at - RunStart();
    if (at < 8s || at > 11500ms) continue;
    probe.readable_at = RunStart() + 11600ms;  // readable late, but never seen absent
  }
  for (scrape::LagProbe& probe : observations.lag_probes->probes) {
    if (probe.LagAtMost() > 2s) probe.outcome = scrape::ProbeOutcome::kReadable;
  }
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("could not be decided, and any of them outside a "
                                         "burst's recovery window may have been late (e.g. "
                                         "event_id \"event-"));
  // The reported lag is over decided probes only: none of the undecided 3.6 s.
  EXPECT_LE(MeasurementOf(finding, "probe_max_lag_s"), 2.0);
}

TEST(LagProbesTest, AnUndecidedProbeInsideARecoveredBurstIsTolerated) {
  // Straddling the bound at +11 s, inside a burst whose recovery window the lag came back in:
  // even a breach there would be tolerated.
  Observations observations = ProbedEvery250ms(200ms);
  for (scrape::LagProbe& probe : observations.lag_probes->probes) {
    if (probe.acked_at != RunStart() + 11s) continue;
    probe.last_absent_at = probe.acked_at + 1900ms;
    probe.readable_at = probe.acked_at + 2100ms;
  }
  observations.run.burst_windows = {load::Interval{10s, 12s}};
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_EQ(MeasurementOf(finding, "probes_undecided"), 1);
  observations.run.burst_windows.clear();
  EXPECT_EQ(ReplicationLag(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
}

TEST(LagProbesTest, RepeatedEventIdsKeepTheProbesFromVouching) {
  Observations observations = ProbedEvery250ms(200ms);
  observations.run.duplicate_event_ids = 8;
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("8 acknowledged writes repeated an earlier write's "
                                         "event_id"));
}

TEST(LagProbesTest, ARunShorterThanTheWarmUpJudgesEveryProbe) {
  Observations observations = Healthy();
  observations.run.sending_time = 500ms;  // the warm-up lasts 3 s
  observations.lag_probes = Probes(0s, 400ms, 100ms, [](nanoseconds) { return 200ms; });
  const Finding finding = ReplicationLag(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("evidence: 5 read-back probes (5 within"));
}

TEST(LagProbesTest, GapBoundIsTwiceTheLagBoundOrFourProbeIntervals) {
  EXPECT_EQ(internal::ProbeGapBound(2s, 4), 4s);
  EXPECT_EQ(internal::ProbeGapBound(2s, 0.5), 8s);
  EXPECT_EQ(internal::ProbeGapBound(2s, 0), 4s);
}

}  // namespace
}  // namespace slogate::slo
