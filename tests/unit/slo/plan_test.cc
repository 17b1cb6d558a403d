#include "slogate/slo/plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The default profile file's local thresholds: ErrorRate < 0.5%, p95 < 300 ms, write-through
// ok share >= 99.5%, WAL error share <= 0.5%. Expected counts are exact binomial sums
// (P(Bin(n, 0.005) <= f) < 0.05; the smallest k with P(Bin(n, 0.95) <= k - 1) >= 0.95).
SloSet LocalSlos(double confidence = 0.95) {
  SloSet slos;
  slos.thresholds.max_error_rate = 0.005;
  slos.thresholds.latency_p95 = std::chrono::milliseconds(300);
  slos.thresholds.min_write_through_ok_share = 0.995;
  slos.thresholds.max_wal_error_share = 0.005;
  slos.rules.confidence = confidence;
  return slos;
}

const PlanLine& Line(const ProofPlan& plan, const std::string& slo) {
  for (const PlanLine& line : plan.lines) {
    if (line.slo == slo) return line;
  }
  ADD_FAILURE() << "no plan line for " << slo;
  static const PlanLine kMissing;
  return kMissing;
}

TEST(PlanProofTest, OneFailureIsNamedInTheSingular) {
  // 1 error of 1000 bounds the rate at 0.474% (< 0.5%), 2 at 0.63%.
  const ProofPlan plan = PlanProof("gate", 1000, LocalSlos());
  const PlanLine& error_rate = Line(plan, "ErrorRate");
  EXPECT_EQ(error_rate.most_failures, 1u);
  EXPECT_THAT(error_rate.text, HasSubstr("provable with at most 1 error"));
  EXPECT_THAT(error_rate.text, Not(HasSubstr("1 errors")));
}

TEST(PlanProofTest, SoakOfThreeThousandProvesEverySloWithRoomForFailures) {
  const ProofPlan plan = PlanProof("soak", 3000, LocalSlos());
  EXPECT_EQ(plan.requests, 3000u);
  EXPECT_TRUE(plan.AllProvable());
  ASSERT_EQ(plan.lines.size(), 4u);
  EXPECT_EQ(Line(plan, "ErrorRate").most_failures, 8u);
  EXPECT_EQ(Line(plan, "LatencyP95").most_failures, 130u);
  EXPECT_EQ(Line(plan, "WriteThroughResultsOk").most_failures, 8u);
  EXPECT_EQ(Line(plan, "WalResultsOk").most_failures, 8u);
  EXPECT_EQ(Line(plan, "ErrorRate").text, "ErrorRate < 0.5% is provable with at most 8 errors");
  EXPECT_EQ(Line(plan, "LatencyP95").text,
            "LatencyP95 < 300 ms is provable with at most 130 requests taking 300 ms or more");
  EXPECT_EQ(Line(plan, "WalResultsOk").text,
            "WalResultsOk (error share <= 0.5%) is provable with at most 8 WAL errors");
}

TEST(PlanProofTest, SmokeOfSeventyFiveCannotProveTheRates) {
  const ProofPlan plan = PlanProof("smoke", 75, LocalSlos());
  EXPECT_FALSE(plan.AllProvable());
  const PlanLine& errors = Line(plan, "ErrorRate");
  EXPECT_FALSE(errors.provable);
  EXPECT_FALSE(errors.most_failures.has_value());
  EXPECT_EQ(errors.needed, 598u);
  EXPECT_EQ(errors.text,
            "75 requests cannot prove ErrorRate < 0.5% even with no error (598 needed)");
  EXPECT_FALSE(Line(plan, "WriteThroughResultsOk").provable);
  EXPECT_FALSE(Line(plan, "WalResultsOk").provable);
  // 75 values bound the p95 only by the slowest of them.
  EXPECT_TRUE(Line(plan, "LatencyP95").provable);
  EXPECT_EQ(Line(plan, "LatencyP95").most_failures, 0u);
  EXPECT_EQ(Line(plan, "LatencyP95").text,
            "LatencyP95 < 300 ms is provable only with no request taking 300 ms or more");
}

TEST(PlanProofTest, SixHundredProvesTheRatesOnlyWithoutFailure) {
  const ProofPlan plan = PlanProof("mid", 600, LocalSlos());
  EXPECT_TRUE(plan.AllProvable());
  EXPECT_EQ(Line(plan, "ErrorRate").most_failures, 0u);
  EXPECT_EQ(Line(plan, "WriteThroughResultsOk").most_failures, 0u);
  EXPECT_EQ(Line(plan, "LatencyP95").most_failures, 20u);
  EXPECT_EQ(Line(plan, "ErrorRate").text, "ErrorRate < 0.5% is provable only with no error");
}

TEST(PlanProofTest, LatencyNeedsFiftyNineResponses) {
  EXPECT_EQ(Line(PlanProof("tiny", 58, LocalSlos()), "LatencyP95").needed, 59u);
  EXPECT_FALSE(Line(PlanProof("tiny", 58, LocalSlos()), "LatencyP95").provable);
  EXPECT_EQ(Line(PlanProof("tiny", 59, LocalSlos()), "LatencyP95").most_failures, 0u);
}

TEST(PlanProofTest, HigherConfidenceAllowsFewerFailures) {
  const ProofPlan plan = PlanProof("soak", 3000, LocalSlos(0.99));
  EXPECT_EQ(Line(plan, "ErrorRate").most_failures, 6u);
  EXPECT_EQ(Line(plan, "LatencyP95").most_failures, 122u);
  EXPECT_EQ(Line(plan, "ErrorRate").needed, 919u);
  EXPECT_THAT(PlanText(plan), StartsWith("soak: 3000 requests, proof at 99% confidence"));
}

TEST(PlanProofTest, NoRequestsProveNothing) {
  const ProofPlan plan = PlanProof("empty", 0, LocalSlos());
  for (const PlanLine& line : plan.lines) {
    EXPECT_FALSE(line.provable) << line.slo;
    EXPECT_THAT(line.text, StartsWith("0 requests cannot prove")) << line.slo;
  }
}

TEST(PlanProofTest, ThresholdsComeFromTheSloSet) {
  SloSet slos = LocalSlos();
  slos.thresholds.latency_p95 = std::chrono::milliseconds(150);
  slos.thresholds.max_error_rate = 0.01;
  const ProofPlan plan = PlanProof("soak", 3000, slos);
  EXPECT_THAT(Line(plan, "ErrorRate").text, StartsWith("ErrorRate < 1% is provable"));
  EXPECT_THAT(Line(plan, "LatencyP95").text, HasSubstr("taking 150 ms or more"));
}

TEST(PlanProofTest, PointEstimatesProveNothingAndSayWhatNinetyFivePercentWould) {
  const ProofPlan plan = PlanProof("soak", 3000, LocalSlos(0));
  EXPECT_EQ(plan.confidence, 0);
  EXPECT_FALSE(plan.AllProvable());
  const PlanLine& errors = Line(plan, "ErrorRate");
  EXPECT_FALSE(errors.provable);
  EXPECT_FALSE(errors.most_failures.has_value());
  EXPECT_EQ(errors.text,
            "ErrorRate is judged by its point estimate; at 95% confidence: ErrorRate < 0.5% is "
            "provable with at most 8 errors");
  const std::string text = PlanText(plan);
  EXPECT_THAT(text, HasSubstr("confidence \"none\": verdicts are point estimates, not proof"));
  EXPECT_THAT(text, HasSubstr("\nwarning: soak judges by point estimates"));
}

TEST(PlanTextTest, HeadingThenOneLinePerSloAndNoWarningWhenAllProvable) {
  const std::string text = PlanText(PlanProof("soak", 3000, LocalSlos()));
  EXPECT_EQ(text,
            "soak: 3000 requests, proof at 95% confidence assuming independent requests (errors "
            "or slow responses that cluster in time widen the run's own bounds):\n"
            "  ErrorRate < 0.5% is provable with at most 8 errors\n"
            "  LatencyP95 < 300 ms is provable with at most 130 requests taking 300 ms or more\n"
            "  WriteThroughResultsOk (ok share >= 99.5%) is provable with at most 8 non-ok "
            "write-through results\n"
            "  WalResultsOk (error share <= 0.5%) is provable with at most 8 WAL errors\n");
  EXPECT_THAT(text, Not(HasSubstr("warning")));
}

TEST(PlanTextTest, WarnsNamingTheUnprovableSlosAndTheSizeNeeded) {
  const std::string text = PlanText(PlanProof("smoke", 75, LocalSlos()));
  EXPECT_THAT(text, HasSubstr("\n  75 requests cannot prove ErrorRate < 0.5% even with no error "
                              "(598 needed)\n"));
  EXPECT_THAT(text, HasSubstr("\nwarning: smoke cannot prove ErrorRate, WriteThroughResultsOk, "
                              "WalResultsOk at 95% confidence: a run that meets them is "
                              "INCONCLUSIVE, not PASS; 598 requests would be needed (raise RPS "
                              "or DURATION)\n"));
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace slogate::slo
