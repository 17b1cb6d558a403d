// Start-up and shutdown of slogate_refgw: flags that shape the process, each test with its own.
#include <gmock/gmock.h>

#include "command.h"
#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

using nlohmann::json;

// Starts a gateway with these extra flags and environment variables.
std::unique_ptr<RefgwProcess> StartOrFail(std::vector<std::string> args,
                                          std::vector<std::pair<std::string, std::string>> env) {
  RefgwOptions options;
  options.args = std::move(args);
  options.env = std::move(env);
  auto started = RefgwProcess::Start(std::move(options));
  if (!started.ok()) {
    ADD_FAILURE() << started.error().message;
    return nullptr;
  }
  return std::move(*started);
}

TEST(RefgwStartupTest, FaultsFlagAppliesFromTheFirstRequest) {
  auto process = StartOrFail({R"(--faults={"error":{"status":429,"every":1}})"}, {});
  ASSERT_NE(process, nullptr);
  HttpResult result =
      Fetch("POST", process->ApiUrl("/v1/session/message"), {kJsonHeader}, R"({"message":"m"})");
  EXPECT_EQ(result.status, 429);
  EXPECT_EQ(json::parse(Fetch("GET", process->ApiUrl("/v1/admin/faults")).body),
            json::parse(R"({"error":{"every":1,"status":429}})"));
}

TEST(RefgwStartupTest, FaultsFromEnvironment) {
  auto process = StartOrFail({}, {{"GATEWAY_FAULTS", R"({"metrics_down":true})"}});
  ASSERT_NE(process, nullptr);
  EXPECT_EQ(Fetch("GET", process->MetricsUrl()).status, 503);
}

TEST(RefgwStartupTest, WriteThroughOffMovesNoCounters) {
  auto process = StartOrFail({"--no-write-through"}, {});
  ASSERT_NE(process, nullptr);
  HttpResult result =
      Fetch("POST", process->ApiUrl("/v1/session/message"), {kJsonHeader}, R"({"message":"m"})");
  ASSERT_EQ(result.status, 200);
  std::string metrics = Fetch("GET", process->MetricsUrl()).body;
  EXPECT_EQ(metrics.find("gateway_write_through_attempts_total{"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("gateway_request_seconds_count{"), std::string::npos) << metrics;
}

TEST(RefgwStartupTest, SigtermExitsCleanly) {
  auto process = StartOrFail({}, {});
  ASSERT_NE(process, nullptr);
  ASSERT_EQ(
      Fetch("POST", process->ApiUrl("/v1/session/message"), {kJsonHeader}, R"({"message":"m"})")
          .status,
      200);
  EXPECT_EQ(process->Stop(), 0);
}

TEST(RefgwStartupTest, StartupLineListsEveryReplicatorMetricsPort) {
  auto process = StartOrFail({}, {{"GATEWAY_REPLICATORS", "3"}});
  ASSERT_NE(process, nullptr);
  const std::vector<std::string> urls = process->ReplicatorMetricsUrls();
  ASSERT_EQ(urls.size(), 3u);
  EXPECT_EQ(urls[0], process->ReplicatorMetricsUrl());
  for (const std::string& url : urls) EXPECT_EQ(Fetch("GET", url).status, 200) << url;
}

TEST(RefgwStartupTest, BadReplicatorCountExitsWithStatus2NamingTheFlag) {
  const CommandResult result = RunCommand(RefgwBinary() + " --replicators=9");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, ::testing::HasSubstr("--replicators"));
}

// Every program logs through the one logger: a level it does not know is named, not ignored.
TEST(RefgwStartupTest, AnUnknownLogLevelIsNamedInAWarning) {
  const CommandResult result = RunCommand("SLOGATE_LOG=loud " + RefgwBinary() + " --port=99999");
  EXPECT_THAT(result.err, ::testing::HasSubstr("slogate warning: SLOGATE_LOG=\"loud\" is not a "
                                               "level (debug, info, warn or error); logging at "
                                               "info\n"));
  EXPECT_THAT(result.err, ::testing::HasSubstr("--port"));  // and the error it was logging
}

TEST(RefgwStartupTest, BadFlagExitsWithStatus2) {
  EXPECT_EQ(RunCommand(RefgwBinary() + " --port=99999").exit_code, 2);
}

}  // namespace
}  // namespace slogate::testing
