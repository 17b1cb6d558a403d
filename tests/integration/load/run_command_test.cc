// `slogate run` end to end: the seed's environment in, the seed-compatible JSON out, against
// nginx on loopback. The JWT must appear in neither stdout nor stderr.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "nginx_server.h"

namespace slogate::load {
namespace {

struct Output {
  int status = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs a shell command line; stderr goes to a file so both streams can be checked.
Output RunShell(const std::string& command) {
  const std::string stderr_file = ::testing::TempDir() + "/slogate_run_stderr.txt";
  Output output;
  FILE* pipe = popen((command + " 2>" + stderr_file).c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer;
  while (size_t read = fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.stdout_text.append(buffer.data(), read);
  }
  output.status = pclose(pipe);
  std::ifstream errors(stderr_file);
  std::stringstream text;
  text << errors.rdbuf();
  output.stderr_text = text.str();
  return output;
}

TEST(RunCommandTest, SeedEnvironmentInSeedJsonOut) {
  auto nginx = testing::NginxServer::Start();
  ASSERT_NE(nginx, nullptr);
  const std::string out_file = ::testing::TempDir() + "/slogate_run_result.json";
  const Output output = RunShell("env TARGET_URL=" + nginx->base_url() +
                                 " RPS=40 DURATION=0.5 CONCURRENCY=4 "
                                 "JWT=very-secret-token TENANT=acme " SLOGATE_BINARY " run --out " +
                                 out_file);
  ASSERT_EQ(output.status, 0) << output.stderr_text;
  const auto summary = nlohmann::json::parse(output.stdout_text);
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
  EXPECT_EQ(output.stdout_text.find("very-secret-token"), std::string::npos);
  EXPECT_EQ(output.stderr_text.find("very-secret-token"), std::string::npos);
  std::ifstream result_file(out_file);
  const auto result = nlohmann::json::parse(result_file);
  EXPECT_EQ(result["sent"], 20);
}

TEST(RunCommandTest, BadVariableIsAUsageErrorNamingIt) {
  const Output output = RunShell("env RPS=fast " SLOGATE_BINARY " run");
  EXPECT_EQ(WEXITSTATUS(output.status), 2);
  EXPECT_NE(output.stderr_text.find("RPS: expected a rate > 0"), std::string::npos) << output.stderr_text;
  EXPECT_TRUE(output.stdout_text.empty());
}

}  // namespace
}  // namespace slogate::load
