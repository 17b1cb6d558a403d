// The expositions of both metrics ports pass `promtool check metrics` and `slogate metrics
// check`, after traffic that creates every gateway series (ok and error outcomes).
#include <cstdlib>
#include <filesystem>

#include "command.h"
#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

class MetricsTest : public RefgwSuite {
 protected:
  // Traffic once per process, so the exact counts below hold whatever the test order.
  static void SetUpTestSuite() {
    StartGateway();
    if (process_ != nullptr) GenerateTraffic();
  }

  static void GenerateTraffic() {
    ASSERT_EQ(
        SetFaults(
            R"({"wal_fail":{"every":2},"write_through_result":{"result":"client_error","every":3}})")
            .status,
        200);
    for (int i = 0; i < 6; ++i) ASSERT_EQ(Post(R"({"message":"m"})").status, 200);
    ASSERT_EQ(SetFaults(R"({"error":{"status":500,"every":1}})").status, 200);
    ASSERT_EQ(Post(R"({"message":"m"})").status, 500);
    ASSERT_EQ(SetFaults("{}").status, 200);
    ASSERT_EQ(Fetch("GET", Url("/v1/health")).status, 200);  // sets gateway_dlq_depth
    // The replicator's series appear once it handled an event.
    ASSERT_TRUE(Eventually([] {
      return SampleValue(Fetch("GET", process_->ReplicatorMetricsUrl()).body,
                         R"(memory_replicator_events_total{result="ok"})")
          .has_value();
    }));
  }

  // The exit status of `command` run with `text` on its stdin.
  static int CheckWith(const std::string& command, const std::string& text) {
    return RunCommandWithInput(command, text).exit_code;
  }
};

TEST_F(MetricsTest, GatewayExpositionHasContractSeries) {
  HttpResult result = Fetch("GET", process_->MetricsUrl());
  ASSERT_EQ(result.status, 200);
  EXPECT_EQ(result.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string path = R"(path="/v1/session/message")";
  EXPECT_EQ(SampleValue(result.body, "gateway_write_through_attempts_total{" + path + "}"), 6.0);
  EXPECT_EQ(SampleValue(result.body,
                        "gateway_write_through_wal_results_total{" + path + ",result=\"error\"}"),
            3.0);
  EXPECT_EQ(SampleValue(result.body,
                        "gateway_write_through_wal_results_total{" + path + ",result=\"ok\"}"),
            3.0);
  EXPECT_EQ(SampleValue(result.body, "gateway_write_through_results_total{" + path +
                                         ",result=\"client_error\"}"),
            2.0);
  EXPECT_EQ(
      SampleValue(result.body, "gateway_write_through_results_total{" + path + ",result=\"ok\"}"),
      4.0);
  EXPECT_TRUE(SampleValue(result.body, R"(gateway_dlq_depth{topic="memory.wal.dlq"})").has_value());
  EXPECT_NE(result.body.find("# TYPE gateway_write_through_attempts_total counter"),
            std::string::npos);
}

TEST_F(MetricsTest, BothExpositionsPassPromtool) {
  if (std::system("command -v promtool > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "promtool is not installed";
  EXPECT_EQ(CheckWith("promtool check metrics", Fetch("GET", process_->MetricsUrl()).body), 0);
  EXPECT_EQ(
      CheckWith("promtool check metrics", Fetch("GET", process_->ReplicatorMetricsUrl()).body), 0);
}

TEST_F(MetricsTest, BothExpositionsPassSlogateMetricsCheck) {
  if (!std::filesystem::exists(SLOGATE_CLI_BINARY)) {
    GTEST_SKIP() << SLOGATE_CLI_BINARY
                 << " is not built; build the slogate target to run this check";
  }
  const std::string command = std::string(SLOGATE_CLI_BINARY) + " metrics check -";
  EXPECT_EQ(CheckWith(command, Fetch("GET", process_->MetricsUrl()).body), 0);
  EXPECT_EQ(CheckWith(command, Fetch("GET", process_->ReplicatorMetricsUrl()).body), 0);
}

}  // namespace
}  // namespace slogate::testing
