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

// A run of 15 requests, all in the server's 25..50 ms bucket (server p95 bucket 25..50 ms,
// so the client may see up to 100 ms); the client's service times and its worst send lateness
// are the test's.
Observations FifteenRequests(const std::vector<std::chrono::nanoseconds>& client,
                             std::chrono::nanoseconds lateness = 100us,
                             std::vector<double> server_buckets = {0, 0, 0, 15, 15, 15}) {
  Observations observations = Healthy();
  observations.run = SteadyRun(5, 3, 30ms);
  observations.run.service_time.Reset();
  for (auto value : client) observations.run.service_time.Record(value);
  observations.run.send_lateness.Record(lateness);
  GatewayCounters before;
  before.attempts = before.results_ok = before.wal_ok = before.replicator_events = 1000;
  before.with_request_histogram = true;
  GatewayCounters after = before;
  after.attempts = after.results_ok = after.wal_ok = after.replicator_events = 1015;
  after.request_buckets = std::move(server_buckets);
  observations.before = SetFrom(Exposition(before), -1s);
  observations.after = SetFrom(Exposition(after), 4s);
  return observations;
}

std::vector<std::chrono::nanoseconds> Times(size_t count, std::chrono::nanoseconds value,
                                            std::vector<std::chrono::nanoseconds> more = {}) {
  more.insert(more.end(), count, value);
  return more;
}

TEST(ReconciliationTest, OneLateResponseOfFifteenIsInconclusiveNotFail) {
  // The p95 of 15 is the slowest: one response a busy client recorded 114 ms after sending.
  const Finding finding =
      Reconciliation(FifteenRequests(Times(14, 30ms, {113800us})), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("client service-time p95 113.8 ms: 63.8 ms more than "
                                         "the server accounts for"));
  EXPECT_THAT(finding.message, HasSubstr("the p95's lower bound at 95% confidence is 30 ms (rank "
                                         "13 of 15 service times)"));
  EXPECT_THAT(finding.message, HasSubstr("rerun longer or on a quieter machine"));
}

TEST(ReconciliationTest, AClientLateByTheExcessIsInconclusive) {
  // Every response 114 ms, but the client's loop ran up to 40 ms late: 64 ms over the bucket
  // is within the 50 ms tolerance plus the client's own delay.
  const Finding finding = Reconciliation(FifteenRequests(Times(15, 114ms), 40ms), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the client was late: its sends ran up to 40 ms behind "
                                         "schedule"));
  EXPECT_THAT(finding.message, HasSubstr("rerun on a quieter machine"));
}

TEST(ReconciliationTest, ServerClaimingTenMillisecondsForHalfSecondResponsesFails) {
  // An idle client (0.1 ms late at most) waited 500 ms for every one of 15 responses the
  // server says took under 10 ms: its own histogram is wrong, whatever the sample size.
  const Finding finding = Reconciliation(
      FifteenRequests(Times(15, 500ms), 100us, {0, 15, 15, 15, 15, 15}), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("(bucket 5..10 ms) vs client service-time p95 500"));
  EXPECT_THAT(finding.message, HasSubstr("beyond the client's own delay of up to 0.1 ms"));
}

TEST(ReconciliationTest, ThreeSlowResponsesOfFifteenFail) {
  // Three of 15 beyond the bucket and the tolerance: more than 5% of them, at 95% confidence.
  const Finding finding =
      Reconciliation(FifteenRequests(Times(12, 30ms, Times(3, 300ms))), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
}

TEST(ReconciliationTest, CountBreachFailsEvenWhenLatencyIsInconclusive) {
  Observations observations = FifteenRequests(Times(14, 30ms, {113800us}));
  observations.run.status_counts[200] += 10;
  const Finding finding = Reconciliation(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("server counted 15 requests, client got 25 responses"));
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
