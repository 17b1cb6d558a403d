// The SLO conformance cases: one TEST_P per SLO, parameterized over the selected
// (profile, endpoint) runs. Each asserts on one slo::Finding; the judgement itself lives in
// src/slo. Filter with --gtest_filter=*LatencyP95* etc.
#include <gtest/gtest.h>

#include <string>

#include "slogate/report/case_properties.h"
#include "slogate/report/redact.h"
#include "slogate/slo/finding.h"
#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

// Keeps the figures behind a finding, its evidence and an early stop in the JUnit XML
// (--gtest_output=xml).
void RecordFigures(const slo::Finding& finding, const slo::Verdict& verdict) {
  for (const report::CaseProperty& property : report::CaseProperties(finding, verdict)) {
    ::testing::Test::RecordProperty(property.name, property.value);
  }
}

class SloConformance : public ::testing::TestWithParam<RunKey> {
 protected:
  // Measures the run (once per parameter, shared by all SLO cases) and asserts on `slo`.
  void ExpectSloHeld(std::string_view slo) {
    const RunRecord& record = SuiteSession::Instance().Measure(GetParam());
    const slo::Finding* finding = record.verdict.Find(slo);
    ASSERT_NE(finding, nullptr) << "the evaluation produced no finding for " << slo;
    RecordFigures(*finding, record.verdict);
    SuiteSession::Instance().RecordCaseOutcome(GetParam(), std::string(slo), finding->outcome);
    // The message may quote what the target sent (an audit URL with an echoed event id).
    const std::string message = report::RedactText(finding->message);
    switch (finding->outcome) {
      case slo::Outcome::kPass:
        SUCCEED() << message;
        break;
      case slo::Outcome::kFail:
        ADD_FAILURE() << "SLO BREACH: " << message;
        break;
      case slo::Outcome::kInconclusive:
        // The finding says why: a measurement that cannot be trusted, or one too small to
        // prove the SLO. Either way nothing is claimed about the target.
        ADD_FAILURE() << "INCONCLUSIVE (not a verdict on the target): " << message;
        break;
      case slo::Outcome::kSkipped:
        GTEST_SKIP() << message;
    }
  }
};

TEST_P(SloConformance, ErrorRate) { ExpectSloHeld("ErrorRate"); }
TEST_P(SloConformance, LatencyP95) { ExpectSloHeld("LatencyP95"); }
TEST_P(SloConformance, WriteThroughAttempts) { ExpectSloHeld("WriteThroughAttempts"); }
TEST_P(SloConformance, WriteThroughResultsOk) { ExpectSloHeld("WriteThroughResultsOk"); }
TEST_P(SloConformance, WalResultsOk) { ExpectSloHeld("WalResultsOk"); }
TEST_P(SloConformance, ReplicationLag) { ExpectSloHeld("ReplicationLag"); }
TEST_P(SloConformance, DlqDepth) { ExpectSloHeld("DlqDepth"); }
TEST_P(SloConformance, ZeroLoss) { ExpectSloHeld("ZeroLoss"); }
TEST_P(SloConformance, Reconciliation) { ExpectSloHeld("Reconciliation"); }

// The runs come from the session, configured in main() before gtest registers these tests.
INSTANTIATE_TEST_SUITE_P(Profile, SloConformance,
                         ::testing::ValuesIn(SuiteSession::Instance().selected()),
                         [](const ::testing::TestParamInfo<RunKey>& param_info) {
                           return RunKeyName(param_info.param);
                         });

}  // namespace
}  // namespace slogate::suite
