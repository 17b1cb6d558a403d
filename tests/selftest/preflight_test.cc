// Pre-flight: what is wrong with the target's URLs is said before any load is sent.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "loopback.h"
#include "refgw_process.h"
#include "slogate/suite/exit_code.h"
#include "suite_child.h"
#include "target_env.h"

namespace slogate::selftest {
namespace {

std::string ReadLog(const SuiteRun& run) {
  std::ifstream file(run.log_path);
  return std::string((std::istreambuf_iterator<char>(file)), {});
}

TEST(PreflightTest, AClosedTargetPortEndsTheRunBeforeAnyLoad) {
  auto suite = FindSuiteBinary();
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  const testing::LoopbackPort closed = testing::LoopbackPort::Refusing();
  const std::string target = closed.Url();
  SuiteInvocation invocation;
  // 20 s of load if it were ever sent: the results file shows that none was.
  invocation.args = {"--profile=interruptible"};
  invocation.env = {
      {"SLO_PROFILES", std::string(SLOGATE_SOURCE_DIR) + "/fixtures/profiles/selftest.json"},
      {"TARGET_URL", target},
      {"METRICS_URLS", target + "/metrics"},
      {"HEALTH_URL", target + "/v1/health"},
      {"AUDIT_URL_TEMPLATE", target + "/v1/admin/memory/{event_id}"}};

  auto run = RunSuite(*suite, invocation);
  ASSERT_TRUE(run.ok()) << run.error().message;
  SCOPED_TRACE("suite output in " + run->log_path);
  EXPECT_EQ(run->exit_status, suite::kExitInconclusive);
  const CaseResult& error_rate = run->by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "INCONCLUSIVE");
  EXPECT_NE(error_rate.message.find("pre-flight: the target " + target + " did not answer HTTP"),
            std::string::npos)
      << error_rate.message;

  auto results = ReadResultsFile(*run);
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_TRUE((*results)["run"].is_null()) << "load was sent: " << (*results)["run"].dump();
}

TEST(PreflightTest, MissingUrlsAreNamedWithTheSlosTheyLeaveUnjudgedBeforeTheRun) {
  auto suite = FindSuiteBinary();
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  auto gateway = testing::RefgwProcess::Start({});
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;
  SuiteInvocation invocation;
  invocation.args = {"--profile=shorter_than_warmup"};
  invocation.env = {
      {"SLO_PROFILES", std::string(SLOGATE_SOURCE_DIR) + "/fixtures/profiles/selftest.json"},
      {"TARGET_URL", (*gateway)->ApiUrl()},
      // The audit route of the metrics port answers 200 with an exposition for any path.
      {"AUDIT_URL_TEMPLATE", (*gateway)->MetricsUrl() + "/{event_id}"}};
  auto run = RunSuite(*suite, invocation);
  ASSERT_TRUE(run.ok()) << run.error().message;
  const std::string log = ReadLog(*run);
  const size_t measuring = log.find("measuring profile");
  ASSERT_NE(measuring, std::string::npos) << log;
  for (const std::string said :
       {"no METRICS_URLS: WriteThroughAttempts", "no HEALTH_URL: DlqDepth",
        "the audit route answered HTTP 200 for an id that was never written, not 404",
        // The proof plan is said before the load too.
        "proof plan of shorter_than_warmup: 20 requests, confidence \"none\""}) {
    const size_t at = log.find(said);
    EXPECT_NE(at, std::string::npos) << said << "\n" << log;
    // Said before the load, not after it.
    const size_t run_line = log.find("load: ");
    if (at != std::string::npos && run_line != std::string::npos) {
      EXPECT_LT(at, run_line) << said;
    }
  }
}

}  // namespace
}  // namespace slogate::selftest
