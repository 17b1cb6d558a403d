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

TEST(UnmeasuredVerdictTest, EverySloIsInconclusiveWithTheJudgesWording) {
  const Verdict verdict = UnmeasuredVerdict("smoke", "local", "the target never became ready");
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
  ASSERT_EQ(verdict.findings.size(), SloNames().size());
  for (size_t i = 0; i < verdict.findings.size(); ++i) {
    const Finding& finding = verdict.findings[i];
    EXPECT_EQ(finding.slo, SloNames()[i]);
    EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
    EXPECT_EQ(finding.profile, "smoke");
    EXPECT_EQ(finding.environment, "local");
  }
  EXPECT_EQ(verdict.findings.front().message,
            "ErrorRate INCONCLUSIVE (profile smoke, env local): cannot judge, the measurement is "
            "not trustworthy: the run could not be measured: the target never became ready");
}

}  // namespace
}  // namespace slogate::slo
