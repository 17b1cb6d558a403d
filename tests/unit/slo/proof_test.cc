// What a run's numbers prove: the bounds behind ErrorRate and LatencyP95 verdicts, with known
// counts (docs/slo.md, "Confidence").
#include "proof.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace slogate::testing;

// `rps` x `seconds` requests, `errors` of them 503s, spread evenly over the seconds.
Observations RunWithErrors(double rps, int seconds, uint64_t errors) {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run = SteadyRun(rps, seconds);
  run.ok = run.completed - errors;
  run.errors = errors;
  run.status_counts[200] = run.ok;
  if (errors > 0) run.status_counts[503] = run.error_status_counts[503] = errors;
  run.errors_by_category[load::ErrorCategory::kStatus5xx] = errors;
  for (uint64_t i = 0; i < errors; ++i)
    run.per_second[i * run.per_second.size() / errors].errors += 1;
  return observations;
}

TEST(ProofTest, NoErrorInSeventyFiveRequestsIsNotEnoughToTell) {
  const Finding finding = ErrorRate(RunWithErrors(5, 15, 0), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("ErrorRate INCONCLUSIVE (profile smoke, env local): not enough requests "
                        "to tell: 0 errors in 75 requests bound the error rate at 3.9% (95% "
                        "confidence); 598 requests with no error would show < 0.5%"));
  EXPECT_THAT(finding.message, Not(HasSubstr("not trustworthy")));
  EXPECT_THAT(finding.message, Not(HasSubstr(">=")));
  ASSERT_TRUE(finding.evidence.has_value());
  EXPECT_NEAR(*finding.evidence->bound, 1 - std::pow(0.05, 1.0 / 75), 1e-9);
  EXPECT_EQ(finding.evidence->sample_size, 75u);
  EXPECT_EQ(finding.evidence->method, "clopper-pearson");
  EXPECT_EQ(finding.evidence->needed, "598 requests with no error would show < 0.5%");
}

TEST(ProofTest, NoErrorInSixHundredRequestsProvesIt) {
  const Finding finding = ErrorRate(RunWithErrors(50, 12, 0), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("proven: 0 errors in 600 requests bound the error rate "
                                         "at 0.498% (95% confidence) < 0.5%"));
  EXPECT_LT(*finding.evidence->bound, 0.005);
  EXPECT_TRUE(finding.evidence->needed.empty());
}

struct ThousandsCase {
  std::string name;
  uint64_t errors;
  Outcome expected;
};

class ProofOfThreeThousandTest : public ::testing::TestWithParam<ThousandsCase> {};

// 3000 requests prove < 0.5% with at most 8 errors; 9 stay within the threshold (0.3%) but
// bound the rate above it.
TEST_P(ProofOfThreeThousandTest, EightErrorsProveItNineDoNot) {
  const Finding finding = ErrorRate(RunWithErrors(100, 30, GetParam().errors), DefaultSlos());
  EXPECT_EQ(finding.outcome, GetParam().expected) << finding.message;
  EXPECT_EQ(finding.evidence->sample_size, 3000u);
  EXPECT_EQ(finding.evidence->failures, GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(Counts, ProofOfThreeThousandTest,
                         ::testing::Values(ThousandsCase{"Eight", 8, Outcome::kPass},
                                           ThousandsCase{"Nine", 9, Outcome::kInconclusive}),
                         [](const ::testing::TestParamInfo<ThousandsCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(ProofTest, NineErrorsSayWhatThreeThousandRequestsCanProve) {
  const Finding finding = ErrorRate(RunWithErrors(100, 30, 9), DefaultSlos());
  EXPECT_THAT(finding.message, HasSubstr("not enough requests to tell: 9 errors in 3000 requests "
                                         "bound the error rate at 0.52% (95% confidence); 3000 "
                                         "requests prove < 0.5% with at most 8 errors"));
}

TEST(ProofTest, ABreachByTheRunsOwnValueFails) {
  const Finding finding = ErrorRate(RunWithErrors(5, 15, 1), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("error rate 1.333% >= 0.5% threshold"));
}

TEST(ProofTest, PointEstimatesSaySoAndWhatWouldProveThem) {
  const Finding pass = ErrorRate(RunWithErrors(5, 15, 0), PointEstimateSlos());
  EXPECT_EQ(pass.outcome, Outcome::kPass) << pass.message;
  EXPECT_THAT(pass.message, HasSubstr("; a point estimate, not proof (confidence \"none\"): at "
                                      "95% confidence, 598 requests with no error would show "
                                      "< 0.5%"));
  EXPECT_TRUE(pass.evidence->point_estimate());
  EXPECT_FALSE(pass.evidence->bound.has_value());
  const Finding fail = ErrorRate(RunWithErrors(5, 15, 1), PointEstimateSlos());
  EXPECT_EQ(fail.outcome, Outcome::kFail) << fail.message;
  // A FAIL rests on the run's own value whatever the confidence: no "not proof" label.
  EXPECT_THAT(fail.message, Not(HasSubstr("not proof")));
  const Finding latency = LatencyP95(RunWithErrors(5, 15, 0), PointEstimateSlos());
  EXPECT_EQ(latency.outcome, Outcome::kPass) << latency.message;
  EXPECT_THAT(latency.message, HasSubstr("a point estimate, not proof (confidence \"none\"): at "
                                         "95% confidence, this run's own numbers would prove it "
                                         "too (upper bound "));
  // 600 clean requests: the error rate's own bound at 95% is within 0.5% as well.
  const Finding provable = ErrorRate(RunWithErrors(40, 15, 0), PointEstimateSlos());
  EXPECT_THAT(provable.message, HasSubstr("at 95% confidence, this run's own numbers would prove "
                                          "it too (upper bound 0.498%)"));
}

TEST(ProofTest, EvidenceIsInTheMeasurements) {
  const Finding finding = ErrorRate(RunWithErrors(5, 15, 0), DefaultSlos());
  std::vector<std::string> names;
  for (const Measurement& measurement : finding.measurements) names.push_back(measurement.name);
  for (const char* name :
       {"confidence", "bound", "sample_size", "effective_sample_size", "design_effect"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(ProofTest, FewerThanFiftyNineOkResponsesCannotBoundAP95) {
  const Finding finding = LatencyP95(RunWithErrors(4, 10, 0), DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("LatencyP95 INCONCLUSIVE (profile smoke, env local): too few OK responses "
                        "to bound a p95: 40 OK responses; at least 59 OK responses are needed to "
                        "bound a p95 at 95% confidence"));
  EXPECT_FALSE(finding.evidence->bound.has_value());
}

// 3000 OK responses over 30 s, 100 of them at 400 ms (the threshold is 300 ms): spread over
// every second, or packed into five seconds.
Observations SlowResponses(bool clustered) {
  Observations observations = RunWithErrors(100, 30, 0);
  load::RunResult& run = observations.run;
  run.ok_latency.Reset();
  run.ok_latency.RecordCount(20ms, 2900);
  run.ok_latency.RecordCount(400ms, 100);
  run.latency = run.ok_latency;
  run.latency_mark = 300ms;
  for (size_t i = 0; i < run.per_second.size(); ++i) {
    if (clustered) {
      run.per_second[i].ok_slow = i < 5 ? 20 : 0;
    } else {
      run.per_second[i].ok_slow = i < 10 ? 4 : 3;
    }
  }
  return observations;
}

TEST(ProofTest, SlowSecondsTogetherWidenTheLatencyBound) {
  const Finding spread = LatencyP95(SlowResponses(false), DefaultSlos());
  const Finding clustered = LatencyP95(SlowResponses(true), DefaultSlos());
  ASSERT_TRUE(spread.evidence && clustered.evidence);
  EXPECT_EQ(spread.evidence->failures, 100u);
  EXPECT_EQ(clustered.evidence->failures, 100u);
  EXPECT_TRUE(clustered.evidence->design_effect_measured);
  EXPECT_GT(clustered.evidence->design_effect, spread.evidence->design_effect);
  ASSERT_TRUE(spread.evidence->bound && clustered.evidence->bound);
  EXPECT_GT(*clustered.evidence->bound, *spread.evidence->bound);
  EXPECT_EQ(spread.outcome, Outcome::kPass) << spread.message;
  EXPECT_EQ(clustered.outcome, Outcome::kInconclusive) << clustered.message;
  EXPECT_THAT(clustered.message, HasSubstr("design effect"));
}

TEST(ProofTest, WithoutTheThresholdAsMarkIndependenceIsAssumedAndSaid) {
  Observations observations = SlowResponses(true);
  observations.run.latency_mark = 0ms;
  const Finding finding = LatencyP95(observations, DefaultSlos());
  EXPECT_FALSE(finding.evidence->design_effect_measured);
  EXPECT_THAT(finding.message,
              HasSubstr("independence assumed (slow responses per second were not counted "
                        "against this threshold)"));
}

TEST(ProofTest, BoundPercentNeverReadsAsTheThreshold) {
  EXPECT_EQ(internal::BoundPercent(0.039170, 0.005), "3.9%");
  EXPECT_EQ(internal::BoundPercent(0.00498, 0.005), "0.498%");
  EXPECT_EQ(internal::BoundPercent(0.0052, 0.005), "0.52%");
  EXPECT_EQ(internal::BoundPercent(0.98513, 0.995), "98.5%");
}

}  // namespace
}  // namespace slogate::slo
