// The end-to-end lag probes against the real reference gateway: a healthy replicator gives
// small lags, a stalled one the stall, and an unreachable audit URL errors without a hang.
#include "slogate/scrape/lag_prober.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "loopback.h"
#include "refgw_fixture.h"

namespace slogate::scrape {
namespace {

using ::slogate::testing::HttpClient;
using ::slogate::testing::HttpResult;
using ::slogate::testing::kJsonHeader;
using std::chrono::milliseconds;

class LagProberGatewayTest : public ::slogate::testing::RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway(); }

  // Writes one message and returns its event_id (empty when the write failed).
  static std::string Write(HttpClient& client) {
    HttpResult result = client.Fetch("POST", Url("/v1/session/message"), {kJsonHeader},
                                     R"({"message":"probe me"})");
    EXPECT_EQ(result.status, 200) << result.body << result.error;
    if (result.status != 200) return "";
    return nlohmann::json::parse(result.body).value("event_id", "");
  }
  static LagProbeOptions Options() {
    LagProbeOptions options;
    options.url_template = Url("/v1/admin/memory/{event_id}");
    options.per_second = 100;
    options.poll_interval = milliseconds(20);
    options.max_wait = milliseconds(10000);
    return options;
  }
};

TEST_F(LagProberGatewayTest, HealthyReplicatorGivesSmallLags) {
  LagProber prober(Options());
  prober.Start();
  HttpClient client;
  for (int i = 0; i < 30; ++i) {
    const std::string event_id = Write(client);
    prober.Offer(event_id, std::chrono::system_clock::now());
  }
  const LagProbeResult result = prober.Stop(milliseconds(5000));
  EXPECT_EQ(result.acks_offered, 30u);
  ASSERT_FALSE(result.probes.empty());
  for (const LagProbe& probe : result.probes) {
    EXPECT_EQ(probe.outcome, ProbeOutcome::kReadable) << probe.event_id << " " << probe.error;
    EXPECT_LE(probe.LagAtLeast(), probe.LagAtMost());
    EXPECT_LT(probe.LagAtMost(), milliseconds(1000));
  }
  EXPECT_EQ(result.readable_lag.count(), result.probes.size());
  EXPECT_EQ(result.request_errors, 0u);
  EXPECT_GE(result.requests, result.probes.size());
  EXPECT_GT(result.request_time.count(), 0);
  EXPECT_GE(result.active_time, result.request_time / result.options.max_in_flight);
}

TEST_F(LagProberGatewayTest, StalledReplicatorLagIsMeasured) {
  ASSERT_EQ(SetFaults(R"({"replicator":{"stall_seconds":1}})").status, 200);
  HttpClient client;
  const std::string event_id = Write(client);
  LagProber prober(Options());
  prober.Offer(event_id, std::chrono::system_clock::now());
  prober.Start();  // takes the offered write at once
  const LagProbeResult result = prober.Stop(milliseconds(5000));
  ASSERT_EQ(result.probes.size(), 1u);
  const LagProbe& probe = result.probes[0];
  ASSERT_EQ(probe.outcome, ProbeOutcome::kReadable) << probe.error;
  EXPECT_GE(probe.LagAtMost(), milliseconds(900));
  EXPECT_LE(probe.LagAtMost(), milliseconds(1500));
  EXPECT_GE(probe.LagAtLeast(), milliseconds(800));
  EXPECT_GT(probe.requests, 5u);  // asked again after each 404
  EXPECT_EQ(result.requests, probe.requests);
}

// What fail-fast reads while the load runs: writes already later than the bound, oldest first.
TEST_F(LagProberGatewayTest, KnownLaggingBeyondSeesAStallWhileItLasts) {
  ASSERT_EQ(SetFaults(R"({"replicator":{"stall_seconds":2}})").status, 200);
  LagProber prober(Options());
  prober.Start();
  HttpClient client;
  for (int i = 0; i < 5; ++i) {
    prober.Offer(Write(client), std::chrono::system_clock::now());
    std::this_thread::sleep_for(milliseconds(20));  // a tick (10 ms) between offers
  }
  const auto bound = milliseconds(300);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::vector<LagProbe> lagging;
  while (lagging.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
    lagging = prober.KnownLaggingBeyond(bound, 100);
  }
  ASSERT_GE(lagging.size(), 2u);
  for (size_t i = 0; i < lagging.size(); ++i) {
    EXPECT_GT(lagging[i].LagAtLeast(), bound) << lagging[i].event_id;
    if (i > 0) {
      EXPECT_LE(lagging[i - 1].acked_at, lagging[i].acked_at);
    }
  }
  const std::vector<LagProbe> first = prober.KnownLaggingBeyond(bound, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].event_id, lagging[0].event_id);
  EXPECT_TRUE(prober.KnownLaggingBeyond(std::chrono::seconds(10), 100).empty());
  const LagProbeResult result = prober.Stop(milliseconds(5000));
  // Known late, and still late when readable: the answer does not change afterwards.
  EXPECT_FALSE(prober.KnownLaggingBeyond(bound, 100).empty());
  EXPECT_FALSE(result.probes.empty());
}

// Probes of the audit URL of a gateway on 127.0.0.1:`port`.
LagProbeOptions OptionsForPort(int port) {
  LagProbeOptions options;
  options.url_template = "http://127.0.0.1:" + std::to_string(port) + "/v1/admin/memory/{event_id}";
  return options;
}

TEST(LagProberFailureTest, UnreachableAuditUrlGivesErrorsNotAHang) {
  const auto refusing = ::slogate::testing::LoopbackPort::Refusing();
  LagProbeOptions options = OptionsForPort(refusing.port());
  options.poll_interval = milliseconds(20);
  options.max_wait = milliseconds(300);
  LagProber prober(options);
  prober.Offer("e-1", std::chrono::system_clock::now());
  prober.Start();
  const LagProbeResult result = prober.Stop(milliseconds(30000));
  ASSERT_EQ(result.probes.size(), 1u);
  EXPECT_EQ(result.probes[0].outcome, ProbeOutcome::kError);
  EXPECT_GE(result.request_errors, 1u);
  EXPECT_EQ(result.request_errors, result.requests);
  EXPECT_NE(result.first_error.find("127.0.0.1:" + std::to_string(refusing.port())),
            std::string::npos)
      << result.first_error;
  EXPECT_EQ(result.readable_lag.count(), 0u);
}

TEST(LagProberFailureTest, StopEndsOpenProbesUnfinishedWithinTheWait) {
  const auto silent = ::slogate::testing::LoopbackPort::Silent();
  LagProbeOptions options = OptionsForPort(silent.port());
  options.request_timeout = milliseconds(60000);
  LagProber prober(options);
  prober.Offer("e-1", std::chrono::system_clock::now());
  prober.Start();
  const auto stop_started = std::chrono::steady_clock::now();
  const LagProbeResult result = prober.Stop(milliseconds(200));
  // Waiting for the request's own timeout would take a minute.
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, std::chrono::seconds(30));
  ASSERT_EQ(result.probes.size(), 1u);
  EXPECT_EQ(result.probes[0].outcome, ProbeOutcome::kUnfinished);
}

}  // namespace
}  // namespace slogate::scrape
