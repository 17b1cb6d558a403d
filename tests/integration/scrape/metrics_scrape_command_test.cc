// `slogate metrics scrape` end to end: the real binary against nginx on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "loopback.h"

namespace slogate::scrape {
namespace {

using ::testing::HasSubstr;

struct CommandOutput {
  int status = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs the slogate binary with `args` (already shell-quoted), capturing both streams.
CommandOutput RunSlogate(const std::string& args) {
  const std::string stderr_path =
      ::testing::TempDir() + "slogate_scrape_stderr_" + std::to_string(getpid()) + ".txt";
  const std::string command = std::string(SLOGATE_CLI_PATH) + " " + args + " 2>" + stderr_path;
  CommandOutput output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer{};
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    output.stdout_text.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  output.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  FILE* err = fopen(stderr_path.c_str(), "r");
  if (err != nullptr) {
    for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), err)) > 0;) {
      output.stderr_text.append(buffer.data(), n);
    }
    fclose(err);
  }
  std::remove(stderr_path.c_str());
  return output;
}

constexpr const char* kExposition =
    "# TYPE gateway_write_through_results_total counter\n"
    "gateway_write_through_results_total{path=\"/v1/session/message\",result=\"ok\"} 40\n"
    "gateway_write_through_results_total{path=\"/v1/session/message\",result=\"exception\"} 2\n"
    "# TYPE gateway_dlq_depth gauge\n"
    "gateway_dlq_depth{topic=\"memory.wal.dlq\"} 0\n";

class MetricsScrapeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nginx_ = std::make_unique<testing::NginxServer>(
        "location = /metrics { default_type \"text/plain; version=0.0.4\"; }\n"
        "location = /secure { default_type \"text/plain; version=0.0.4\";\n"
        "  if ($http_authorization != \"Bearer t0ken\") { return 401; }\n"
        "  try_files /metrics =404; }\n");
    nginx_->WriteFile("metrics", kExposition);
  }
  std::unique_ptr<testing::NginxServer> nginx_;
};

TEST_F(MetricsScrapeCommandTest, PrintsEverySeries) {
  const CommandOutput output = RunSlogate("metrics scrape " + nginx_->Url("/metrics"));
  EXPECT_EQ(output.status, 0) << output.stderr_text;
  EXPECT_THAT(output.stdout_text,
              HasSubstr("# " + nginx_->Url("/metrics") + ": text 0.0.4, 2 families, "));
  EXPECT_THAT(
      output.stdout_text,
      HasSubstr("\ngateway_write_through_results_total{path=\"/v1/session/message\","
                "result=\"exception\"} 2\ngateway_dlq_depth{topic=\"memory.wal.dlq\"} 0\n"));
}

TEST_F(MetricsScrapeCommandTest, PrintsSelectedSeriesAndTheirSum) {
  const CommandOutput output = RunSlogate("metrics scrape " + nginx_->Url("/metrics") +
                                          " --select 'gateway_write_through_results_total'");
  EXPECT_EQ(output.status, 0) << output.stderr_text;
  EXPECT_THAT(output.stdout_text, HasSubstr("result=\"ok\"} 40\n"));
  EXPECT_THAT(output.stdout_text, HasSubstr("# sum gateway_write_through_results_total = 42\n"));
  EXPECT_THAT(output.stdout_text, ::testing::Not(HasSubstr("gateway_dlq_depth")));
}

TEST_F(MetricsScrapeCommandTest, SelectorMatchingNothingFails) {
  const CommandOutput output =
      RunSlogate("metrics scrape " + nginx_->Url("/metrics") + " --select absent_total");
  EXPECT_EQ(output.status, 1);
  EXPECT_THAT(output.stderr_text, HasSubstr("no series matches absent_total"));
}

TEST_F(MetricsScrapeCommandTest, SendsTheTokenFromTheEnvironment) {
  ASSERT_EQ(setenv("SLOGATE_TEST_SCRAPE_TOKEN", "t0ken", 1), 0);
  const CommandOutput output = RunSlogate("metrics scrape " + nginx_->Url("/secure") +
                                          " --bearer-token-env SLOGATE_TEST_SCRAPE_TOKEN");
  EXPECT_EQ(output.status, 0) << output.stderr_text;
  EXPECT_THAT(output.stdout_text, HasSubstr("gateway_dlq_depth"));
  EXPECT_THAT(output.stdout_text + output.stderr_text, ::testing::Not(HasSubstr("t0ken")));
}

TEST_F(MetricsScrapeCommandTest, FailedEndpointGoesToStderrWithStatusOne) {
  const CommandOutput output = RunSlogate("metrics scrape " + nginx_->Url("/absent"));
  EXPECT_EQ(output.status, 1);
  EXPECT_EQ(output.stdout_text, "");
  EXPECT_EQ(output.stderr_text, "slogate metrics scrape: GET " + nginx_->Url("/absent") +
                                    ": HTTP status 404 (expected 200)\n");
}

TEST(MetricsScrapeCommandUsageTest, BadFlagsAreUsageErrors) {
  CommandOutput output = RunSlogate("metrics scrape");
  EXPECT_EQ(output.status, 2);
  EXPECT_THAT(output.stderr_text, HasSubstr("slogate metrics scrape: no URL given"));
  output = RunSlogate("metrics scrape http://127.0.0.1:1/ --timeout fast");
  EXPECT_EQ(output.status, 2);
  EXPECT_THAT(output.stderr_text, HasSubstr("--timeout: "));
  output = RunSlogate("metrics scrape http://127.0.0.1:1/ --select 'a{'");
  EXPECT_EQ(output.status, 2);
  EXPECT_THAT(output.stderr_text, HasSubstr("--select: a{: "));
  output = RunSlogate("metrics scrape http://127.0.0.1:1/ --bearer-token-env SLOGATE_UNSET_VAR");
  EXPECT_EQ(output.status, 2);
  EXPECT_THAT(output.stderr_text,
              HasSubstr("--bearer-token-env: environment variable "
                        "SLOGATE_UNSET_VAR is not set or empty"));
}

}  // namespace
}  // namespace slogate::scrape
