// DlqDepth: the refreshed gauge, its bound, growth, and its sum over topics (each topic once,
// however many endpoints report it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using namespace slogate::testing;

Observations WithDlq(double before, double after) {
  Observations observations = Healthy();
  GatewayCounters counters;
  counters.dlq_depth = before;
  observations.before = SetFrom(Exposition(counters), -1s);
  counters.dlq_depth = after;
  observations.after = SetFrom(Exposition(counters), 26s);
  return observations;
}

struct DlqCase {
  std::string name;
  double before;
  double after;
  double bound;
  Outcome expected;
};

class DlqDepthCaseTest : public ::testing::TestWithParam<DlqCase> {};

TEST_P(DlqDepthCaseTest, AtMostTheBoundAndNoGrowth) {
  SloSet slos = DefaultSlos();
  slos.thresholds.max_dlq_depth = GetParam().bound;
  const Finding finding = DlqDepth(WithDlq(GetParam().before, GetParam().after), slos);
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
}

INSTANTIATE_TEST_SUITE_P(Boundaries, DlqDepthCaseTest,
                         ::testing::Values(DlqCase{"Empty", 0, 0, 0, Outcome::kPass},
                                           DlqCase{"UnderBound", 1, 1, 2, Outcome::kPass},
                                           DlqCase{"AtBound", 2, 2, 2, Outcome::kPass},
                                           DlqCase{"OverBound", 3, 3, 2, Outcome::kFail},
                                           DlqCase{"Shrank", 3, 1, 2, Outcome::kPass},
                                           DlqCase{"GrewWithinBound", 0, 1, 2, Outcome::kFail}),
                         [](const ::testing::TestParamInfo<DlqCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(DlqDepthTest, GrowthMessageNamesBothDepths) {
  const Finding finding = DlqDepth(WithDlq(0, 12), DefaultSlos());
  EXPECT_EQ(finding.message,
            "DlqDepth FAIL (profile smoke, env local): DLQ depth 12 after the run (0 before): "
            "grew by 12 during the run");
  EXPECT_EQ(finding.measured, 12);
  EXPECT_EQ(finding.threshold, 0);
}

TEST(DlqDepthTest, AbsentGaugeBeforeTheRunMeansEmpty) {
  Observations observations = WithDlq(0, 0);
  observations.before = SetFrom("# TYPE other gauge\nother 1\n", -1s);
  EXPECT_EQ(DlqDepth(observations, DefaultSlos()).outcome, Outcome::kPass);
}

TEST(DlqDepthTest, FailedHealthRefreshIsInconclusive) {
  Observations observations = Healthy();
  observations.final_health = Result<scrape::HealthReport>(MakeError("timeout", "timed out"));
  const Finding finding = DlqDepth(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("could not be refreshed through /v1/health"));
}

TEST(DlqDepthTest, NoHealthUrlIsMissingData) {
  Observations observations = Healthy();
  observations.final_health.reset();
  EXPECT_EQ(DlqDepth(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["DlqDepth"] = config::Requirement::kOptional;
  EXPECT_EQ(DlqDepth(observations, slos).outcome, Outcome::kSkipped);
}

TEST(DlqDepthTest, UnreachableMetricsAreInconclusive) {
  Observations observations = Healthy();
  observations.after = FailedSet("connection refused");
  const Finding finding = DlqDepth(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("metrics endpoint unreachable: "
                                         "http://127.0.0.1:9400/metrics: connection refused"));
}

TEST(DlqDepthTest, MissingGaugeIsRequired) {
  Observations observations = Healthy();
  observations.after = SetFrom("# TYPE other gauge\nother 1\n", 26s);
  const Finding finding = DlqDepth(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("required metric gateway_dlq_depth is missing"));
}

// Two endpoints: a second gateway replica reporting the shared topic (at 1, read a moment
// apart from the first's 2) and a second topic. Topics add up; a topic counts once, at its
// highest report.
TEST(DlqDepthTest, DepthIsSummedOverTopicsEachTopicOnce) {
  Observations observations = WithDlq(0, 2);
  std::string second = "# TYPE gateway_dlq_depth gauge\n";
  second += "gateway_dlq_depth{topic=\"memory.wal.dlq\"} 1\n";
  second += "gateway_dlq_depth{topic=\"memory.replica.dlq\"} 3\n";
  scrape::EndpointScrape other = SetFrom(second, 26s).endpoints.front();
  other.url = "http://127.0.0.1:9413/metrics";
  observations.after.endpoints.push_back(other);
  SloSet slos = DefaultSlos();
  slos.thresholds.max_dlq_depth = 10;
  const Finding finding = DlqDepth(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_EQ(finding.measured, 5);
  EXPECT_THAT(finding.message, HasSubstr("DLQ depth 5 after the run (0 before): grew by 5"));
}

// Three replicas of one gateway behind a load balancer, each exposing the depth of the same
// topic: one queue of 4, not 12.
TEST(DlqDepthTest, ReplicasReportingOneTopicCountItOnce) {
  Observations observations = WithDlq(4, 4);
  for (const char* url : {"http://10.0.0.8:9400/metrics", "http://10.0.0.9:9400/metrics"}) {
    for (scrape::ScrapeSet* set : {&observations.before, &observations.after}) {
      scrape::EndpointScrape replica = set->endpoints.front();
      replica.url = url;
      set->endpoints.push_back(replica);
    }
  }
  SloSet slos = DefaultSlos();
  slos.thresholds.max_dlq_depth = 5;
  const Finding finding = DlqDepth(observations, slos);
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_EQ(finding.measured, 4);
}

}  // namespace
}  // namespace slogate::slo
