// The reference gateway's control plane and token check, as a careless or hostile client hits
// them (#12): numbers far outside any range posted to /v1/admin/faults, or given at start-up,
// and a valid token with '=' padding appended. Each was once accepted — fixed_ms: 1e300 stored
// as -9.2e15 ms, stall_seconds: 1e18 turned into no fault at all, the padded token let in — and
// each must stay a clear refusal.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "command.h"
#include "http_client.h"
#include "jwt.h"
#include "refgw_process.h"

namespace slogate::testing {
namespace {

using nlohmann::json;

const std::string kSecret = "hostile-control-secret";

class RefgwControlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    RefgwOptions options;
    options.env = {{"GATEWAY_JWT_SECRET", kSecret}};
    auto started = RefgwProcess::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.error().message;
    gateway_ = std::move(*started).release();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(gateway_, nullptr) << "the gateway did not start"; }

  static HttpResult PostFaults(const std::string& body) {
    return Fetch("POST", gateway_->ApiUrl("/v1/admin/faults"), {kJsonHeader}, body);
  }
  static json ActiveFaults() {
    return json::parse(Fetch("GET", gateway_->ApiUrl("/v1/admin/faults")).body);
  }
  static std::string Detail(const HttpResult& result) {
    return json::parse(result.body).value("detail", "");
  }

  static inline RefgwProcess* gateway_ = nullptr;
};

TEST_F(RefgwControlTest, LatencyOf1e300MillisecondsIs400NamingTheRange) {
  const HttpResult result = PostFaults(R"({"latency":{"fixed_ms":1e300}})");
  EXPECT_EQ(result.status, 400) << result.body;
  EXPECT_EQ(Detail(result),
            "faults: 'latency.fixed_ms' must be a number of milliseconds in [0, 60000], got 1e+300");
  EXPECT_EQ(ActiveFaults(), json::object());
}

TEST_F(RefgwControlTest, StallOf1e18SecondsIs400NamingTheRange) {
  ASSERT_EQ(PostFaults(R"({"replicator":{"stall_seconds":2}})").status, 200);
  const HttpResult result = PostFaults(R"({"replicator":{"stall_seconds":1e18}})");
  EXPECT_EQ(result.status, 400) << result.body;
  EXPECT_EQ(Detail(result),
            "faults: 'replicator.stall_seconds' must be a number of seconds in [0, 3600], got 1e+18");
  EXPECT_EQ(ActiveFaults(), json::parse(R"({"replicator":{"stall_seconds":2.0}})"))
      << "a refused set leaves the active one as it was";
  ASSERT_EQ(PostFaults("{}").status, 200);
}

TEST_F(RefgwControlTest, PaddedCopyOfAnAcceptedTokenIs401) {
  const std::string token = refgw::SignHs256(json{{"sub", "hostile"}}, kSecret);
  const auto post = [](const std::string& bearer) {
    return Fetch("POST", gateway_->ApiUrl("/v1/session/message"),
                 {kJsonHeader, "Authorization: Bearer " + bearer}, R"({"message":"m"})");
  };
  ASSERT_EQ(post(token).status, 200);
  const HttpResult padded = post(token + "==");
  EXPECT_EQ(padded.status, 401) << padded.body;
  EXPECT_EQ(Detail(padded), "Invalid token");
}

// The same ranges apply at start-up: the gateway exits with status 2 and the message instead
// of serving with a nonsense fault. `timeout` bounds the test should it start anyway.
TEST(RefgwControlStartupTest, FaultOutOfRangeStopsStartUpNamingTheKey) {
  const std::filesystem::path data_dir = std::filesystem::temp_directory_path() /
                                         ("slogate-refgw-control-" + std::to_string(getpid()));
  const CommandResult result = RunCommand(
      "timeout 20 " + RefgwBinary() +
      " --port=0 --metrics-port=0 --replicator-metrics-port=0 --data-dir=" + data_dir.string() +
      R"( --faults='{"replicator":{"stall_seconds":1e18}}')");
  std::filesystem::remove_all(data_dir);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("'replicator.stall_seconds' must be a number of seconds in [0, 3600], "
                            "got 1e+18"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace slogate::testing
