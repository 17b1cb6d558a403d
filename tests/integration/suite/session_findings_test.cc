// A team's own findings join a run's verdict (SuiteSession::AddFinding, behind SloCase): under a
// name of their own, never over a bundled SLO or a metric check, and a run that could not be
// measured still has a finding for every metric check.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "loopback.h"
#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

using ::testing::HasSubstr;

slo::Finding Named(std::string name, slo::Outcome outcome) {
  slo::Finding finding;
  finding.slo = std::move(name);
  finding.outcome = outcome;
  finding.message = finding.slo + " " + std::string(slo::OutcomeName(outcome));
  return finding;
}

TEST(SessionFindingsTest, AFindingOfItsOwnJoinsTheVerdictAndNoneReplacesABundledOne) {
  const std::filesystem::path profiles = std::filesystem::temp_directory_path() /
                                         ("session-findings-" + std::to_string(getpid()) + ".json");
  std::ofstream(profiles) << R"({"profiles": {"p": {"duration": "1s", "metric_checks": [
      {"name": "DlqEmpty", "kind": "gauge", "of": "gateway_dlq_depth", "must_be": "<= 0"}]}}})";
  // Nothing listens: the run cannot be measured, and that is all this test needs of it.
  const testing::LoopbackPort refusing = testing::LoopbackPort::Refusing();
  const std::map<std::string, std::string> env = {{"TARGET_URL", refusing.Url()}};
  SuiteFlags flags;
  flags.profiles_file = profiles.string();
  flags.profiles = {"p"};
  SuiteSession& session = SuiteSession::Instance();
  const Status configured = session.Configure(flags, [&](std::string_view name) {
    const auto found = env.find(std::string(name));
    return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
  });
  std::filesystem::remove(profiles);
  ASSERT_TRUE(configured.ok()) << configured.error().ToString();
  const RunKey key{"p", "write"};

  const RunRecord& record = session.Measure(key);
  // Unmeasured, yet judged: the nine SLOs and the metric check, each INCONCLUSIVE.
  ASSERT_EQ(record.verdict.findings.size(), slo::SloNames().size() + 1);
  ASSERT_NE(record.verdict.Find("DlqEmpty"), nullptr);
  EXPECT_EQ(record.verdict.Find("DlqEmpty")->outcome, slo::Outcome::kInconclusive);

  for (const char* taken : {"ErrorRate", "DlqEmpty"}) {
    const Status refused = session.AddFinding(key, Named(taken, slo::Outcome::kPass), "Case.A");
    ASSERT_FALSE(refused.ok()) << taken;
    EXPECT_THAT(refused.error().message, HasSubstr("already judged"));
    EXPECT_NE(record.verdict.Find(taken)->outcome, slo::Outcome::kPass) << taken;
  }

  ASSERT_TRUE(session.AddFinding(key, Named("QueueDrained", slo::Outcome::kFail), "Case.A").ok());
  EXPECT_EQ(record.verdict.findings.back().slo, "QueueDrained");
  EXPECT_EQ(record.verdict.overall, slo::Outcome::kFail);
  // Another case under the same name would overwrite the first's verdict: refused.
  const Status other =
      session.AddFinding(key, Named("QueueDrained", slo::Outcome::kPass), "Case.B");
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.error().message, HasSubstr("already judged by Case.A"));
  EXPECT_EQ(record.verdict.Find("QueueDrained")->outcome, slo::Outcome::kFail);
  // The same case again (--gtest_repeat): its finding is replaced, not added twice.
  ASSERT_TRUE(
      session.AddFinding(key, Named("QueueDrained", slo::Outcome::kSkipped), "Case.A").ok());
  EXPECT_EQ(record.verdict.findings.size(), slo::SloNames().size() + 2);
  EXPECT_EQ(record.verdict.Find("QueueDrained")->outcome, slo::Outcome::kSkipped);
  EXPECT_EQ(record.verdict.overall, slo::Outcome::kInconclusive);
}

}  // namespace
}  // namespace slogate::suite
