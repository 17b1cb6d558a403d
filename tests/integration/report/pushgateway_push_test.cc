// Pushes a results document to a real Pushgateway and reads the figures back from its
// /metrics, as Prometheus would scrape them.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "http_client.h"
#include "pushgateway_server.h"
#include "sample_document.h"
#include "slogate/report/pushgateway_reporter.h"

namespace slogate::report {
namespace {

using ::slogate::testing::Fetch;
using ::slogate::testing::HttpResult;
using ::slogate::testing::PushgatewayServer;

// The exposed sample lines of `name` (the Pushgateway sorts labels, so match label by label).
std::vector<std::string> SampleLines(const std::string& metrics, const std::string& name) {
  std::vector<std::string> lines;
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name + "{", 0) == 0) lines.push_back(line);
  }
  return lines;
}

// The value of the one sample of `name` carrying every label in `labels`, or "" if none.
std::string ValueOf(const std::string& metrics, const std::string& name,
                    const std::vector<std::string>& labels) {
  for (const std::string& line : SampleLines(metrics, name)) {
    bool all = true;
    for (const std::string& label : labels) all = all && line.find(label) != std::string::npos;
    if (all) return line.substr(line.rfind(' ') + 1);
  }
  return "";
}

class PushgatewayPushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start(std::chrono::seconds(20))) << server_.error();
  }

  std::string Metrics() {
    const HttpResult fetched = Fetch("GET", server_.base_url() + "/metrics");
    EXPECT_EQ(fetched.status, 200) << fetched.error;
    return fetched.status == 200 ? fetched.body : "";
  }

  PushgatewayOptions Options() const {
    return {server_.base_url(), "slogate", "ci-runner-1", std::chrono::milliseconds(5000)};
  }

  PushgatewayServer server_;
};

TEST_F(PushgatewayPushTest, PushedFiguresAppearInTheGroup) {
  PushgatewayReporter reporter(Options());
  const Status pushed = reporter.Report(testing::SampleDocument());
  ASSERT_TRUE(pushed.ok()) << pushed.error().message;

  const std::string metrics = Metrics();
  const std::vector<std::string> group = {"job=\"slogate\"", "instance=\"ci-runner-1\"",
                                          "profile=\"burst\"", "environment=\"staging\""};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.end(), group.begin(), group.end());
    return more;
  };
  EXPECT_EQ(ValueOf(metrics, "slogate_slo_outcome", with({"slo=\"ErrorRate\"", "outcome=\"FAIL\""})), "1")
      << metrics;
  EXPECT_EQ(ValueOf(metrics, "slogate_slo_outcome", with({"slo=\"ErrorRate\"", "outcome=\"PASS\""})), "0");
  EXPECT_EQ(ValueOf(metrics, "slogate_verdict", with({"outcome=\"FAIL\""})), "1");
  EXPECT_EQ(ValueOf(metrics, "slogate_error_ratio", group), "0.01");
  EXPECT_EQ(ValueOf(metrics, "slogate_achieved_rps", group), "19.9");
  EXPECT_EQ(ValueOf(metrics, "slogate_replication_lag_max_seconds", group), "2.8");
  EXPECT_EQ(SampleLines(metrics, "slogate_latency_seconds").size(), 3u);
  EXPECT_FALSE(ValueOf(metrics, "push_time_seconds", {"job=\"slogate\""}).empty());
}

TEST_F(PushgatewayPushTest, APushReplacesTheWholeGroup) {
  PushgatewayReporter reporter(Options());
  ASSERT_TRUE(reporter.Report(testing::SampleDocument()).ok());
  ResultsDocument second = testing::SampleDocument();
  second.series.clear();  // no lag samples this time
  second.verdict.findings[0].outcome = slo::Outcome::kPass;
  const Status pushed = reporter.Report(second);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message;

  const std::string metrics = Metrics();
  EXPECT_TRUE(SampleLines(metrics, "slogate_replication_lag_max_seconds").empty()) << metrics;
  EXPECT_EQ(ValueOf(metrics, "slogate_slo_outcome", {"slo=\"ErrorRate\"", "outcome=\"PASS\""}), "1");
}

TEST_F(PushgatewayPushTest, ARefusedPushIsAnErrorWithTheStatus) {
  // A base URL under a path the Pushgateway does not serve: it answers 404.
  PushgatewayOptions options = Options();
  options.url = server_.base_url() + "/not-a-pushgateway";
  PushgatewayReporter reporter(options);
  const Status pushed = reporter.Report(testing::SampleDocument());
  ASSERT_FALSE(pushed.ok());
  EXPECT_EQ(pushed.error().code, "push_failed");
  EXPECT_NE(pushed.error().message.find("answered 404"), std::string::npos)
      << pushed.error().message;
  EXPECT_NE(pushed.error().message.find(options.url), std::string::npos);
}

}  // namespace
}  // namespace slogate::report
