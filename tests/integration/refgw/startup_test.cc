// Start-up and shutdown of slogate_refgw: flags that shape the process, each test with its own.
#include <cstdlib>

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
  const std::string command = RefgwBinary() + " --replicators=9 2>&1 >/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(output.find("--replicators"), std::string::npos) << output;
}

TEST(RefgwStartupTest, BadFlagExitsWithStatus2) {
  int status = std::system((RefgwBinary() + " --port=99999 > /dev/null 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
}  // namespace slogate::testing
