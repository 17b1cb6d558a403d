// The options contract of every slogate binary and subcommand, checked on the real
// executables: --version prints one line and exits 0, --help lists every option, an unknown
// flag is an error with exit status 2 that names the closest known flag.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "command.h"

namespace {

using Output = slogate::testing::CommandResult;

// Runs `command` under sh with stdin from /dev/null and without TARGET_URL (so nothing could
// reach a real target), capturing both streams.
Output RunCommand(const std::string& command) {
  return slogate::testing::RunCommand("env -u TARGET_URL -u SLO_PROFILE " + command);
}

// One program: how to start it, its version line, and every option its --help must list.
struct Program {
  const char* name;
  std::string command;
  std::string version_line;
  std::vector<std::string> options;
};

// Names the case in ctest's output instead of a byte dump.
void PrintTo(const Program& program, std::ostream* out) { *out << program.name; }

const std::string kVersion = SLOGATE_EXPECTED_VERSION;
const std::string kSlogate = SLOGATE_BINARY;

std::vector<Program> Programs() {
  return {
      {"SlogateRun",
       kSlogate + " run",
       "slogate " + kVersion,
       {"--target-url",    "TARGET_URL",    "--target-path",  "TARGET_PATH",
        "--rps",           "RPS",           "--duration",     "DURATION",
        "--concurrency",   "CONCURRENCY",   "--jwt",          "JWT",
        "--tenant",        "TENANT",        "--persona-id",   "PERSONA_ID",
        "--message",       "MESSAGE",       "--schedule",     "--ramp-from",
        "--burst-rps",     "--burst-start", "--burst-length", "--burst-every",
        "--seed",          "--threads",     "--timeout",      "--max-queue-wait",
        "--drain-timeout", "--spin",        "--http",         "--transport",
        "--cacert",        "--cert",        "--key",          "--insecure",
        "--method",        "--body",        "--header",       "--ok-status",
        "--no-event-ids",  "--out",         "--json",         "--help",
        "--version"}},
      {"SlogateMerge",
       kSlogate + " merge",
       "slogate " + kVersion,
       {"-o, --output", "--help", "--version"}},
      {"SlogateMetricsCheck",
       kSlogate + " metrics check",
       "slogate " + kVersion,
       {"--openmetrics", "--json", "--help", "--version"}},
      {"SlogateMetricsScrape",
       kSlogate + " metrics scrape",
       "slogate " + kVersion,
       {"--select", "--timeout", "--bearer-token-env", "--help", "--version"}},
      {"SlogateReport",
       kSlogate + " report",
       "slogate " + kVersion,
       {"-o, --output", "--format", "--push", "--job", "--instance", "--help", "--version"}},
      {"Refgw",
       SLOGATE_REFGW_BINARY,
       "slogate_refgw " + kVersion,
       {"--host",
        "GATEWAY_HOST",
        "--port",
        "GATEWAY_PORT",
        "--metrics-port",
        "GATEWAY_METRICS_PORT",
        "--replicator-metrics-port",
        "GATEWAY_REPLICATOR_METRICS_PORT",
        "--http-threads",
        "GATEWAY_HTTP_THREADS",
        "--data-dir",
        "GATEWAY_DATA_DIR",
        "--group-commit",
        "GATEWAY_WAL_GROUP_COMMIT",
        "--[no-]fsync",
        "GATEWAY_WAL_FSYNC",
        "--[no-]write-through",
        "GATEWAY_WRITE_THROUGH",
        "--[no-]write-through-async",
        "GATEWAY_WRITE_THROUGH_ASYNC",
        "--[no-]require-auth",
        "GATEWAY_REQUIRE_AUTH",
        "GATEWAY_JWT_SECRET",
        "--jwt-public-key",
        "GATEWAY_JWT_PUBLIC_KEY",
        "--admin-rps",
        "GATEWAY_ADMIN_RPS",
        "--dlq-poll",
        "GATEWAY_DLQ_POLL_SECONDS",
        "--dlq-topic",
        "GATEWAY_DLQ_TOPIC",
        "--idle-timeout",
        "GATEWAY_HTTP_IDLE_TIMEOUT",
        "--max-body",
        "GATEWAY_MAX_BODY_BYTES",
        "--faults",
        "GATEWAY_FAULTS",
        "--help",
        "--version"}},
      {"Suite",
       SLOGATE_SUITE_BINARY,
       "slogate_suite " + kVersion,
       {"--profile", "SLO_PROFILE", "--endpoint", "SLO_ENDPOINT", "--slo-profiles", "--html",
        "SLO_HTML", "--threshold", "--[no-]seed-summary", "SLO_SEED_SUMMARY", "--pushgateway",
        "PUSHGATEWAY_URL", "--gtest_filter", "--help", "--version"}},
  };
}

class ProgramOptionsTest : public testing::TestWithParam<Program> {};

TEST_P(ProgramOptionsTest, VersionPrintsOneLineAndExitsZero) {
  const Output output = RunCommand(GetParam().command + " --version");
  EXPECT_EQ(output.exit_code, 0) << output.err;
  EXPECT_EQ(output.out, GetParam().version_line + "\n");
  EXPECT_EQ(output.err, "");
}

TEST_P(ProgramOptionsTest, HelpListsEveryOption) {
  const Output output = RunCommand(GetParam().command + " --help");
  EXPECT_EQ(output.exit_code, 0) << output.err;
  for (const std::string& option : GetParam().options) {
    EXPECT_NE(output.out.find(option), std::string::npos) << option << " missing from\n"
                                                          << output.out;
  }
}

TEST_P(ProgramOptionsTest, UnknownFlagExitsTwoNamingIt) {
  const Output output = RunCommand(GetParam().command + " --bogus-flag");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_NE(output.err.find("unknown option \"--bogus-flag\""), std::string::npos) << output.err;
  EXPECT_NE(output.err.find("--help"), std::string::npos) << output.err;
  EXPECT_EQ(output.out, "");
}

INSTANTIATE_TEST_SUITE_P(EveryProgram, ProgramOptionsTest, testing::ValuesIn(Programs()),
                         [](const testing::TestParamInfo<Program>& param_info) {
                           return param_info.param.name;
                         });

TEST(SlogateOptionsTest, TopLevelVersionAndUnknownOption) {
  const Output version = RunCommand(kSlogate + " --version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, "slogate " + kVersion + "\n");
  const Output unknown = RunCommand(kSlogate + " --bogus-flag");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "slogate: unknown option \"--bogus-flag\"; see slogate --help\n");
}

// A group of subcommands named alone, with --help, or with a word that is none of them.
TEST(SlogateOptionsTest, AGroupWithoutItsSubcommandListsThem) {
  const Output bare = RunCommand(kSlogate + " metrics");
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_THAT(bare.err, ::testing::StartsWith("slogate metrics: name a subcommand\n\n"
                                              "usage: slogate metrics <subcommand> [options]\n"));
  EXPECT_THAT(bare.err, ::testing::HasSubstr("\n  check "));
  EXPECT_THAT(bare.err, ::testing::HasSubstr("\n  scrape "));

  const Output help = RunCommand(kSlogate + " metrics --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, ::testing::HasSubstr("\n  check "));
  EXPECT_EQ(help.err, "");

  const Output typo = RunCommand(kSlogate + " metrics lint");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err, ::testing::StartsWith("slogate metrics: unknown subcommand \"lint\"\n"));
  EXPECT_THAT(typo.err, ::testing::HasSubstr("\n  scrape "));
}

TEST(SlogateOptionsTest, AnUnknownCommandIsQuotedSafely) {
  const Output output = RunCommand(kSlogate + " \"$(printf '\\033[31mred')\"");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, ::testing::StartsWith("slogate: unknown command \"\\x1b[31mred\"\n"));
}

// A --threshold is read with the profile file's rules before anything starts, and an empty one
// is an error naming the flag rather than nothing.
TEST(SuiteOptionsTest, AnEmptyThresholdFlagIsAnError) {
  const Output output = RunCommand(std::string(SLOGATE_SUITE_BINARY) + " --threshold=");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, ::testing::HasSubstr("--threshold: expected NAME=VALUE items"));
}

TEST(SuiteOptionsTest, AnUnknownThresholdIsAConfigurationErrorNamingIt) {
  const Output output =
      RunCommand(std::string(SLOGATE_SUITE_BINARY) + " --threshold latency_p99=1s");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, ::testing::HasSubstr("--threshold.latency_p99: unknown threshold"));
}

TEST(SuiteOptionsTest, ProfileTypoIsAnErrorNotASmokeRun) {
  const Output output = RunCommand(std::string(SLOGATE_SUITE_BINARY) + " --profle=burst");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_EQ(output.err,
            "slogate_suite: unknown option \"--profle\" (did you mean --profile?); see "
            "slogate_suite --help\n");
  EXPECT_EQ(output.out, "");  // no gtest banner: nothing ran
}

TEST(SuiteOptionsTest, GtestFlagsStillPassThrough) {
  const Output output = RunCommand(std::string(SLOGATE_SUITE_BINARY) + " --gtest_list_tests");
  EXPECT_EQ(output.exit_code, 0) << output.err;
  EXPECT_NE(output.out.find("LatencyP95"), std::string::npos) << output.out;
}

TEST(RunOptionsTest, RpsZeroIsRefusedLikeTheSuiteRefusesIt) {
  const Output run = RunCommand("env RPS=0 " + kSlogate + " run");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("slogate run: RPS: expected a rate > 0 and <= 1M requests per second"),
            std::string::npos)
      << run.err;
  const Output suite = RunCommand("env RPS=0 " + std::string(SLOGATE_SUITE_BINARY));
  EXPECT_EQ(suite.exit_code, 2);
  EXPECT_NE(suite.err.find("RPS: expected a rate > 0 and <= 1M requests per second"),
            std::string::npos)
      << suite.err;
}

TEST(RefgwOptionsTest, SecretFlagIsRefusedWithoutEchoingIt) {
  const Output output = RunCommand(std::string(SLOGATE_REFGW_BINARY) + " --jwt-secret=hunter2");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_NE(output.err.find("set GATEWAY_JWT_SECRET instead"), std::string::npos) << output.err;
  EXPECT_EQ(output.err.find("hunter2"), std::string::npos) << output.err;
}

}  // namespace
