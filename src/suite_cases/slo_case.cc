#include "slogate/suite/slo_case.h"

#include <string>

#include "slogate/config/config.h"
#include "slogate/report/case_properties.h"
#include "slogate/report/redact.h"

namespace slogate::suite {

void ExpectFinding(const RunKey& key, const slo::Finding& finding, const slo::Verdict& verdict) {
  // The figures behind the finding, its evidence and an early stop, in the JUnit XML.
  for (const report::CaseProperty& property : report::CaseProperties(finding, verdict)) {
    ::testing::Test::RecordProperty(property.name, property.value);
  }
  SuiteSession::Instance().RecordCaseOutcome(key, finding.slo, finding.outcome);
  // The message may quote what the target sent (an audit URL with an echoed event id).
  const std::string message = report::RedactText(finding.message);
  switch (finding.outcome) {
    case slo::Outcome::kPass:
      SUCCEED() << message;
      break;
    case slo::Outcome::kFail:
      ADD_FAILURE() << "SLO BREACH: " << message;
      break;
    case slo::Outcome::kInconclusive:
      // The finding says why: a measurement that cannot be trusted, or one too small to prove
      // the SLO. Either way nothing is claimed about the target.
      ADD_FAILURE() << "INCONCLUSIVE (not a verdict on the target): " << message;
      break;
    case slo::Outcome::kSkipped:
      GTEST_SKIP() << message;
  }
}

const RunRecord& SloCase::Run() const { return SuiteSession::Instance().Measure(GetParam()); }

slo::SloSet SloCase::Slos() const { return SuiteSession::Instance().SlosFor(GetParam()); }

void SloCase::ExpectSloHeld(std::string_view name) const {
  const RunRecord& record = Run();
  const slo::Finding* finding = record.verdict.Find(name);
  ASSERT_NE(finding, nullptr) << "the evaluation produced no finding for " << name;
  ExpectFinding(GetParam(), *finding, record.verdict);
}

void SloCase::ExpectHeld(std::string_view name, const Rule& rule) const {
  SuiteSession& session = SuiteSession::Instance();
  const RunRecord& record = Run();
  const slo::SloSet slos = Slos();
  const std::string environment(config::EnvironmentName(slos.environment));
  slo::Finding finding =
      record.observations
          ? slo::UnlessInterrupted(
                [&] {
                  slo::Judge judge(name, *record.observations, slos);
                  return rule(judge);
                }(),
                *record.observations)
          : slo::UnmeasuredFinding(name, GetParam().profile, environment, record.error);
  // The rule names its finding through the Judge; a finding built by hand is named here.
  finding.slo = std::string(name);
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string owner =
      test != nullptr ? std::string(test->test_suite_name()) + "." + test->name() : "";
  const Status added = session.AddFinding(GetParam(), finding, owner);
  ASSERT_TRUE(added.ok()) << added.error().message;
  ExpectFinding(GetParam(), finding, Run().verdict);
}

std::string RunKeyTestName(const ::testing::TestParamInfo<RunKey>& info) {
  return RunKeyName(info.param);
}

}  // namespace slogate::suite
