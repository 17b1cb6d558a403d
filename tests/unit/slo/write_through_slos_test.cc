// WriteThroughAttempts, WriteThroughResultsOk, WalResultsOk over before/after scrapes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using namespace slogate::testing;

GatewayCounters Before() {
  GatewayCounters counters;
  counters.attempts = counters.results_ok = counters.wal_ok = counters.replicator_events = 1000;
  return counters;
}

// Healthy() with the after scrape's counters changed by `change`.
template <typename Change>
Observations WithAfter(Change change) {
  Observations observations = Healthy();
  GatewayCounters after = Before();
  after.attempts = after.results_ok = after.wal_ok = after.replicator_events = 1200;
  change(after);
  observations.after = SetFrom(Exposition(after), 26s);
  return observations;
}

TEST(WriteThroughAttemptsTest, AttemptsMatchingThe200sPass) {
  const Finding finding = WriteThroughAttempts(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_EQ(finding.measured, 200);
  EXPECT_EQ(finding.threshold, 198);
}

struct AttemptsCase {
  std::string name;
  double attempts_increase;
  Outcome expected;
};

class AttemptsBoundaryTest : public ::testing::TestWithParam<AttemptsCase> {};

TEST_P(AttemptsBoundaryTest, MayTrailThe200sByTheAsyncTolerance) {
  const Observations observations = WithAfter(
      [](GatewayCounters& after) { after.attempts = 1000 + GetParam().attempts_increase; });
  const Finding finding = WriteThroughAttempts(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

// 200 acknowledged writes, 1% tolerance: at least 198 attempts.
INSTANTIATE_TEST_SUITE_P(Boundaries, AttemptsBoundaryTest,
                         ::testing::Values(AttemptsCase{"NoIncrease", 0, Outcome::kFail},
                                           AttemptsCase{"JustUnderTolerance", 197, Outcome::kFail},
                                           AttemptsCase{"AtTolerance", 198, Outcome::kPass},
                                           AttemptsCase{"Exact", 200, Outcome::kPass},
                                           AttemptsCase{"MoreThan200s", 230, Outcome::kPass}),
                         [](const ::testing::TestParamInfo<AttemptsCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(WriteThroughAttemptsTest, NoIncreaseSaysWriteThroughMayBeOff) {
  const Finding finding = WriteThroughAttempts(
      WithAfter([](GatewayCounters& after) { after.attempts = 1000; }), DefaultSlos());
  EXPECT_EQ(finding.message,
            "WriteThroughAttempts FAIL (profile smoke, env local): attempts +0 for 200 "
            "acknowledged (200) writes: the write-through counter did not increase (is "
            "write-through enabled on the target?)");
}

TEST(WriteThroughAttemptsTest, CounterResetIsInconclusive) {
  const Finding finding = WriteThroughAttempts(
      WithAfter([](GatewayCounters& after) { after.attempts = 150; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("counter reset mid-run"));
}

TEST(WriteThroughAttemptsTest, MissingRequiredMetricIsInconclusive) {
  Observations observations = Healthy();
  observations.before = SetFrom("# TYPE other_total counter\nother_total 1\n");
  observations.after = SetFrom("# TYPE other_total counter\nother_total 2\n", 26s);
  const Finding finding = WriteThroughAttempts(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message,
              HasSubstr("required metric gateway_write_through_attempts_total is missing"));
}

TEST(WriteThroughAttemptsTest, MissingOptionalMetricIsSkippedWithTheReason) {
  Observations observations = Healthy();
  observations.before = SetFrom("# TYPE other_total counter\nother_total 1\n");
  observations.after = SetFrom("# TYPE other_total counter\nother_total 2\n", 26s);
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["WriteThroughAttempts"] = config::Requirement::kOptional;
  const Finding finding = WriteThroughAttempts(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kSkipped);
  EXPECT_EQ(finding.message,
            "WriteThroughAttempts SKIPPED (profile smoke, env local): optional check: metric "
            "gateway_write_through_attempts_total is not available");
}

TEST(WriteThroughAttemptsTest, MetricsEndpointDownIsInconclusive) {
  Observations observations = Healthy();
  observations.after = FailedSet("connection refused");
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["WriteThroughAttempts"] = config::Requirement::kOptional;
  const Finding finding = WriteThroughAttempts(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);  // even when optional: absence is unknown
  EXPECT_THAT(finding.message, HasSubstr("metrics endpoint unreachable"));
}

TEST(WriteThroughAttemptsTest, OtherEndpointsAreSkipped) {
  Observations observations = Healthy();
  observations.endpoint = "export";
  observations.write_path = false;
  const Finding finding = WriteThroughAttempts(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kSkipped);
  EXPECT_THAT(finding.message, HasSubstr("endpoint \"export\""));
}

struct ShareCase {
  std::string name;
  double ok;
  double errors;
  Outcome expected;
};

class ResultsOkBoundaryTest : public ::testing::TestWithParam<ShareCase> {};

TEST_P(ResultsOkBoundaryTest, OkShareAtLeastTheThresholdPasses) {
  const Observations observations = WithAfter([](GatewayCounters& after) {
    after.results_ok = 1000 + GetParam().ok;
    after.results_server_error = GetParam().errors;
  });
  const Finding finding = WriteThroughResultsOk(observations, PointEstimateSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

// 99.5% threshold over 1000 results.
INSTANTIATE_TEST_SUITE_P(Boundaries, ResultsOkBoundaryTest,
                         ::testing::Values(ShareCase{"AllOk", 1000, 0, Outcome::kPass},
                                           ShareCase{"JustOver", 996, 4, Outcome::kPass},
                                           ShareCase{"At", 995, 5, Outcome::kPass},
                                           ShareCase{"JustUnder", 994, 6, Outcome::kFail},
                                           ShareCase{"Errors", 900, 100, Outcome::kFail}),
                         [](const ::testing::TestParamInfo<ShareCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(WriteThroughResultsOkTest, FailureShowsShareAndCounts) {
  const Finding finding = WriteThroughResultsOk(WithAfter([](GatewayCounters& after) {
                                                  after.results_ok = 1180;
                                                  after.results_server_error = 20;
                                                }),
                                                DefaultSlos());
  EXPECT_EQ(finding.message,
            "WriteThroughResultsOk FAIL (profile smoke, env local): ok share 90% < 99.5% "
            "threshold (180 ok of 200)");
}

TEST(WriteThroughResultsOkTest, NoResultsAtAllIsInconclusive) {
  const Finding finding = WriteThroughResultsOk(
      WithAfter([](GatewayCounters& after) { after.results_ok = 1000; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("no write-through result was counted"));
}

class WalBoundaryTest : public ::testing::TestWithParam<ShareCase> {};

TEST_P(WalBoundaryTest, ErrorShareAtMostTheThresholdPasses) {
  const Observations observations = WithAfter([](GatewayCounters& after) {
    after.wal_ok = 1000 + GetParam().ok;
    after.wal_error = GetParam().errors;
  });
  const Finding finding = WalResultsOk(observations, PointEstimateSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

// 0.5% threshold over 1000 WAL results; the error series appears on first use.
INSTANTIATE_TEST_SUITE_P(Boundaries, WalBoundaryTest,
                         ::testing::Values(ShareCase{"NoErrorSeries", 1000, 0, Outcome::kPass},
                                           ShareCase{"JustUnder", 996, 4, Outcome::kPass},
                                           ShareCase{"At", 995, 5, Outcome::kPass},
                                           ShareCase{"JustOver", 994, 6, Outcome::kFail},
                                           ShareCase{"NoOkIncrement", 0, 3, Outcome::kFail}),
                         [](const ::testing::TestParamInfo<ShareCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(WalResultsOkTest, NoOkIncrementSaysNothingReachedTheWal) {
  const Finding finding = WalResultsOk(WithAfter([](GatewayCounters& after) {
                                         after.wal_ok = 1000;
                                         after.wal_error = 200;
                                       }),
                                       DefaultSlos());
  EXPECT_EQ(finding.message,
            "WalResultsOk FAIL (profile smoke, env local): WAL result=\"ok\" did not increase (ok "
            "+0, error +200): no write reached the WAL");
}

TEST(WalResultsOkTest, PassNamesShareAndThreshold) {
  const Finding finding = WalResultsOk(Healthy(), PointEstimateSlos());
  EXPECT_EQ(finding.message,
            "WalResultsOk PASS (profile smoke, env local): WAL error share 0% <= 0.5% threshold "
            "(0 errors, 200 ok); a point estimate, not proof (confidence \"none\"): at 95% "
            "confidence, 598 results with no WAL error would show <= 0.5%");
}

// The counters' shares carry bounds too: 200 clean results cannot show 99.5%, 1000 can.
TEST(WalResultsOkTest, TwoHundredCleanResultsAreNotEnoughToTell) {
  const Finding finding = WalResultsOk(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("WalResultsOk INCONCLUSIVE (profile smoke, env local): not enough "
                        "results to tell: 0 errors of 200 bound the WAL error share at 1.5% (95% "
                        "confidence); independence assumed (counter totals have no time "
                        "structure); 598 results with no WAL error would show <= 0.5%"));
  EXPECT_FALSE(finding.evidence->design_effect_measured);
}

TEST(WriteThroughResultsOkTest, AThousandCleanResultsProveTheOkShare) {
  const Finding finding = WriteThroughResultsOk(
      WithAfter([](GatewayCounters& after) { after.results_ok = 2000; }), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("proven: 1000 ok of 1000 bound the ok share at >= 99.7% (95% "
                        "confidence)"));
  ASSERT_TRUE(finding.evidence && finding.evidence->bound);
  EXPECT_NEAR(*finding.evidence->bound, std::pow(0.05, 1.0 / 1000), 1e-9);
}

TEST(WriteThroughResultsOkTest, TwoHundredCleanResultsAreNotEnoughToTell) {
  const Finding finding = WriteThroughResultsOk(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("not enough results to tell: 200 ok of 200 bound the ok "
                                         "share at >= 98.5% (95% confidence)"));
  EXPECT_THAT(finding.message,
              HasSubstr("598 results with no non-ok result would show a non-ok share <= 0.5%"));
  EXPECT_THAT(finding.message, ::testing::Not(HasSubstr("not trustworthy")));
}

// The write-through families as a gateway with GATEWAY_WRITE_THROUGH=false exposes them:
// declared, never used.
constexpr std::string_view kWriteThroughOff =
    "# TYPE gateway_write_through_attempts_total counter\n"
    "# TYPE gateway_write_through_results_total counter\n"
    "# TYPE gateway_write_through_wal_results_total counter\n"
    "# TYPE gateway_dlq_depth gauge\n"
    "gateway_dlq_depth{topic=\"memory.wal.dlq\"} 0\n";

Observations WriteThroughOff() {
  Observations observations = Healthy();
  observations.before = SetFrom(kWriteThroughOff);
  observations.after = SetFrom(kWriteThroughOff, 26s);
  observations.sampled.clear();
  return observations;
}

using WriteThroughSlo = Finding (*)(const Observations&, const SloSet&);

class WriteThroughOffTest : public ::testing::TestWithParam<WriteThroughSlo> {};

TEST_P(WriteThroughOffTest, IsSkippedUnderAuto) {
  const Finding finding = GetParam()(WriteThroughOff(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kSkipped) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("write-through is off on the target: "
                        "gateway_write_through_attempts_total, "
                        "gateway_write_through_results_total, "
                        "gateway_write_through_wal_results_total exposed with no series while 200 "
                        "writes were acknowledged (GATEWAY_WRITE_THROUGH=false?)"));
}

TEST_P(WriteThroughOffTest, FailsWhenRequired) {
  SloSet slos = DefaultSlos();
  slos.rules.write_through = config::Presence::kRequired;
  const Finding finding = GetParam()(WriteThroughOff(), slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("write-through is required by the profile (\"write_through\": "
                        "\"required\") but write-through is off on the target"));
}

TEST_P(WriteThroughOffTest, AbsentFamiliesStayAMissingMetric) {
  Observations observations = WriteThroughOff();
  observations.before = SetFrom("gateway_dlq_depth 0\n");
  observations.after = SetFrom("gateway_dlq_depth 0\n", 26s);
  const Finding finding = GetParam()(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("is missing"));
}

TEST_P(WriteThroughOffTest, NoAcknowledgedWriteShowsNothingOff) {
  Observations observations = WriteThroughOff();
  observations.run.status_counts.clear();
  const Finding finding = GetParam()(observations, DefaultSlos());
  EXPECT_NE(finding.outcome, Outcome::kSkipped) << finding.message;
}

INSTANTIATE_TEST_SUITE_P(Slos, WriteThroughOffTest,
                         ::testing::Values(&WriteThroughAttempts, &WriteThroughResultsOk,
                                           &WalResultsOk));

}  // namespace
}  // namespace slogate::slo

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using namespace slogate::testing;

TEST(SampledCounterResetTest, ADecreaseBetweenSamplesIsInconclusive) {
  // A series created during the run has no "before": only the samples show its reset.
  Observations observations = Healthy();
  scrape::SampledSeries attempts = Series("gateway_write_through_attempts_total");
  const double values[] = {1000, 1050, 1100, 30, 80, 1200};
  for (size_t i = 0; i < std::size(values); ++i) {
    attempts.points.push_back(Point(std::chrono::seconds(i), values[i]));
  }
  observations.sampled.push_back(attempts);
  const Finding finding = WriteThroughAttempts(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("counter reset mid-run (sampled "
                                         "gateway_write_through_attempts_total fell from 1100 to "
                                         "30 at +3 s)"));
}

TEST(SampledCounterResetTest, SamplesWithoutValueAreIgnored) {
  Observations observations = Healthy();
  scrape::SampledSeries attempts = Series("gateway_write_through_attempts_total");
  attempts.points.push_back(Point(0s, 1000.0));
  attempts.points.push_back(Point(1s, std::nullopt));
  attempts.points.back().error = "timeout";
  attempts.points.push_back(Point(2s, 1100.0));
  observations.sampled.push_back(attempts);
  EXPECT_EQ(WriteThroughAttempts(observations, DefaultSlos()).outcome, Outcome::kPass);
}

}  // namespace
}  // namespace slogate::slo
