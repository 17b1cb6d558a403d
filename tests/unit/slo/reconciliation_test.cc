// Reconciliation: server counts and server p95 against the client's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using namespace slogate::testing;

// Healthy() plus a request histogram: 200 requests, 10 under 10 ms, the rest under 25 ms
// (server p95 ~24.2 ms); the client's service time is `client_latency`.
Observations WithHistogram(std::chrono::nanoseconds client_latency = 20ms,
                           double server_count = 200) {
  Observations observations = Healthy();
  observations.run = SteadyRun(10, 20, client_latency);
  GatewayCounters before;
  before.attempts = before.results_ok = before.wal_ok = before.replicator_events = 1000;
  before.with_request_histogram = true;
  GatewayCounters after = before;
  after.attempts = after.results_ok = after.wal_ok = after.replicator_events = 1200;
  after.request_buckets = {0, 10, server_count, server_count, server_count, server_count};
  observations.before = SetFrom(Exposition(before), -1s);
  observations.after = SetFrom(Exposition(after), 26s);
  return observations;
}

TEST(ReconciliationTest, AgreeingServerAndClientPass) {
  const Finding finding = Reconciliation(WithHistogram(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("server counted 200 requests, client got 200 responses"));
  EXPECT_THAT(finding.message, HasSubstr("server p95 24.2 ms (bucket 10..25 ms) vs client "
                                         "service-time p95 20"));
  EXPECT_NEAR(*finding.measured, 24.21, 0.01);
  EXPECT_EQ(finding.unit, "ms");
}

struct ReconcileLatencyCase {
  std::string name;
  std::chrono::nanoseconds client;
  Outcome expected;
};

class ReconciliationLatencyTest : public ::testing::TestWithParam<ReconcileLatencyCase> {};

TEST_P(ReconciliationLatencyTest, ClientP95WithinTheServerBucketPlusTolerance) {
  const Finding finding = Reconciliation(WithHistogram(GetParam().client), DefaultSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

// Server p95 bucket 10..25 ms, 50 ms network tolerance: the client may see 10..75 ms.
INSTANTIATE_TEST_SUITE_P(
    Boundaries, ReconciliationLatencyTest,
    ::testing::Values(ReconcileLatencyCase{"ClientFasterThanServer", 5ms, Outcome::kFail},
                      ReconcileLatencyCase{"AtBucketLow", 10ms, Outcome::kPass},
                      ReconcileLatencyCase{"InsideBucket", 20ms, Outcome::kPass},
                      ReconcileLatencyCase{"WithinTolerance", 74ms, Outcome::kPass},
                      ReconcileLatencyCase{"BeyondTolerance", 80ms, Outcome::kFail}),
    [](const ::testing::TestParamInfo<ReconcileLatencyCase>& param_info) { return param_info.param.name; });

TEST(ReconciliationTest, TimeLostOutsideTheServerFails) {
  const Finding finding = Reconciliation(WithHistogram(200ms), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message, HasSubstr("ms more than the server accounts for (> 50 ms "
                                         "tolerance)"));
}

TEST(ReconciliationTest, ServerCountingFewerRequestsFails) {
  const Finding finding = Reconciliation(WithHistogram(20ms, 150), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message, HasSubstr("server counted 150 requests, client got 200 responses "
                                         "(differ by 50 > 2 tolerated)"));
}

TEST(ReconciliationTest, MoreAttemptsThanResponsesFails) {
  Observations observations = Healthy();
  GatewayCounters after;
  after.attempts = 1300;
  after.results_ok = after.wal_ok = after.replicator_events = 1200;
  observations.after = SetFrom(Exposition(after), 26s);
  const Finding finding = Reconciliation(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message, HasSubstr("write-through attempts +300 exceed the 200 responses"));
}

TEST(ReconciliationTest, WithoutHistogramOnlyCountsAreJudged) {
  const Finding finding = Reconciliation(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_FALSE(finding.measured.has_value());
  EXPECT_THAT(finding.message, HasSubstr("write-through attempts +200 <= 202"));
}

TEST(ReconciliationTest, NothingServerSideIsMissingData) {
  Observations observations = Healthy();
  observations.before = SetFrom("# TYPE other_total counter\nother_total 1\n");
  observations.after = SetFrom("# TYPE other_total counter\nother_total 2\n", 26s);
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["Reconciliation"] = config::Requirement::kOptional;
  const Finding finding = Reconciliation(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kSkipped);
  EXPECT_THAT(finding.message, HasSubstr("server-side counts"));
  EXPECT_EQ(Reconciliation(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
}

TEST(ReconciliationTest, HistogramResetIsInconclusive) {
  Observations observations = WithHistogram();
  GatewayCounters after;
  after.attempts = after.results_ok = after.wal_ok = after.replicator_events = 1200;
  after.with_request_histogram = true;
  GatewayCounters before = after;
  before.request_buckets = {0, 50, 500, 500, 500, 500};
  after.request_buckets = {0, 10, 200, 200, 200, 200};
  observations.before = SetFrom(Exposition(before), -1s);
  observations.after = SetFrom(Exposition(after), 26s);
  const Finding finding = Reconciliation(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("counter reset"));
}

}  // namespace
}  // namespace slogate::slo
