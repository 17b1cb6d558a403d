// Message wording and number formatting shared by every SLO.
#include "judge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "observations_builder.h"

namespace slogate::slo::internal {
namespace {

using ::testing::StartsWith;

struct NumCase {
  std::string name;
  double value;
  int decimals;
  std::string text;
};

class NumTest : public ::testing::TestWithParam<NumCase> {};

TEST_P(NumTest, FixedDecimalsWithoutTrailingZeros) {
  EXPECT_EQ(Num(GetParam().value, GetParam().decimals), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NumTest,
    ::testing::Values(NumCase{"Whole", 150, 1, "150"}, NumCase{"OneDecimal", 212.44, 1, "212.4"},
                      NumCase{"RoundsToNearest", 0.126, 2, "0.13"}, NumCase{"Zero", 0, 3, "0"},
                      NumCase{"NegativeZero", -0.0001, 2, "0"}, NumCase{"Small", 0.005, 3, "0.005"},
                      NumCase{"Infinite", INFINITY, 1, "+Inf"}, NumCase{"NaN", NAN, 1, "NaN"}),
    [](const ::testing::TestParamInfo<NumCase>& param_info) { return param_info.param.name; });

TEST(JudgeTest, PercentAndDurations) {
  EXPECT_EQ(Percent(0.005), "0.5%");
  EXPECT_EQ(Percent(0.995), "99.5%");
  EXPECT_EQ(Percent(1.0 / 3), "33.333%");
  EXPECT_EQ(Millis(std::chrono::microseconds(212400)), "212.4 ms");
  EXPECT_EQ(SecondsText(2), "2 s");
  EXPECT_EQ(SecondsText(0.1), "0.1 s");
  EXPECT_EQ(SecondsText(0.003049), "3.05 ms");
  EXPECT_EQ(SecondsText(0), "0 s");
}

TEST(JudgeTest, InconclusiveWordingDiffersFromABreach) {
  const Observations observations = testing::Healthy();
  const SloSet slos = testing::DefaultSlos();
  const Judge judge("ErrorRate", observations, slos);
  EXPECT_EQ(judge.Fail("x").message, "ErrorRate FAIL (profile smoke, env local): x");
  EXPECT_EQ(judge.Inconclusive("x").message,
            "ErrorRate INCONCLUSIVE (profile smoke, env local): cannot judge, the measurement is "
            "not trustworthy: x");
  EXPECT_THAT(judge.Skipped("x").message, StartsWith("ErrorRate SKIPPED (profile smoke"));
}

// Too small a run to prove an SLO is not an untrustworthy measurement: no such prefix.
TEST(JudgeTest, UnprovenIsInconclusiveWithoutTheUntrustworthyPrefix) {
  const Observations observations = testing::Healthy();
  const SloSet slos = testing::DefaultSlos();
  const Judge judge("ErrorRate", observations, slos);
  const Finding finding = judge.Unproven("not enough requests to tell: x");
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_EQ(finding.message,
            "ErrorRate INCONCLUSIVE (profile smoke, env local): not enough requests to tell: x");
}

TEST(JudgeTest, EvidenceIsCarriedWithItsMeasurements) {
  const Observations observations = testing::Healthy();
  const SloSet slos = testing::DefaultSlos();
  Judge judge("ErrorRate", observations, slos);
  Evidence evidence;
  evidence.confidence = 0.95;
  evidence.bound = 0.039;
  evidence.sample_size = 75;
  evidence.effective_sample_size = 50;
  evidence.design_effect = 1.5;
  judge.Measured(0, "ratio").WithEvidence(evidence);
  const Finding finding = judge.Pass("ok");
  ASSERT_TRUE(finding.evidence.has_value());
  EXPECT_EQ(finding.evidence->bound, 0.039);
  ASSERT_EQ(finding.measurements.size(), 5u);
  EXPECT_EQ(finding.measurements[0].name, "confidence");
  EXPECT_EQ(finding.measurements[1].name, "bound");
  EXPECT_EQ(finding.measurements[1].unit, "ratio");
  EXPECT_EQ(finding.measurements[1].value, 0.039);
  EXPECT_EQ(finding.measurements[2].value, 75);
  EXPECT_EQ(finding.measurements[3].value, 50);
  EXPECT_EQ(finding.measurements[4].value, 1.5);
}

TEST(JudgeTest, MeasurementsAreCarriedIntoTheFinding) {
  const Observations observations = testing::Healthy();
  const SloSet slos = testing::DefaultSlos();
  Judge judge("LatencyP95", observations, slos);
  judge.Measured(212.4, "ms").Threshold(150).Add("p99_ms", 300, "ms");
  const Finding finding = judge.Pass("ok");
  EXPECT_EQ(finding.measured, 212.4);
  EXPECT_EQ(finding.threshold, 150);
  EXPECT_EQ(finding.unit, "ms");
  ASSERT_EQ(finding.measurements.size(), 1u);
  EXPECT_EQ(finding.measurements[0].name, "p99_ms");
}

}  // namespace
}  // namespace slogate::slo::internal
