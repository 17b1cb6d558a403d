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
  EXPECT_DOUBLE_EQ(summary["peak_rps"].get<double>(), 40.0);  // a constant rate peaks at itself
  EXPECT_EQ(output.out.find("very-secret-token"), std::string::npos);
  EXPECT_EQ(output.err.find("very-secret-token"), std::string::npos);
  std::ifstream result_file(out_file);
  const auto result = nlohmann::json::parse(result_file);
  EXPECT_EQ(result["sent"], 20);
}

TEST(RunCommandTest, BadVariableIsAUsageErrorNamingIt) {
  const CommandResult output = RunCommand("env RPS=fast " SLOGATE_BINARY " run");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_NE(output.err.find("RPS: expected a rate > 0"), std::string::npos) << output.err;
  EXPECT_TRUE(output.out.empty());
}

}  // namespace
}  // namespace slogate::load
