// A profile's metric checks: increases, ratios and gauges judged against their conditions, with
// the built-in SLOs' gates and evidence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using namespace slogate::testing;

constexpr std::string_view kResults = "gateway_write_through_results_total";

config::MetricCheck Check(std::string name, config::MetricCheckKind kind, std::string of,
                          std::string over, config::Comparison comparison, double bound,
                          std::string must_be) {
  config::MetricCheck check;
  check.name = std::move(name);
  check.kind = kind;
  check.of = std::move(of);
  check.over = std::move(over);
  check.comparison = comparison;
  check.bound = bound;
  check.must_be = std::move(must_be);
  return check;
}

config::MetricCheck NonOkShareBelow1Percent() {
  return Check("NonOkShare", config::MetricCheckKind::kRatio,
               std::string(kResults) + "{result!=\"ok\"}", std::string(kResults),
               config::Comparison::kBelow, 0.01, "< 1%");
}

config::MetricCheck DlqAtMost0() {
  return Check("DlqEmpty", config::MetricCheckKind::kGauge, "gateway_dlq_depth", "",
               config::Comparison::kAtMost, 0, "<= 0");
}

// Healthy() with the write-through results of the run (ok and server errors) as given.
Observations WithResults(double ok, double server_errors) {
  Observations observations = Healthy();
  GatewayCounters before;
  before.attempts = before.results_ok = before.wal_ok = before.replicator_events = 1000;
  GatewayCounters after = before;
  after.attempts = after.wal_ok = after.replicator_events = 1200;
  after.results_ok = 1000 + ok;
  after.results_server_error = server_errors;
  observations.before = SetFrom(Exposition(before));
  observations.after = SetFrom(Exposition(after), 26s);
  return observations;
}

TEST(MetricCheckTest, AShareWithinItsBoundPassesWordedAsEverySlo) {
  const Finding finding =
      MetricCheckFinding(WithResults(200, 0), PointEstimateSlos(), NonOkShareBelow1Percent());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("NonOkShare PASS (profile "));
  EXPECT_THAT(finding.message, HasSubstr("0%"));
  EXPECT_EQ(finding.measured, 0);
  EXPECT_EQ(finding.threshold, 0.01);
  EXPECT_EQ(finding.unit, "ratio");
}

TEST(MetricCheckTest, AShareOverItsBoundFailsNamingItsCounts) {
  const Finding finding =
      MetricCheckFinding(WithResults(190, 10), PointEstimateSlos(), NonOkShareBelow1Percent());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("10 of 200"));
  EXPECT_THAT(finding.message, HasSubstr("must be < 1%"));
}

TEST(MetricCheckTest, AShareTooSmallToProveItsBoundIsInconclusiveAtTheProfilesConfidence) {
  // 0 of 200 bounds the share at about 1.5% at 95%: not proof of < 1%.
  const Finding finding =
      MetricCheckFinding(WithResults(200, 0), DefaultSlos(), NonOkShareBelow1Percent());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("not enough results to tell"));
  ASSERT_TRUE(finding.evidence.has_value());
  EXPECT_GT(finding.evidence->bound.value_or(0), 0.01);
}

TEST(MetricCheckTest, ALowerBoundOnAShareIsJudgedOnItsComplement) {
  const config::MetricCheck ok_share =
      Check("OkShare", config::MetricCheckKind::kRatio, std::string(kResults) + "{result=\"ok\"}",
            std::string(kResults), config::Comparison::kAtLeast, 0.99, ">= 99%");
  const Finding held = MetricCheckFinding(WithResults(200, 0), PointEstimateSlos(), ok_share);
  EXPECT_EQ(held.outcome, Outcome::kPass) << held.message;
  const Finding broken = MetricCheckFinding(WithResults(190, 10), PointEstimateSlos(), ok_share);
  EXPECT_EQ(broken.outcome, Outcome::kFail) << broken.message;
}

TEST(MetricCheckTest, ALabelledSeriesNotYetCreatedCountsZeroWhenItsMetricHasSeries) {
  // No result="server_error" series at all: the share's numerator is 0, not missing.
  const Finding finding =
      MetricCheckFinding(WithResults(200, 0), PointEstimateSlos(), NonOkShareBelow1Percent());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
}

TEST(MetricCheckTest, AMisspeltMetricIsMissingDataNeverAZero) {
  config::MetricCheck typo = NonOkShareBelow1Percent();
  typo.of = "gateway_write_thru_results_total{result!=\"ok\"}";
  const Finding required = MetricCheckFinding(WithResults(200, 0), PointEstimateSlos(), typo);
  EXPECT_EQ(required.outcome, Outcome::kInconclusive) << required.message;
  EXPECT_THAT(required.message, HasSubstr("gateway_write_thru_results_total"));
  EXPECT_THAT(required.message, HasSubstr("\"optional\": true"));

  SloSet slos = PointEstimateSlos();
  slos.checks.by_slo["NonOkShare"] = config::Requirement::kOptional;
  const Finding optional = MetricCheckFinding(WithResults(200, 0), slos, typo);
  EXPECT_EQ(optional.outcome, Outcome::kSkipped) << optional.message;
}

TEST(MetricCheckTest, AMisspeltLabelIsInconclusiveNeverAZero) {
  config::MetricCheck typo = NonOkShareBelow1Percent();
  typo.of = std::string(kResults) + "{reslut=~\"error|server_error\"}";
  const Finding finding = MetricCheckFinding(WithResults(200, 0), PointEstimateSlos(), typo);
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("carries the label \"reslut\""));
}

TEST(MetricCheckTest, AnInfiniteCounterIsInconclusiveNeverProof) {
  GatewayCounters after;
  after.attempts = after.results_ok = after.wal_ok = after.replicator_events = 1200;
  std::string text = Exposition(after);
  const std::string ok_line = "result=\"ok\"} 1200";
  text.replace(text.find(ok_line), ok_line.size(), "result=\"ok\"} +Inf");
  Observations observations = WithResults(200, 0);
  observations.after = SetFrom(text, 26s);
  for (const config::MetricCheck& check :
       {NonOkShareBelow1Percent(),
        Check("Moved", config::MetricCheckKind::kIncrease, std::string(kResults), "",
              config::Comparison::kAtLeast, 1, ">= 1")}) {
    const Finding finding = MetricCheckFinding(observations, PointEstimateSlos(), check);
    EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
    EXPECT_THAT(finding.message, HasSubstr("not a finite number"));
  }
}

TEST(MetricCheckTest, ADenominatorThatDidNotMoveLeavesTheRatioUndefined) {
  const Finding finding =
      MetricCheckFinding(WithResults(0, 0), PointEstimateSlos(), NonOkShareBelow1Percent());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("the ratio is undefined"));
}

TEST(MetricCheckTest, ARatioThatIsNoShareIsJudgedOnItsValue) {
  // Attempts per ok result: 200 / 200 = 1, not a share of events (bound above 1).
  const config::MetricCheck per_result = Check(
      "AttemptsPerResult", config::MetricCheckKind::kRatio, "gateway_write_through_attempts_total",
      std::string(kResults), config::Comparison::kAtMost, 1.5, "<= 1.5");
  const Finding finding = MetricCheckFinding(WithResults(200, 0), DefaultSlos(), per_result);
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("a ratio, not a share"));
  EXPECT_FALSE(finding.evidence.has_value());
}

TEST(MetricCheckTest, AnIncreaseIsComparedWithItsBound) {
  config::MetricCheck moved =
      Check("Moved", config::MetricCheckKind::kIncrease, "gateway_write_through_attempts_total", "",
            config::Comparison::kAtLeast, 150, ">= 150");
  const Finding held = MetricCheckFinding(Healthy(), DefaultSlos(), moved);
  EXPECT_EQ(held.outcome, Outcome::kPass) << held.message;
  EXPECT_EQ(held.measured, 200);
  moved.bound = 250;
  const Finding broken = MetricCheckFinding(Healthy(), DefaultSlos(), moved);
  EXPECT_EQ(broken.outcome, Outcome::kFail) << broken.message;
  EXPECT_THAT(broken.message, HasSubstr("increase of gateway_write_through_attempts_total 200"));
}

TEST(MetricCheckTest, ACounterResetIsInconclusive) {
  Observations observations = Healthy();
  GatewayCounters after;
  after.attempts = 5;  // fell from 1000
  after.results_ok = after.wal_ok = after.replicator_events = 1200;
  observations.after = SetFrom(Exposition(after), 26s);
  const Finding finding = MetricCheckFinding(
      observations, DefaultSlos(),
      Check("Moved", config::MetricCheckKind::kIncrease, "gateway_write_through_attempts_total", "",
            config::Comparison::kAtLeast, 1, ">= 1"));
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("reset"));
}

TEST(MetricCheckTest, AGaugeIsJudgedAtItsWorstReadingDuringTheRun) {
  Observations observations = Healthy();
  scrape::SampledSeries depth = Series("gateway_dlq_depth");
  for (auto t = 0s; t <= 20s; t += 1s) depth.points.push_back(Point(t, t == 7s ? 3.0 : 0.0));
  observations.sampled = {depth};
  const Finding finding = MetricCheckFinding(observations, DefaultSlos(), DlqAtMost0());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("highest of 22 readings"));
  EXPECT_THAT(finding.message, HasSubstr("at +7 s"));
  EXPECT_EQ(finding.measured, 3);
}

TEST(MetricCheckTest, AGaugeHeldAtEveryReadingPasses) {
  const Finding finding = MetricCheckFinding(Healthy(), DefaultSlos(), DlqAtMost0());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
}

TEST(MetricCheckTest, AGaugeThatCouldNotBeReadAtSomeMomentCannotPass) {
  Observations observations = Healthy();
  scrape::SampledSeries depth = Series("gateway_dlq_depth");
  depth.points.push_back(Point(1s, 0.0));
  scrape::SamplePoint failed = Point(2s, std::nullopt);
  failed.error = "connection refused";
  depth.points.push_back(failed);
  depth.points.push_back(Point(3s, std::nan("")));
  observations.sampled = {depth};
  const Finding finding = MetricCheckFinding(observations, DefaultSlos(), DlqAtMost0());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("2 could not be read"));
}

TEST(MetricCheckTest, AMomentTheGaugeWasAbsentIsAGapNotAPass) {
  Observations observations = Healthy();
  scrape::SampledSeries depth = Series("gateway_dlq_depth");
  depth.points.push_back(Point(1s, 0.0));
  depth.points.push_back(Point(2s, std::nullopt));  // scraped, no series matched
  observations.sampled = {depth};
  const Finding finding = MetricCheckFinding(observations, DefaultSlos(), DlqAtMost0());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("1 could not be read"));
}

TEST(MetricCheckTest, AnInfiniteGaugeIsAGap) {
  Observations observations = Healthy();
  observations.sampled.clear();
  observations.after = SetFrom("# TYPE gateway_dlq_depth gauge\ngateway_dlq_depth -Inf\n", 26s);
  const Finding finding = MetricCheckFinding(observations, DefaultSlos(), DlqAtMost0());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
}

TEST(MetricCheckTest, AGaugeNeverSeenIsMissingData) {
  config::MetricCheck absent = DlqAtMost0();
  absent.of = "queue_depth";
  const Finding finding = MetricCheckFinding(Healthy(), DefaultSlos(), absent);
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("required gauge queue_depth is missing"));
}

TEST(MetricCheckTest, AnUnreachableTargetIsInconclusive) {
  Observations observations = Healthy();
  observations.run.completed = 0;
  observations.run.ok = 0;
  const Finding finding = MetricCheckFinding(observations, DefaultSlos(), DlqAtMost0());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
}

TEST(MetricCheckTest, EvaluateJudgesTheChecksAfterTheBuiltInSlosAndAnInterruptedRunCannotPass) {
  SloSet slos = PointEstimateSlos();
  slos.metric_checks = {DlqAtMost0()};
  const Verdict verdict = Evaluate(Healthy(), slos);
  ASSERT_EQ(verdict.findings.size(), SloNames().size() + 1);
  EXPECT_EQ(verdict.findings.back().slo, "DlqEmpty");
  EXPECT_EQ(verdict.findings.back().outcome, Outcome::kPass);

  Observations interrupted = Healthy();
  interrupted.run.interrupted = true;
  const Verdict cut_short = Evaluate(interrupted, slos);
  EXPECT_EQ(cut_short.Find("DlqEmpty")->outcome, Outcome::kInconclusive);
}

}  // namespace
}  // namespace slogate::slo
