// Under --gtest_filter the exit status follows the selected SLO cases, while the table still
// shows every SLO of the run: the suite says so under the table and in the results file, so the
// two never disagree silently.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "refgw_process.h"
#include "slogate/report/json_results.h"
#include "slogate/suite/exit_code.h"
#include "suite_child.h"
#include "target_env.h"

namespace slogate::selftest {
namespace {

TEST(GtestFilterTest, AnUnselectedBreachIsShownAndLabelledButDoesNotSetTheExitStatus) {
  auto suite = FindSuiteBinary();
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  testing::RefgwOptions options;
  options.args = {R"(--faults={"error":{"status":503,"every":2}})"};  // ErrorRate 50%: a breach
  auto gateway = testing::RefgwProcess::Start(std::move(options));
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;
  SuiteInvocation invocation;
  invocation.args = {"--profile=steady", "--gtest_filter=*LatencyP95*"};
  invocation.env = TargetEnvironment(**gateway, "local");
  auto run = RunSuite(*suite, invocation);
  ASSERT_TRUE(run.ok()) << run.error().message;
  SCOPED_TRACE("suite output in " + run->log_path);

  EXPECT_EQ(run->exit_status, suite::kExitPassed);
  EXPECT_EQ(run->by_slo.count("ErrorRate"), 0u);
  std::ifstream file(run->log_path);
  const std::string log((std::istreambuf_iterator<char>(file)), {});
  // The unselected breach is still a row of the table.
  EXPECT_TRUE(std::regex_search(log, std::regex("\nErrorRate +FAIL +50% "))) << log;
  EXPECT_NE(log.find("selected by --gtest_filter: LatencyP95 (1 of 9 SLO cases); the table and "
                     "the results file show every SLO of the run, the exit status follows only "
                     "the selected ones"),
            std::string::npos)
      << log;
  // The results file says the same, so `slogate report` renders it later.
  auto results = report::ReadResultsFile(run->results_path);
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_TRUE(results->selection.has_value());
  EXPECT_EQ(results->selection->filter, "*LatencyP95*");
  EXPECT_EQ(results->selection->selected, std::vector<std::string>{"LatencyP95"});
  EXPECT_EQ(results->verdict.Find("ErrorRate")->outcome, slo::Outcome::kFail);
}

}  // namespace
}  // namespace slogate::selftest
