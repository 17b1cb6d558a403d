// `slogate metrics scrape` end to end: the real binary against nginx on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <memory>
#include <string>

#include "command.h"
#include "nginx_server.h"

namespace slogate::scrape {
namespace {

using ::testing::HasSubstr;

using ::slogate::testing::CommandResult;

// Runs the slogate binary with `args` (already shell-quoted).
CommandResult RunSlogate(const std::string& args) {
  return ::slogate::testing::RunCommand(std::string(SLOGATE_BINARY) + " " + args);
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
    nginx_ = ::slogate::testing::NginxServer::Start(
        {.server_directives =
             "location = /metrics { default_type \"text/plain; version=0.0.4\"; }\n"
             "location = /secure { default_type \"text/plain; version=0.0.4\";\n"
             "  if ($http_authorization != \"Bearer t0ken-scrape-42\") { return 401; }\n"
             "  try_files /metrics =404; }\n"});
    ASSERT_NE(nginx_, nullptr);
    nginx_->WriteFile("metrics", kExposition);
  }
  std::unique_ptr<::slogate::testing::NginxServer> nginx_;
};

TEST_F(MetricsScrapeCommandTest, PrintsEverySeries) {
  const CommandResult output = RunSlogate("metrics scrape " + nginx_->Url("/metrics"));
  EXPECT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("# " + nginx_->Url("/metrics") + ": text 0.0.4, 2 families, "));
  EXPECT_THAT(
      output.out,
      HasSubstr("\ngateway_write_through_results_total{path=\"/v1/session/message\","
                "result=\"exception\"} 2\ngateway_dlq_depth{topic=\"memory.wal.dlq\"} 0\n"));
}

TEST_F(MetricsScrapeCommandTest, PrintsSelectedSeriesAndTheirSum) {
  const CommandResult output = RunSlogate("metrics scrape " + nginx_->Url("/metrics") +
                                          " --select 'gateway_write_through_results_total'");
  EXPECT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("result=\"ok\"} 40\n"));
  EXPECT_THAT(output.out, HasSubstr("# sum gateway_write_through_results_total = 42\n"));
  EXPECT_THAT(output.out, ::testing::Not(HasSubstr("gateway_dlq_depth")));
}

TEST_F(MetricsScrapeCommandTest, SelectorMatchingNothingFails) {
  const CommandResult output =
      RunSlogate("metrics scrape " + nginx_->Url("/metrics") + " --select absent_total");
  EXPECT_EQ(output.exit_code, 1);
  EXPECT_THAT(output.err, HasSubstr("no series matches absent_total"));
}

TEST_F(MetricsScrapeCommandTest, SendsTheTokenFromTheEnvironment) {
  ASSERT_EQ(setenv("SLOGATE_TEST_SCRAPE_TOKEN", "t0ken-scrape-42", 1), 0);
  const CommandResult output = RunSlogate("metrics scrape " + nginx_->Url("/secure") +
                                          " --bearer-token-env SLOGATE_TEST_SCRAPE_TOKEN");
  EXPECT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("gateway_dlq_depth"));
  EXPECT_THAT(output.out + output.err, ::testing::Not(HasSubstr("t0ken-scrape-42")));
}

TEST_F(MetricsScrapeCommandTest, FailedEndpointGoesToStderrWithStatusOne) {
  const CommandResult output = RunSlogate("metrics scrape " + nginx_->Url("/absent"));
  EXPECT_EQ(output.exit_code, 1);
  EXPECT_EQ(output.out, "");
  EXPECT_EQ(output.err, "slogate metrics scrape: GET " + nginx_->Url("/absent") +
                            ": HTTP status 404 (expected 200)\n");
}

TEST(MetricsScrapeCommandUsageTest, BadFlagsAreUsageErrors) {
  CommandResult output = RunSlogate("metrics scrape");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("slogate metrics scrape: no URL given"));
  output = RunSlogate("metrics scrape http://127.0.0.1:1/ --timeout fast");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("--timeout: "));
  output = RunSlogate("metrics scrape http://127.0.0.1:1/ --select 'a{'");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("--select: a{: "));
  output = RunSlogate("metrics scrape http://127.0.0.1:1/ --bearer-token-env SLOGATE_UNSET_VAR");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("--bearer-token-env: environment variable "
                                    "SLOGATE_UNSET_VAR is not set or empty"));
}

}  // namespace
}  // namespace slogate::scrape
