// `slogate plan` as users run it: the default profile file and the suite's environment in, each
// profile's proof plan out, nothing sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "command.h"

namespace slogate::cli {
namespace {

using ::slogate::testing::CommandResult;
using ::slogate::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

// From the source tree (where the default profile file is), with the variables the plan reads
// set only as a test sets them.
CommandResult Plan(const std::string& environment, const std::string& arguments) {
  return RunCommand("cd " SLOGATE_SOURCE_DIR
                    " && env -u RPS -u DURATION -u CONCURRENCY -u SLO_ENV -u SLO_PROFILES "
                    "-u SLO_CONFIDENCE -u SLO_THRESHOLDS " +
                    environment + " " SLOGATE_BINARY " plan " + arguments);
}

TEST(PlanCommandTest, DefaultFileSaysWhatSmokeAndSoakCanProve) {
  const CommandResult result = Plan("", "");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The default file judges smoke by point estimates, since 75 requests prove no rate.
  EXPECT_THAT(result.out, HasSubstr("smoke: 75 requests, confidence \"none\": verdicts are "
                                    "point estimates, not proof"));
  EXPECT_THAT(result.out, HasSubstr("75 requests cannot prove ErrorRate < 0.5% even with no "
                                    "error (598 needed)\n"));
  EXPECT_THAT(result.out, HasSubstr("warning: smoke judges by point estimates"));
  EXPECT_THAT(result.out, HasSubstr("soak: 3000 requests, proof at 95% confidence"));
  EXPECT_THAT(result.out, HasSubstr("  ErrorRate < 0.5% is provable with at most 8 errors\n"));
  EXPECT_THAT(result.out, HasSubstr("  LatencyP95 < 300 ms is provable with at most 130 requests "
                                    "taking 300 ms or more\n"));
  EXPECT_THAT(result.out, HasSubstr("burst: 675 requests"));
  EXPECT_THAT(result.out, HasSubstr("ramp: 765 requests"));
}

TEST(PlanCommandTest, RpsAndDurationChangeTheCount) {
  const CommandResult result = Plan("RPS=10 DURATION=60s", "--profile smoke");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("smoke: 600 requests"));
  EXPECT_THAT(result.out, HasSubstr("ErrorRate < 0.5% is provable only with no error\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("cannot prove")));
  EXPECT_THAT(result.out, Not(HasSubstr("soak")));
}

TEST(PlanCommandTest, SloConfidenceAsksSmokeForAProofItCannotGive) {
  const CommandResult result = Plan("SLO_CONFIDENCE=0.95", "--profile smoke");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("smoke: 75 requests, proof at 95% confidence"));
  EXPECT_THAT(result.out, HasSubstr("\n  75 requests cannot prove ErrorRate < 0.5% even with no "
                                    "error (598 needed)\n"));
  EXPECT_THAT(result.out, HasSubstr("\nwarning: smoke cannot prove ErrorRate, "
                                    "WriteThroughResultsOk, WalResultsOk at 95% confidence"));
}

TEST(PlanCommandTest, EnvChoosesTheThresholds) {
  const CommandResult result = Plan("", "--profile soak --env staging");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("LatencyP95 < 150 ms is provable"));
}

TEST(PlanCommandTest, ThresholdsOverriddenForTheRunAreSaidAndPlanned) {
  const CommandResult result = Plan("SLO_THRESHOLDS=latency_p95=200ms", "--profile soak");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, ::testing::StartsWith("thresholds overridden for this run "
                                                "(SLO_THRESHOLDS / --threshold): "
                                                "latency_p95=200ms\n\n"));
  EXPECT_THAT(result.out, HasSubstr("LatencyP95 < 200 ms is provable"));
}

TEST(PlanCommandTest, UnknownProfileIsAUsageErrorNamingTheKnownOnes) {
  const CommandResult result = Plan("", "--profile smoke --profile nightly");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--profile: no profile \"nightly\" in "
                                    "fixtures/profiles/default.json (it has: "));
  EXPECT_THAT(result.err, HasSubstr("smoke"));
  EXPECT_EQ(result.out, "");
}

TEST(PlanCommandTest, BadEnvironmentIsAUsageError) {
  const CommandResult flag = Plan("", "--env moon");
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_THAT(flag.err, HasSubstr("--env: unknown environment \"moon\""));
  const CommandResult rate = Plan("RPS=fast", "");
  EXPECT_EQ(rate.exit_code, 2);
  EXPECT_THAT(rate.err, HasSubstr("slogate plan: RPS: "));
}

TEST(PlanCommandTest, MissingProfileFileSaysWhichFile) {
  const CommandResult result = Plan("", "--slo-profiles /nonexistent/profiles.json");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("/nonexistent/profiles.json"));
}

TEST(PlanCommandTest, HelpNamesTheOptions) {
  const CommandResult result = Plan("", "--help");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("slogate plan"));
  EXPECT_THAT(result.out, HasSubstr("--slo-profiles"));
  EXPECT_THAT(result.out, HasSubstr("--env"));
}

}  // namespace
}  // namespace slogate::cli
