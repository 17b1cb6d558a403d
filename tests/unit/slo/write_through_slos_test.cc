// WriteThroughAttempts, WriteThroughResultsOk, WalResultsOk over before/after scrapes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  const Finding finding = WriteThroughResultsOk(observations, DefaultSlos());
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
  const Finding finding = WalResultsOk(observations, DefaultSlos());
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
  const Finding finding = WalResultsOk(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.message,
            "WalResultsOk PASS (profile smoke, env local): WAL error share 0% <= 0.5% threshold "
            "(0 errors, 200 ok)");
}

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
