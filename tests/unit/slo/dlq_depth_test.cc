// DlqDepth: the refreshed gauge, its bound, growth, its sum over topics, and both readings of a
// topic several endpoints report (one shared queue, or one queue each).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

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

// Observations whose before and after scrapes hold one endpoint per entry of `before`/`after`,
// each reporting the default topic at that depth (replicas of one gateway).
Observations WithReplicas(const std::vector<double>& before, const std::vector<double>& after) {
  Observations observations = WithDlq(0, 0);
  for (auto [set, depths] : {std::pair{&observations.before, &before},
                             std::pair{&observations.after, &after}}) {
    const scrape::EndpointScrape model = set->endpoints.front();
    set->endpoints.clear();
    for (size_t i = 0; i < depths->size(); ++i) {
      scrape::EndpointScrape replica =
          SetFrom("# TYPE gateway_dlq_depth gauge\ngateway_dlq_depth{topic=\"memory.wal.dlq\"} " +
                      (std::isnan((*depths)[i]) ? std::string("NaN")
                                                : std::to_string((*depths)[i])) +
                      "\n",
                  set == &observations.before ? -1s : 26s)
              .endpoints.front();
      replica.url = "http://10.0.0." + std::to_string(i + 1) + ":9400/metrics";
      set->endpoints.push_back(replica);
    }
  }
  return observations;
}

Finding JudgeWithBound(const Observations& observations, double bound) {
  SloSet slos = DefaultSlos();
  slos.thresholds.max_dlq_depth = bound;
  return DlqDepth(observations, slos);
}

// Topics add up. A topic reported by two endpoints (2 and 1) is one queue of 2 if they share
// it and 3 if each has its own: both readings fail here, so the finding fails.
TEST(DlqDepthTest, TopicsAddUpAndBothReadingsOfARepeatedTopicAreShown) {
  Observations observations = WithDlq(0, 2);
  std::string second = "# TYPE gateway_dlq_depth gauge\n";
  second += "gateway_dlq_depth{topic=\"memory.wal.dlq\"} 1\n";
  second += "gateway_dlq_depth{topic=\"memory.replica.dlq\"} 3\n";
  scrape::EndpointScrape other = SetFrom(second, 26s).endpoints.front();
  other.url = "http://127.0.0.1:9413/metrics";
  observations.after.endpoints.push_back(other);
  const Finding finding = JudgeWithBound(observations, 10);
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_EQ(finding.measured, 5);
  EXPECT_THAT(finding.message,
              HasSubstr("DLQ depth 5 after the run (0 before) counting each topic once at the "
                        "highest endpoint's value; 6 (0 before) adding every endpoint's: grew by "
                        "5 during the run"));
}

// Three replicas each reporting 4: one shared queue of 4 passes a bound of 5, three queues of 4
// do not. The exposition cannot tell which, so neither verdict is given.
TEST(DlqDepthTest, ReplicasWhoseReadingsDisagreeAreInconclusive) {
  const Finding finding = JudgeWithBound(WithReplicas({4, 4, 4}, {4, 4, 4}), 5);
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("12 > 5 near-zero bound) decides"));
}

// One replica's queue grew from 0 to 4 while another's stayed at 4: read as one shared queue
// nothing grew, read as two the depth doubled. A PASS would hide the growth.
TEST(DlqDepthTest, GrowthHiddenByTheHighestReplicaIsNotAPass) {
  const Finding finding = JudgeWithBound(WithReplicas({4, 0}, {4, 4}), 5);
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("grew by 4 during the run) decides"));
}

// Both readings agree: replicas of an empty queue pass, replicas of a growing one fail.
TEST(DlqDepthTest, ReplicasWhoseReadingsAgreeGetThatVerdict) {
  EXPECT_EQ(JudgeWithBound(WithReplicas({0, 0}, {0, 0}), 0).outcome, Outcome::kPass);
  const Finding grew = JudgeWithBound(WithReplicas({0, 0}, {5, 5}), 5);
  EXPECT_EQ(grew.outcome, Outcome::kFail) << grew.message;
  EXPECT_THAT(grew.message, HasSubstr("grew by 5 during the run"));
}

// A NaN depth compares false with everything: it must not slip through as a pass.
TEST(DlqDepthTest, ANonFiniteDepthIsInconclusive) {
  const Finding finding = JudgeWithBound(WithReplicas({0}, {NAN}), 5);
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("not a finite number"));
}

}  // namespace
}  // namespace slogate::slo
