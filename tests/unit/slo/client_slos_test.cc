// ErrorRate and LatencyP95: boundaries, environments, untrustworthy runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace slogate::testing;

// 1000 completed requests with `errors` 5xx among them and `dropped` arrivals.
Observations WithErrors(uint64_t errors, uint64_t dropped = 0) {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run = SteadyRun(50, 20);
  run.ok = run.completed - errors;
  run.errors = errors;
  run.status_counts[200] = run.ok;
  if (errors > 0) run.status_counts[503] = run.error_status_counts[503] = errors;
  run.errors_by_category[load::ErrorCategory::kStatus5xx] = errors;
  run.dropped = dropped;
  run.scheduled += dropped;
  return observations;
}

TEST(ErrorRateTest, HealthyRunPasses) {
  const Finding finding = ErrorRate(Healthy(), PointEstimateSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_EQ(finding.message,
            "ErrorRate PASS (profile smoke, env local): error rate 0% < 0.5% threshold (0 errors "
            "+ 0 dropped of 200); a point estimate, not proof (confidence \"none\"): at 95% "
            "confidence, 598 requests with no error would show < 0.5%");
  EXPECT_EQ(finding.measured, 0.0);
  EXPECT_EQ(finding.threshold, 0.005);
  EXPECT_EQ(finding.unit, "ratio");
  // What a table shows beside its SLO, outcome and footnote columns: neither repeated.
  EXPECT_EQ(MessageBody(finding), "error rate 0% < 0.5% threshold (0 errors + 0 dropped of 200)");
}

TEST(ErrorRateTest, TheBodyOfABreachKeepsAllButTheHeading) {
  const Finding finding = ErrorRate(WithErrors(10), DefaultSlos());
  ASSERT_EQ(finding.outcome, Outcome::kFail);
  const std::string heading = "ErrorRate FAIL (profile smoke, env local): ";
  ASSERT_EQ(finding.message.substr(0, heading.size()), heading);
  EXPECT_EQ(MessageBody(finding), finding.message.substr(heading.size()));
  Finding reworded = finding;
  reworded.message = "written by hand";  // not the SLOs' wording: kept whole
  EXPECT_EQ(MessageBody(reworded), "written by hand");
}

struct ErrorRateCase {
  std::string name;
  uint64_t errors;
  Outcome expected;
};

class ErrorRateBoundaryTest : public ::testing::TestWithParam<ErrorRateCase> {};

TEST_P(ErrorRateBoundaryTest, StrictlyBelowTheThresholdPasses) {
  const Finding finding = ErrorRate(WithErrors(GetParam().errors), PointEstimateSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
  EXPECT_DOUBLE_EQ(*finding.measured, static_cast<double>(GetParam().errors) / 1000);
}

INSTANTIATE_TEST_SUITE_P(Boundaries, ErrorRateBoundaryTest,
                         ::testing::Values(ErrorRateCase{"JustUnder", 4, Outcome::kPass},
                                           ErrorRateCase{"At", 5, Outcome::kFail},
                                           ErrorRateCase{"Over", 6, Outcome::kFail},
                                           ErrorRateCase{"OnePercent", 10, Outcome::kFail}),
                         [](const ::testing::TestParamInfo<ErrorRateCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(ErrorRateTest, FailureNamesRateThresholdAndProfile) {
  const Finding finding = ErrorRate(WithErrors(10), DefaultSlos());
  EXPECT_EQ(finding.message,
            "ErrorRate FAIL (profile smoke, env local): error rate 1% >= 0.5% threshold (10 "
            "errors + 0 dropped of 1000: HTTP 503 × 10)");
}

TEST(ErrorRateTest, DroppedArrivalsCountAsErrors) {
  SloSet slos = DefaultSlos();
  slos.thresholds.max_dropped_share = 0.01;  // a few drops do not make the run untrustworthy
  const Finding finding = ErrorRate(WithErrors(4, 2), slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_DOUBLE_EQ(*finding.measured, 6.0 / 1002);
  EXPECT_THAT(finding.message, HasSubstr("4 errors + 2 dropped of 1002"));
}

TEST(ErrorRateTest, TooManyDropsAreInconclusive) {
  const Finding finding = ErrorRate(WithErrors(0, 50), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("50 of 1050 arrivals dropped"));
  EXPECT_THAT(finding.message, HasSubstr("not a verdict on the target"));
}

// A target too slow for the rate under the cap: arrivals wait for a slot and some run out of
// time. That is the target's failure, not a generator behind its schedule.
TEST(ErrorRateTest, DropsWhileTheCapIsFullAreTheTargetsFailure) {
  Observations observations = WithErrors(0, 50);
  observations.run.dropped_at_cap = 50;
  const Finding finding = ErrorRate(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("0 errors + 50 dropped of 1050"));
}

// 50 req/s answered within the 300 ms threshold may need 15 in flight: a cap of 4 that filled
// says nothing against a target answering in 20 ms.
Observations CapOfFourDroppedFifty() {
  Observations observations = WithErrors(0, 50);
  observations.run.concurrency = 4;
  observations.run.dropped_at_cap = 50;
  return observations;
}

TEST(ErrorRateTest, DropsAtACapTooSmallForTheSloAreInconclusive) {
  const Finding finding = ErrorRate(CapOfFourDroppedFifty(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the concurrency cap of 4 filled (0 arrivals waited for "
                                         "a slot, 50 dropped) although the target answered "
                                         "within the 300 ms threshold (service-time p95 20"));
  EXPECT_THAT(finding.message, HasSubstr("at 50 req/s, answers within the threshold may need up "
                                         "to 15 requests in flight"));
  EXPECT_THAT(finding.message, HasSubstr("raise its concurrency to at least 15"));
}

TEST(ErrorRateTest, TargetErrorsFailEvenWhenTheCapIsTooSmall) {
  Observations observations = CapOfFourDroppedFifty();
  load::RunResult& run = observations.run;
  run.ok -= 10;
  run.errors = 10;
  run.errors_by_category[load::ErrorCategory::kStatus5xx] = 10;
  const Finding finding = ErrorRate(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("10 errors + 50 dropped of 1050"));
}

TEST(ErrorRateTest, CapDropsOfATargetSlowerThanTheThresholdFail) {
  Observations observations = CapOfFourDroppedFifty();
  observations.run.ok_service_time.Reset();
  observations.run.ok_service_time.RecordCount(450ms, observations.run.completed);
  EXPECT_EQ(ErrorRate(observations, DefaultSlos()).outcome, Outcome::kFail);
}

TEST(ErrorRateTest, CapSizedForThePeakRateNotTheMean) {
  Observations observations = WithErrors(0, 50);
  observations.run.concurrency = 20;  // holds 50 req/s at 300 ms (15), not 100 req/s (30)
  observations.run.dropped_at_cap = 50;
  EXPECT_EQ(ErrorRate(observations, DefaultSlos()).outcome, Outcome::kFail);
  observations.run.peak_rps = 100;
  const Finding finding = ErrorRate(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("at 100 req/s"));
}

TEST(ErrorRateTest, UnreachableTargetIsInconclusive) {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run.errors = run.completed;
  run.ok = 0;
  run.status_counts.clear();
  run.errors_by_category = {{load::ErrorCategory::kConnect, run.completed}};
  const Finding finding = ErrorRate(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_EQ(finding.message,
            "ErrorRate INCONCLUSIVE (profile smoke, env local): cannot judge, the measurement is "
            "not trustworthy: target unreachable: all 200 requests failed to connect to "
            "http://127.0.0.1:8010");
}

TEST(ErrorRateTest, NothingCompletedIsInconclusive) {
  Observations observations = Healthy();
  observations.run.completed = observations.run.ok = 0;
  EXPECT_EQ(ErrorRate(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
}

Observations WithLatency(std::chrono::nanoseconds latency) {
  Observations observations = Healthy();
  observations.run = SteadyRun(10, 20, latency);
  return observations;
}

struct LatencyCase {
  std::string name;
  std::chrono::nanoseconds latency;
  config::Environment environment;
  Outcome expected;
};

class LatencyBoundaryTest : public ::testing::TestWithParam<LatencyCase> {};

TEST_P(LatencyBoundaryTest, CorrectedP95StrictlyBelowTheEnvironmentThreshold) {
  SloSet slos = DefaultSlos();
  slos.environment = GetParam().environment;
  if (slos.environment == config::Environment::kStaging) slos.thresholds.latency_p95 = 150ms;
  const Finding finding = LatencyP95(WithLatency(GetParam().latency), slos);
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, LatencyBoundaryTest,
    ::testing::Values(
        LatencyCase{"DevJustUnder", 299ms, config::Environment::kDev, Outcome::kPass},
        LatencyCase{"DevAt", 300ms, config::Environment::kDev, Outcome::kFail},
        LatencyCase{"DevOver", 301ms, config::Environment::kDev, Outcome::kFail},
        LatencyCase{"StagingJustUnder", 149ms, config::Environment::kStaging, Outcome::kPass},
        LatencyCase{"StagingAt", 150ms, config::Environment::kStaging, Outcome::kFail},
        LatencyCase{"StagingOver", 151ms, config::Environment::kStaging, Outcome::kFail},
        LatencyCase{"BreaksStagingNotDev", 212ms, config::Environment::kDev, Outcome::kPass},
        LatencyCase{"BreaksStaging", 212ms, config::Environment::kStaging, Outcome::kFail}),
    [](const ::testing::TestParamInfo<LatencyCase>& param_info) { return param_info.param.name; });

TEST(LatencyP95Test, FailureNamesValueThresholdProfileAndEnvironment) {
  SloSet slos = DefaultSlos();
  slos.environment = config::Environment::kStaging;
  slos.thresholds.latency_p95 = 150ms;
  const Finding finding = LatencyP95(WithLatency(212ms), slos);
  EXPECT_THAT(finding.message, StartsWith("LatencyP95 FAIL (profile smoke, env staging): p95 212"));
  EXPECT_THAT(finding.message,
              HasSubstr(" ms > 150 ms threshold (corrected, over 200 OK responses"));
  EXPECT_NEAR(*finding.measured, 212, 0.5);
  EXPECT_EQ(finding.threshold, 150);
  EXPECT_EQ(finding.unit, "ms");
}

TEST(LatencyP95Test, UsesCorrectedLatencyNotServiceTime) {
  Observations observations = Healthy();
  observations.run.ok_latency.Reset();
  observations.run.ok_latency.RecordCount(900ms, 200);  // queued behind a stall: corrected is slow
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("service-time p95 20"));
}

TEST(LatencyP95Test, WaitingForAFullCapIsLatencyNotGeneratorLateness) {
  Observations observations = WithLatency(400ms);
  observations.run.slot_wait.RecordCount(350ms, 150);
  observations.run.dropped = 20;
  observations.run.dropped_at_cap = 20;
  observations.run.scheduled += 20;
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("150 arrivals waited for one of the"));
  EXPECT_THAT(finding.message, HasSubstr("slots, p95 wait 350"));
}

// 40 req/s through 4 slots to a target answering in 200 ms: 20 req/s get through and the rest
// queue. The target is within the threshold; the profile's cap is what made the users wait.
Observations CapOfFourBehindTwoHundredMillis() {
  Observations observations = WithLatency(200ms);
  load::RunResult& run = observations.run;
  run.target_rps = run.peak_rps = 40;
  run.concurrency = 4;
  run.ok_latency.Reset();
  run.ok_latency.RecordCount(1200ms, run.completed);
  run.slot_wait.RecordCount(1000ms, run.completed);
  return observations;
}

TEST(LatencyP95Test, WaitsAtACapTooSmallForTheSloAreInconclusive) {
  const Finding finding = LatencyP95(CapOfFourBehindTwoHundredMillis(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the concurrency cap of 4 filled (200 arrivals waited "
                                         "for a slot, 0 dropped)"));
  EXPECT_THAT(finding.message, HasSubstr("raise its concurrency to at least 12"));
}

TEST(LatencyP95Test, ServiceTimeOverTheThresholdFailsWhateverTheCap) {
  Observations observations = CapOfFourBehindTwoHundredMillis();
  observations.run.ok_service_time.Reset();
  observations.run.ok_service_time.RecordCount(350ms, observations.run.completed);
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("arrivals waited for one of the 4 slots"));
}

TEST(LatencyP95Test, WaitsThatKeepTheP95WithinTheThresholdPass) {
  Observations observations = CapOfFourBehindTwoHundredMillis();
  observations.run.ok_latency.Reset();
  observations.run.ok_latency.RecordCount(250ms, observations.run.completed);
  EXPECT_EQ(LatencyP95(observations, DefaultSlos()).outcome, Outcome::kPass);
}

TEST(LatencyP95Test, LateGeneratorIsInconclusiveNotAFailure) {
  Observations observations = WithLatency(400ms);
  observations.run.send_lateness.Reset();
  observations.run.send_lateness.RecordCount(120ms, 200);
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("the load generator fell behind its schedule (send "
                                         "lateness p99 120"));
  EXPECT_THAT(finding.message, Not(HasSubstr("FAIL")));
}

// 75 sends (the seed's smoke: 5 rps x 15 s), one of them held up 64 ms by the machine.
TEST(LatencyP95Test, OneLateSendIsNotAGeneratorBehind) {
  Observations observations = Healthy();
  observations.run.send_lateness.Reset();
  observations.run.send_lateness.RecordCount(100us, 74);
  observations.run.send_lateness.Record(64ms);
  EXPECT_EQ(LatencyP95(observations, DefaultSlos()).outcome, Outcome::kPass);
  observations.run.send_lateness.Record(64ms);  // a second one is more than 1% of 76: behind
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("(2 of 76 sends later than that)"));
}

TEST(LatencyP95Test, AchievedRateFarBelowTargetIsInconclusive) {
  Observations observations = Healthy();
  observations.run.target_rps = 100000;
  observations.run.achieved_rps = 900;
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("achieved 900 req/s of 100000 asked"));
}

// 600 requests answered 401 at once, as a gateway with a wrong JWT secret does.
Observations AuthFailureStorm() {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run = SteadyRun(30, 20, 1ms);
  run.errors = run.completed;
  run.ok = 0;
  run.status_counts = {{401, run.completed}};
  run.error_status_counts = {{401, run.completed}};
  run.errors_by_category = {{load::ErrorCategory::kStatus4xx, run.completed}};
  run.ok_latency.Reset();
  run.ok_service_time.Reset();
  run.failed_latency.RecordCount(1200us, run.completed);
  return observations;
}

TEST(ErrorRateTest, MessageNamesTheFailingStatuses) {
  const Finding finding = ErrorRate(AuthFailureStorm(), DefaultSlos());
  EXPECT_EQ(finding.message,
            "ErrorRate FAIL (profile smoke, env local): error rate 100% >= 0.5% threshold (600 "
            "errors + 0 dropped of 600: HTTP 401 × 600)");
}

TEST(ErrorRateTest, MessageNamesAtMostSixCausesMostFrequentFirst) {
  Observations observations = WithErrors(80);
  load::RunResult& run = observations.run;
  run.error_status_counts = {{500, 5}, {502, 6}, {503, 30}, {504, 7},
                             {429, 8}, {401, 9}, {403, 10}};
  run.errors_by_category = {{load::ErrorCategory::kStatus5xx, 48},
                            {load::ErrorCategory::kStatus4xx, 19},
                            {load::ErrorCategory::kStatus429, 8},
                            {load::ErrorCategory::kConnect, 3},
                            {load::ErrorCategory::kTimeout, 2}};
  const Finding finding = ErrorRate(observations, DefaultSlos());
  EXPECT_THAT(finding.message,
              HasSubstr("(80 errors + 0 dropped of 1000: HTTP 503 × 30, HTTP 403 × 10, HTTP 401 "
                        "× 9, HTTP 429 × 8, HTTP 504 × 7, HTTP 502 × 6, +3 more)"));
}

TEST(ErrorRateTest, TransportErrorsAreNamedByCategory) {
  Observations observations = WithErrors(10);
  load::RunResult& run = observations.run;
  run.status_counts.erase(503);
  run.error_status_counts.clear();
  run.errors_by_category = {{load::ErrorCategory::kTimeout, 7}, {load::ErrorCategory::kConnect, 3}};
  EXPECT_THAT(ErrorRate(observations, DefaultSlos()).message,
              HasSubstr("(10 errors + 0 dropped of 1000: timeout × 7, connect × 3)"));
}

TEST(LatencyP95Test, FailedRequestsDoNotMakeADeadTargetLookFast) {
  const Finding finding = LatencyP95(AuthFailureStorm(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("too few successful requests to judge latency (0 OK "
                                         "responses, at least 20 needed; failed requests' p95 "
                                         "1.2 ms over 600)"));
}

struct OkCountCase {
  std::string name;
  uint64_t ok;
  Outcome expected;
};

class LatencyOkCountTest : public ::testing::TestWithParam<OkCountCase> {};

TEST_P(LatencyOkCountTest, JudgedOnlyWithEnoughSuccessfulRequests) {
  Observations observations = AuthFailureStorm();
  observations.run.ok_latency.RecordCount(20ms, GetParam().ok);
  EXPECT_EQ(LatencyP95(observations, PointEstimateSlos()).outcome, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Boundaries, LatencyOkCountTest,
                         ::testing::Values(OkCountCase{"JustUnder", 19, Outcome::kInconclusive},
                                           OkCountCase{"At", 20, Outcome::kPass}),
                         [](const ::testing::TestParamInfo<OkCountCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(LatencyP95Test, ARunWithoutOkHistogramsUsesAllRequestsWhenAllWereOk) {
  Observations observations = WithLatency(400ms);
  observations.run.ok_latency.Reset();
  observations.run.ok_service_time.Reset();
  EXPECT_EQ(LatencyP95(observations, DefaultSlos()).outcome, Outcome::kFail);
  observations.run.ok -= 10;
  observations.run.errors = 10;
  EXPECT_EQ(LatencyP95(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
}

TEST(LatencyP95Test, FailedRequestsP95IsReportedBeside) {
  Observations observations = Healthy();
  observations.run.failed_latency.RecordCount(1200us, 3);
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("; failed requests' p95 1.2 ms over 3)"));
}

}  // namespace
}  // namespace slogate::slo
