// A SIGINT in any phase ends the suite promptly with every output written, and every wait has
// a bound: an audit endpoint that never answers, the longest drain there is, each interrupted by one
// Ctrl-C. The suite binary runs as CI runs it (tests/selftest/suite_child.h); the reference
// gateway takes the load and a ScriptedServer plays the audit endpoint that hangs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "refgw_process.h"
#include "scripted_server.h"
#include "slogate/scrape/audit.h"
#include "slogate/scrape/health.h"
#include "slogate/suite/exit_code.h"
#include "suite_child.h"

namespace slogate::selftest {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// From the SIGINT to the exit: the phase's stop period plus one in-flight request at most.
constexpr milliseconds kPromptExit{5000};

// A profile file of one write profile, "signals", with these thresholds; lag probes are off so
// that the audit endpoint is asked only by the pre-flight check and the audit.
std::string ProfilesFile(const std::string& dir, const std::string& duration,
                         const std::string& thresholds) {
  const std::string path = dir + "/signals_profiles.json";
  std::ofstream(path) << R"({"schema_version": 1,
    "endpoints": {"write": {"method": "POST", "path": "/v1/session/message",
                            "ok_statuses": [200], "write_path": true}},
    "thresholds": {"default": {"lag_probes_per_second": 0, "sampling_interval": "100ms", )"
                      << thresholds << R"(}},
    "profiles": {"signals": {"schedule": "constant", "rps": 100, "duration": ")"
                      << duration << R"(", "concurrency": 20, "confidence": "none"}}})";
  return path;
}

// The script of an endpoint that takes the request and never answers.
testing::ScriptedServer::Script NeverAnswer() {
  return [](const testing::ScriptedRequest&, testing::ScriptedConnection& connection) {
    connection.Hang();
  };
}

class SignalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto suite = FindSuiteBinary();
    ASSERT_TRUE(suite.ok()) << suite.error().message;
    suite_ = *suite;
    auto gateway = testing::RefgwProcess::Start({});
    ASSERT_TRUE(gateway.ok()) << gateway.error().message;
    gateway_ = std::move(*gateway);
    char pattern[] = "/tmp/slogate-signals-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The interrupted run's checks: prompt, non-zero, results on disk naming the interruption.
  void ExpectInterruptedAndReported(const SuiteRun& run, const std::string& zero_loss_text) {
    SCOPED_TRACE("suite output in " + run.log_path);
    ASSERT_TRUE(run.interrupt_to_exit.has_value());
    RecordProperty("interrupt_to_exit_ms", std::to_string(run.interrupt_to_exit->count()));
    EXPECT_LT(*run.interrupt_to_exit, kPromptExit);
    EXPECT_EQ(run.exit_status, suite::kExitInconclusive);
    const auto& zero_loss = run.by_slo.at("ZeroLoss");
    EXPECT_EQ(CaseOutcomeName(zero_loss.outcome), "INCONCLUSIVE") << zero_loss.message;
    EXPECT_THAT(zero_loss.message, HasSubstr(zero_loss_text));
    for (const auto& [slo, result] : run.by_slo) {
      EXPECT_NE(result.outcome, CaseOutcome::kPass) << slo << " passed an interrupted run";
    }
    auto results = ReadResultsFile(run);
    ASSERT_TRUE(results.ok()) << results.error().message;
    EXPECT_EQ((*results)["verdict"]["overall"], "INCONCLUSIVE");
    EXPECT_THAT(results->dump(), HasSubstr(zero_loss_text));
  }

  std::string suite_;
  std::unique_ptr<testing::RefgwProcess> gateway_;
  std::string dir_;
};

TEST_F(SignalsTest, ASigintDuringAHangingAuditEndsTheSuitePromptly) {
  testing::ScriptedServer audit(NeverAnswer());
  SuiteInvocation invocation;
  invocation.args = {"--profile=signals"};
  // 200 ids at 2 s each over 8 connections: 50 s of audit were the SIGINT ignored.
  invocation.env = {
      {"SLO_PROFILES", ProfilesFile(dir_, "2s", R"("drain_period": "2s", "max_drain_period": "5m")")},
      {"SLO_ENV", "local"},
      {"TARGET_URL", gateway_->ApiUrl()},
      {"AUDIT_URL_TEMPLATE", audit.Url("/v1/admin/memory/{event_id}")}};
  // The pre-flight check asks once; a second request is the audit under way.
  invocation.interrupt_when = [&audit] { return audit.requests() >= 2; };
  invocation.timeout = std::chrono::seconds(90);
  auto run = RunSuite(suite_, invocation);
  ASSERT_TRUE(run.ok()) << run.error().message;
  ExpectInterruptedAndReported(*run, "interrupted by SIGINT during the audit: ");
  EXPECT_THAT(run->by_slo.at("ZeroLoss").message, HasSubstr(" of 200 ids checked"));
}

TEST_F(SignalsTest, ASigintDuringTheLongestDrainEndsTheSuitePromptly) {
  SuiteInvocation invocation;
  invocation.args = {"--profile=signals"};
  invocation.env = {{"SLO_PROFILES", ProfilesFile(dir_, "1s", R"("drain_period": "10m")")},
                    {"SLO_ENV", "local"},
                    {"TARGET_URL", gateway_->ApiUrl()}};
  // Well inside the drain: the load ends after about a second.
  invocation.interrupt_after = milliseconds(4000);
  invocation.timeout = std::chrono::seconds(60);
  auto run = RunSuite(suite_, invocation);
  ASSERT_TRUE(run.ok()) << run.error().message;
  SCOPED_TRACE("suite output in " + run->log_path);
  ASSERT_TRUE(run->interrupt_to_exit.has_value());
  RecordProperty("interrupt_to_exit_ms", std::to_string(run->interrupt_to_exit->count()));
  EXPECT_LT(*run->interrupt_to_exit, kPromptExit);
  EXPECT_EQ(run->exit_status, suite::kExitInconclusive);
  const auto& error_rate = run->by_slo.at("ErrorRate");
  EXPECT_EQ(CaseOutcomeName(error_rate.outcome), "INCONCLUSIVE") << error_rate.message;
  EXPECT_THAT(error_rate.message, HasSubstr("interrupted by SIGINT after sending, during the drain"));
  auto results = ReadResultsFile(*run);
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_EQ((*results)["verdict"]["overall"], "INCONCLUSIVE");
}

// The audit on its own: its cap, max_drain_period, bounds it whatever the endpoint does.
TEST(AuditBoundsTest, AHangingEndpointCostsNoMoreThanMaxDrainPeriod) {
  testing::ScriptedServer audit(NeverAnswer());
  scrape::AuditOptions options;
  options.url_template = audit.Url("/{event_id}");
  options.drain_period = milliseconds(500);
  options.max_drain_period = milliseconds(1500);
  options.request_timeout = milliseconds(1000);
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back("id-" + std::to_string(i));
  const auto start = Clock::now();
  const scrape::AuditResult result = scrape::AuditEventIds(options, ids);
  // Uncapped: 100 ids × 1 s / 8 connections = 13 s.
  EXPECT_LT(Clock::now() - start, milliseconds(4000));
  EXPECT_FALSE(result.interrupted);
  EXPECT_EQ(result.checked, 100u);
  // The first requests time out on their own (errors); those the cap cut short are unchecked.
  EXPECT_GT(result.unchecked, 0u);
  EXPECT_EQ(result.unchecked + result.errors, 100u) << "no request was answered";
  EXPECT_EQ(result.found + result.missing_count, 0u);
}

// "Do not wait for a backlog" is not "do not audit": a cap under one request timeout is raised
// to it, so every id is still read back once.
TEST(AuditBoundsTest, AMaxDrainPeriodOfZeroStillReadsEveryIdBackOnce) {
  testing::ScriptedServer audit(
      [](const testing::ScriptedRequest& request, testing::ScriptedConnection& connection) {
        const std::string id = request.target.substr(request.target.rfind('/') + 1);
        connection.Respond(200, R"({"event_id":")" + id + R"("})");
      });
  scrape::AuditOptions options;
  options.url_template = audit.Url("/{event_id}");
  options.drain_period = milliseconds(0);
  options.max_drain_period = milliseconds(0);
  const scrape::AuditResult result = scrape::AuditEventIds(options, {"a1", "b2", "c3", "d4"});
  EXPECT_EQ(result.found, 4u);
  EXPECT_EQ(result.unchecked, 0u);
  EXPECT_EQ(result.missing_count, 0u);
}

TEST(AuditBoundsTest, TheStopFlagAbandonsRequestsInFlight) {
  testing::ScriptedServer audit(NeverAnswer());
  std::atomic<bool> stop{false};
  scrape::AuditOptions options;
  options.url_template = audit.Url("/{event_id}");
  options.request_timeout = milliseconds(60000);
  options.max_drain_period = milliseconds(600000);
  options.stop = &stop;
  std::jthread interrupter([&] {
    while (audit.requests() < 8) std::this_thread::sleep_for(milliseconds(10));
    stop.store(true);
  });
  const auto start = Clock::now();
  const scrape::AuditResult result =
      scrape::AuditEventIds(options, {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"});
  // Unstopped, each request would wait out its 60 s timeout.
  EXPECT_LT(Clock::now() - start, milliseconds(10000));
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(result.unchecked, 10u);
}

TEST(AuditBoundsTest, AHealthRequestInFlightIsAbandonedOnStop) {
  testing::ScriptedServer health(NeverAnswer());
  std::atomic<bool> stop{false};
  std::jthread interrupter([&] {
    while (health.requests() < 1) std::this_thread::sleep_for(milliseconds(10));
    stop.store(true);
  });
  const auto start = Clock::now();
  const auto report = scrape::FetchHealth(health.Url("/v1/health"), milliseconds(60000), &stop);
  EXPECT_LT(Clock::now() - start, milliseconds(10000));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, "interrupted") << report.error().message;
}

}  // namespace
}  // namespace slogate::selftest
