// `slogate run` end to end: the seed's environment in, the seed-compatible JSON out, against
// nginx on loopback. The JWT must appear in neither stdout nor stderr.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "command.h"
#include "nginx_server.h"

namespace slogate::load {
namespace {

using ::slogate::testing::CommandResult;
using ::slogate::testing::RunCommand;

TEST(RunCommandTest, SeedEnvironmentInSeedJsonOut) {
  auto nginx = ::slogate::testing::NginxServer::StartFakeGateway();
  ASSERT_NE(nginx, nullptr);
  const std::string out_file = ::testing::TempDir() + "/slogate_run_result.json";
  const CommandResult output =
      RunCommand("env TARGET_URL=" + nginx->Url() +
                 " RPS=40 DURATION=0.5 CONCURRENCY=4 "
                 "JWT=very-secret-token TENANT=acme " SLOGATE_BINARY " run --out " +
                 out_file);
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const auto summary = nlohmann::json::parse(output.out);
  for (const char* field : {"target_url",
                            "path",
                            "rps",
                            "duration",
                            "concurrency",
                            "sent",
                            "count",
                            "ok",
                            "err",
                            "err_rate",
                            "p50",
                            "p95",
                            "p99",
                            "avg",
                            "achieved_rps",
                            "dropped",
                            "lateness_p99",
                            "service_p99",
                            "errors_by_category",
                            "event_ids"}) {
    EXPECT_TRUE(summary.contains(field)) << field;
  }
  EXPECT_EQ(summary["path"], "/v1/session/message");  // PATH (the shell's) was not read
  EXPECT_EQ(summary["sent"], 20);
  EXPECT_EQ(summary["ok"], 20);
  EXPECT_EQ(summary["event_ids"], 20);
  EXPECT_EQ(summary["ok_without_event_id"], 0);
  EXPECT_EQ(summary["duplicate_event_ids"], 0);
  EXPECT_TRUE(summary["ok_p95"].is_number());
  EXPECT_TRUE(summary["failed_p95"].is_null());
  EXPECT_NE(output.err.find("slogate run: acknowledged 20: 20 with distinct event_ids, 0 without, "
                            "0 repeated\n"),
            std::string::npos)
      << output.err;
  EXPECT_EQ(output.err.find("errors:"), std::string::npos) << output.err;
  EXPECT_DOUBLE_EQ(summary["peak_rps"].get<double>(), 40.0);  // a constant rate peaks at itself
  EXPECT_EQ(output.out.find("very-secret-token"), std::string::npos);
  EXPECT_EQ(output.err.find("very-secret-token"), std::string::npos);
  std::ifstream result_file(out_file);
  const auto result = nlohmann::json::parse(result_file);
  EXPECT_EQ(result["sent"], 20);
}

TEST(RunCommandTest, NamesTheStatusOfEveryFailedRequest) {
  auto nginx = ::slogate::testing::NginxServer::StartFakeGateway(
      "    location = /denied { return 401 '{}'; }\n");
  ASSERT_NE(nginx, nullptr);
  const CommandResult output =
      RunCommand("env TARGET_URL=" + nginx->Url() +
                 " TARGET_PATH=/denied RPS=40 DURATION=0.5 CONCURRENCY=4 " SLOGATE_BINARY " run");
  // Not one request succeeded: the run measured no working target, and says why.
  ASSERT_EQ(output.exit_code, 1) << output.err;
  EXPECT_NE(output.err.find("slogate run: no request succeeded (errors: HTTP 401 × 20)\n"),
            std::string::npos)
      << output.err;
  const auto summary = nlohmann::json::parse(output.out);
  EXPECT_EQ(summary["error_status_counts"], (nlohmann::json{{"401", 20}}));
  EXPECT_TRUE(summary["ok_p95"].is_null());
  EXPECT_TRUE(summary["failed_p95"].is_number());
  EXPECT_NE(output.err.find("slogate run: errors: HTTP 401 × 20\n"), std::string::npos)
      << output.err;
  EXPECT_NE(output.err.find("slogate run: p95 of 0 OK responses -, of 20 failed requests "),
            std::string::npos)
      << output.err;
}

TEST(RunCommandTest, ATargetThatRefusesEveryConnectionIsStatusOne) {
  const CommandResult output =
      RunCommand("env TARGET_URL=http://127.0.0.1:1 RPS=20 DURATION=0.2 " SLOGATE_BINARY " run");
  EXPECT_EQ(output.exit_code, 1);
  EXPECT_NE(output.err.find("slogate run: no request succeeded (errors: connect × 4)\n"),
            std::string::npos)
      << output.err;
  EXPECT_EQ(nlohmann::json::parse(output.out)["ok"], 0);  // the summary is still printed
}

// Each thread meets the refusal; the log names its first occurrence once for the whole run.
TEST(RunCommandTest, TheFirstErrorOfAKindIsLoggedOnceWhateverTheThreads) {
  const CommandResult output = RunCommand(
      "env TARGET_URL=http://127.0.0.1:1 RPS=40 DURATION=0.3 " SLOGATE_BINARY " run --threads 2");
  ASSERT_EQ(output.exit_code, 1) << output.err;
  EXPECT_EQ(nlohmann::json::parse(output.out)["errors_by_category"]["connect"], 12);
  size_t first_lines = 0;
  for (size_t at = output.err.find("first connect error"); at != std::string::npos;
       at = output.err.find("first connect error", at + 1)) {
    ++first_lines;
  }
  EXPECT_EQ(first_lines, 1u) << output.err;
}

// On a terminal people get the summary with the latency spectrum; --json gives them the JSON
// the pipe gets.
TEST(RunCommandTest, OnATerminalTheSummaryShowsTheLatencySpectrum) {
  if (!::slogate::testing::TerminalAvailable()) GTEST_SKIP() << "script(1) is not installed";
  auto nginx = ::slogate::testing::NginxServer::StartFakeGateway();
  ASSERT_NE(nginx, nullptr);
  const std::string run = "env TARGET_URL=" + nginx->Url() +
                          " RPS=40 DURATION=0.5 CONCURRENCY=4 " SLOGATE_BINARY " run";
  const CommandResult output = ::slogate::testing::RunOnATerminal(run);
  ASSERT_EQ(output.exit_code, 0) << output.out << output.err;
  EXPECT_NE(output.out.find("target  " + nginx->Url() +
                            "/v1/session/message  constant 40/s for "
                            "0.5 s, at most 4 in flight, through http1\r\n"),
            std::string::npos)
      << output.out;
  EXPECT_NE(output.out.find("sent    20 of 20 scheduled (40/s achieved): ok 20, errors 0 (0%), "
                            "dropped 0\r\n"),
            std::string::npos)
      << output.out;
  for (const char* row :
       {"   latency    corrected      service", "       50%", "    99.99%", "       max"}) {
    EXPECT_NE(output.out.find(row), std::string::npos) << row << " in:\n" << output.out;
  }
  EXPECT_EQ(output.out.find("\"achieved_rps\""), std::string::npos) << output.out;

  const CommandResult json = ::slogate::testing::RunOnATerminal(run + " --json");
  ASSERT_EQ(json.exit_code, 0) << json.out;
  EXPECT_NE(json.out.find("\"achieved_rps\""), std::string::npos) << json.out;
  EXPECT_EQ(json.out.find("99.99%"), std::string::npos) << json.out;
}

TEST(RunCommandTest, BadVariableIsAUsageErrorNamingIt) {
  const CommandResult output = RunCommand("env RPS=fast " SLOGATE_BINARY " run");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_NE(output.err.find("RPS: expected a rate > 0"), std::string::npos) << output.err;
  EXPECT_TRUE(output.out.empty());
}

}  // namespace
}  // namespace slogate::load
