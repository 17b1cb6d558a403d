// A PASS is a proof: the self-test cases of confidence-aware verdicts, fail-fast and windowed
// SLOs, each run by slogate_suite against a fresh reference gateway as CI would run it.
//
// - a short healthy run has too few requests to prove an error rate under 0.5%: INCONCLUSIVE
//   for want of evidence at 95%, or a PASS labelled a point estimate under confidence "none";
// - the same healthy gateway over a run long enough to prove it: PASS, with bounds in the
//   results file;
// - a clear breach under abort_on_breach: FAIL, aborted long before the schedule's end;
// - errors packed into a few seconds that the whole run's rate hides: FAIL naming the window.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mid_run_action.h"
#include "refgw_process.h"
#include "slogate/config/config.h"
#include "slogate/suite/exit_code.h"
#include "suite_child.h"
#include "target_env.h"

namespace slogate::selftest {
namespace {

struct ProofRun {
  SuiteRun run;
  nlohmann::json results;
};

// Runs `profile` of selftest.json against a fresh gateway started with `faults`, with
// `extra_env` added to the suite's environment and `actions` fired mid-run.
ProofRun RunProfile(const std::string& profile, const std::string& faults = "{}",
                    const std::vector<std::pair<std::string, std::string>>& extra_env = {},
                    const std::vector<MidRunAction>& actions = {}) {
  ProofRun proof;
  auto suite = FindSuiteBinary();
  EXPECT_TRUE(suite.ok()) << suite.error().message;
  if (!suite.ok()) return proof;
  testing::RefgwOptions options;
  options.args = {"--faults=" + faults};
  auto gateway = testing::RefgwProcess::Start(std::move(options));
  EXPECT_TRUE(gateway.ok()) << gateway.error().message;
  if (!gateway.ok()) return proof;

  SuiteInvocation invocation;
  invocation.args = {"--profile=" + profile};
  invocation.env = TargetEnvironment(**gateway, "local");
  invocation.env.insert(invocation.env.end(), extra_env.begin(), extra_env.end());
  std::vector<std::unique_ptr<MidRunTrigger>> triggers;
  for (const MidRunAction& action : actions) {
    triggers.push_back(
        std::make_unique<MidRunTrigger>(action, (*gateway)->ApiUrl(), (*gateway)->MetricsUrl()));
  }
  auto run = RunSuite(*suite, invocation);
  EXPECT_TRUE(run.ok()) << run.error().message;
  if (!run.ok()) return proof;
  for (const auto& trigger : triggers) {
    EXPECT_TRUE(trigger->fired()) << "a mid-run fault never fired: " << trigger->error();
  }
  proof.run = std::move(*run);
  auto results = ReadResultsFile(proof.run);
  EXPECT_TRUE(results.ok()) << results.error().message;
  if (results.ok()) proof.results = std::move(*results);
  return proof;
}

// A run whose generator fell behind its schedule measured nothing (the suite says so); the
// machine was too busy, and the test is skipped with the suite's reason rather than failed.
#define SKIP_IF_THE_GENERATOR_WAS_LATE(proof)                                          \
  for (const auto& [late_slo, late_result] : (proof).run.by_slo) {                   \
    if (GeneratorWasLate(late_result)) {                                             \
      GTEST_SKIP() << "the machine was too busy to measure: " << late_result.message; \
    }                                                                                \
  }

const nlohmann::json* FindingOf(const nlohmann::json& results, const std::string& slo) {
  for (const auto& finding : results["verdict"]["findings"]) {
    if (finding.value("slo", "") == slo) return &finding;
  }
  return nullptr;
}

TEST(ProofTest, AShortHealthyRunIsInconclusiveForWantOfEvidence) {
  const ProofRun proof = RunProfile("proof_short");
  SKIP_IF_THE_GENERATOR_WAS_LATE(proof);
  SCOPED_TRACE("suite output in " + proof.run.log_path);
  const CaseResult& error_rate = proof.run.by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "INCONCLUSIVE") << error_rate.message;
  EXPECT_NE(error_rate.message.find("not enough requests to tell"), std::string::npos)
      << error_rate.message;
  EXPECT_NE(error_rate.message.find("598 requests with no error would show < 0.5%"),
            std::string::npos)
      << error_rate.message;
  // Nothing is wrong with the target: no SLO fails, and CI may retry a longer run.
  for (const auto& [slo, result] : proof.run.by_slo) {
    EXPECT_NE(CaseOutcomeName(result.outcome), "FAIL") << slo << ": " << result.message;
  }
  EXPECT_EQ(proof.run.exit_status, suite::kExitInconclusive);
  const nlohmann::json* finding = FindingOf(proof.results, "ErrorRate");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ((*finding)["evidence"]["confidence"], 0.95);
  EXPECT_GT((*finding)["evidence"]["bound"].get<double>(), 0.005);
}

TEST(ProofTest, TheSameShortRunUnderConfidenceNoneIsAPassLabelledAPointEstimate) {
  const ProofRun proof = RunProfile("proof_short", "{}", {{"SLO_CONFIDENCE", "none"}});
  SKIP_IF_THE_GENERATOR_WAS_LATE(proof);
  SCOPED_TRACE("suite output in " + proof.run.log_path);
  const CaseResult& error_rate = proof.run.by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "PASS") << error_rate.message;
  EXPECT_NE(error_rate.message.find("point estimate"), std::string::npos) << error_rate.message;
  EXPECT_EQ(proof.run.exit_status, suite::kExitPassed);
}

TEST(ProofTest, ALongEnoughHealthyRunIsProven) {
  const ProofRun proof = RunProfile("proof_long");
  SKIP_IF_THE_GENERATOR_WAS_LATE(proof);
  SCOPED_TRACE("suite output in " + proof.run.log_path);
  for (const std::string slo : {"ErrorRate", "LatencyP95", "WriteThroughResultsOk",
                                "WalResultsOk"}) {
    const CaseResult& result = proof.run.by_slo.at(slo);
    EXPECT_EQ(CaseOutcomeName(result.outcome), "PASS") << slo << ": " << result.message;
    const nlohmann::json* finding = FindingOf(proof.results, slo);
    ASSERT_NE(finding, nullptr) << slo;
    EXPECT_EQ((*finding)["evidence"]["confidence"], 0.95) << slo;
    EXPECT_TRUE((*finding)["evidence"].contains("bound")) << slo << ": " << finding->dump();
  }
  const nlohmann::json* error_rate = FindingOf(proof.results, "ErrorRate");
  ASSERT_NE(error_rate, nullptr);
  EXPECT_LT((*error_rate)["evidence"]["bound"].get<double>(), 0.005);
  EXPECT_EQ(proof.run.exit_status, suite::kExitPassed);
}

TEST(ProofTest, AClearBreachFailsEarlyUnderAbortOnBreach) {
  // Every other answer a 500, in a 40 s profile with a 2 s grace: certain from the first
  // second, so the run must stop a little after the grace, far from its scheduled end.
  const ProofRun proof = RunProfile("abortable", R"({"error":{"status":500,"every":2}})");
  SKIP_IF_THE_GENERATOR_WAS_LATE(proof);
  SCOPED_TRACE("suite output in " + proof.run.log_path);
  const CaseResult& error_rate = proof.run.by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "FAIL") << error_rate.message;
  EXPECT_EQ(proof.run.exit_status, suite::kExitBreach);
  const auto& early_stop = proof.results["verdict"]["early_stop"];
  ASSERT_TRUE(early_stop.is_object()) << proof.results["verdict"].dump();
  EXPECT_EQ(early_stop["slo"], "ErrorRate");
  EXPECT_LT(early_stop["at_s"].get<double>(), 20.0) << early_stop.dump();
  EXPECT_NE(early_stop["text"].get<std::string>().find("aborted at +"), std::string::npos);
  const auto& run = proof.results["run"];
  EXPECT_EQ(run["aborted"], true);
  // 40 rps x 40 s scheduled: an abort at the grace's end sends a small part of it.
  EXPECT_LT(run["sent"].get<double>(), run["scheduled"].get<double>() / 2) << run.dump();
}

TEST(ProofTest, AWindowedBreachThatTheWholeRunHidesFailsNamingTheWindow) {
  // 50 rps for 40 s (about 2000 requests); between the 400th and the 450th stored write every
  // 10th answer is a 500: about 5 errors, under 0.5% of the whole run, but over 2% of the
  // 5 s windows that hold them.
  const std::vector<MidRunAction> actions = {
      {400, "/v1/admin/faults", R"({"error":{"status":500,"every":10}})"},
      {450, "/v1/admin/faults", "{}"}};
  const ProofRun proof = RunProfile("windowed", "{}", {}, actions);
  SKIP_IF_THE_GENERATOR_WAS_LATE(proof);
  SCOPED_TRACE("suite output in " + proof.run.log_path);
  const auto& run = proof.results["run"];
  const double errors = run["errors"].get<double>();
  const double completed = run["completed"].get<double>();
  ASSERT_GT(errors, 0) << run.dump();
  ASSERT_LT(errors / completed, 0.005) << "the whole run breached on its own: " << run.dump();
  const CaseResult& error_rate = proof.run.by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "FAIL") << error_rate.message;
  EXPECT_NE(error_rate.message.find("window +"), std::string::npos) << error_rate.message;
  EXPECT_EQ(proof.run.exit_status, suite::kExitBreach);
}

}  // namespace
}  // namespace slogate::selftest
