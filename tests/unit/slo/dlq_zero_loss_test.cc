// DlqDepth (refreshed gauge, bound, growth) and ZeroLoss (the audit).
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

scrape::AuditResult Audit(uint64_t acknowledged, uint64_t checked, uint64_t found, uint64_t missing,
                          uint64_t errors) {
  scrape::AuditResult audit;
  audit.acknowledged = acknowledged;
  audit.checked = checked;
  audit.found = found;
  audit.missing_count = missing;
  for (uint64_t i = 0; i < std::min<uint64_t>(missing, 2); ++i) {
    audit.missing.push_back("event-" + std::to_string(i));
  }
  audit.errors = errors;
  if (errors > 0) audit.first_error = "http://127.0.0.1:8010/v1/admin/memory/event-9: HTTP 500";
  return audit;
}

TEST(ZeroLossTest, EveryAcknowledgedEventFoundPasses) {
  const Finding finding = ZeroLoss(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.message,
            "ZeroLoss PASS (profile smoke, env local): all 200 acknowledged events readable from "
            "the replica after the drain period");
  EXPECT_EQ(finding.measured, 0);
}

TEST(ZeroLossTest, SampledAuditSaysSo) {
  Observations observations = Healthy();
  observations.audit = Audit(5000, 500, 500, 0, 0);
  EXPECT_THAT(ZeroLoss(observations, DefaultSlos()).message,
              HasSubstr("all 500 sampled of 5000 acknowledged events readable"));
}

TEST(ZeroLossTest, OneMissingEventFails) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 199, 1, 0);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_EQ(finding.message,
            "ZeroLoss FAIL (profile smoke, env local): 1 of 200 acknowledged events not readable "
            "from the replica after the drain period (e.g. event-0)");
  EXPECT_EQ(finding.measured, 1);
}

TEST(ZeroLossTest, MissingIdsStillTurningUpAreABacklogNotALoss) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 150, 50, 0);
  observations.audit->still_arriving = true;
  observations.audit->drained_for = std::chrono::milliseconds(30000);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message,
              HasSubstr("50 of 200 acknowledged events not readable yet when the audit stopped "
                        "after 30 s, but they were still turning up: a replication backlog"));
}

TEST(ZeroLossTest, MissingBeatsAuditErrors) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 190, 5, 5);
  EXPECT_EQ(ZeroLoss(observations, DefaultSlos()).outcome, Outcome::kFail);
}

TEST(ZeroLossTest, AuditErrorsWithoutMissingAreInconclusive) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 197, 0, 3);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("3 of 200 acknowledged events could not be audited "
                                         "(first error: http://127.0.0.1:8010/v1/admin/memory/"
                                         "event-9: HTTP 500)"));
}

TEST(ZeroLossTest, NothingAuditedIsInconclusive) {
  Observations observations = Healthy();
  observations.audit = Audit(0, 0, 0, 0, 0);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("200 OK responses, 0 event_ids captured"));
}

TEST(ZeroLossTest, NoAuditConfiguredIsMissingData) {
  Observations observations = Healthy();
  observations.audit.reset();
  const Finding required = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(required.outcome, Outcome::kInconclusive);
  EXPECT_THAT(required.message, HasSubstr("set AUDIT_URL_TEMPLATE"));
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["ZeroLoss"] = config::Requirement::kOptional;
  EXPECT_EQ(ZeroLoss(observations, slos).outcome, Outcome::kSkipped);
}

}  // namespace
}  // namespace slogate::slo
