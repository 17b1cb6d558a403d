#include "slogate/slo/finding.h"

#include <gtest/gtest.h>

namespace slogate::slo {
namespace {

Finding With(std::string slo, Outcome outcome) {
  Finding finding;
  finding.slo = std::move(slo);
  finding.outcome = outcome;
  return finding;
}

TEST(FindingTest, OutcomeNames) {
  EXPECT_EQ(OutcomeName(Outcome::kPass), "PASS");
  EXPECT_EQ(OutcomeName(Outcome::kFail), "FAIL");
  EXPECT_EQ(OutcomeName(Outcome::kInconclusive), "INCONCLUSIVE");
  EXPECT_EQ(OutcomeName(Outcome::kSkipped), "SKIPPED");
}

TEST(FindingTest, FailBeatsInconclusiveBeatsPass) {
  EXPECT_EQ(CombineOutcomes({}), Outcome::kPass);
  EXPECT_EQ(CombineOutcomes({With("A", Outcome::kPass), With("B", Outcome::kSkipped)}),
            Outcome::kPass);
  EXPECT_EQ(CombineOutcomes({With("A", Outcome::kPass), With("B", Outcome::kInconclusive)}),
            Outcome::kInconclusive);
  EXPECT_EQ(CombineOutcomes({With("A", Outcome::kFail), With("B", Outcome::kInconclusive)}),
            Outcome::kFail);
}

TEST(FindingTest, VerdictFindsBySloName) {
  Verdict verdict;
  verdict.findings = {With("ErrorRate", Outcome::kPass), With("ZeroLoss", Outcome::kFail)};
  ASSERT_NE(verdict.Find("ZeroLoss"), nullptr);
  EXPECT_EQ(verdict.Find("ZeroLoss")->outcome, Outcome::kFail);
  EXPECT_EQ(verdict.Find("DlqDepth"), nullptr);
}

TEST(FindingTest, SloNamesAreTheNineInOrder) {
  const std::vector<std::string> expected = {"ErrorRate",
                                             "LatencyP95",
                                             "WriteThroughAttempts",
                                             "WriteThroughResultsOk",
                                             "WalResultsOk",
                                             "ReplicationLag",
                                             "DlqDepth",
                                             "ZeroLoss",
                                             "Reconciliation"};
  EXPECT_EQ(SloNames(), expected);
}

}  // namespace
}  // namespace slogate::slo
