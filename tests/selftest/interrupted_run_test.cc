// A run stopped by the user (SIGINT, a Ctrl-C) did not send what its profile asked for, so it
// has shown nothing: no SLO may pass, the exit status is non-zero, and every output the suite
// writes — the test cases, the console verdict and the results file — says INCONCLUSIVE.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "refgw_process.h"
#include "slogate/config/config.h"
#include "slogate/suite/exit_code.h"
#include "suite_child.h"
#include "target_env.h"

namespace slogate::selftest {
namespace {

TEST(InterruptedRunTest, NoSloPassesAndEveryOutputSaysInconclusive) {
  auto suite = FindSuiteBinary();
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  auto gateway = testing::RefgwProcess::Start({});
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;

  SuiteInvocation invocation;
  // 20 s of load, interrupted after about 2 s: well inside the run on any machine, and if the
  // interrupt were ignored the run would end by itself and pass, failing this test.
  invocation.args = {"--profile=interruptible"};
  invocation.env = TargetEnvironment(**gateway, "local");
  invocation.interrupt_after = std::chrono::milliseconds(2000);

  auto run = RunSuite(*suite, invocation);
  ASSERT_TRUE(run.ok()) << run.error().message;
  SCOPED_TRACE("suite output in " + run->log_path);

  // Nothing failed, nothing was shown: the "inconclusive" exit status, which CI may retry.
  EXPECT_EQ(run->exit_status, suite::kExitInconclusive);
  for (std::string_view slo : config::kSloNames) {
    auto found = run->by_slo.find(std::string(slo));
    ASSERT_NE(found, run->by_slo.end()) << "no test case for " << slo;
    EXPECT_NE(found->second.outcome, CaseOutcome::kPass) << slo << " passed an interrupted run";
  }
  const auto& error_rate = run->by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "INCONCLUSIVE") << error_rate.message;
  EXPECT_NE(error_rate.message.find("interrupted"), std::string::npos) << error_rate.message;

  std::ifstream log_file(run->log_path);
  const std::string log((std::istreambuf_iterator<char>(log_file)), {});
  EXPECT_NE(log.find("verdict: INCONCLUSIVE"), std::string::npos) << log;
  EXPECT_EQ(log.find("verdict: PASS"), std::string::npos);

  auto results = ReadResultsFile(*run);
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_EQ((*results)["verdict"]["overall"], "INCONCLUSIVE");
  EXPECT_EQ((*results)["run"]["interrupted"], true);
}

}  // namespace
}  // namespace slogate::selftest
