#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

config::EnvLookup Env(std::map<std::string, std::string> values) {
  return [values](std::string_view name) -> std::optional<std::string> {
    auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

TEST(ParseSuiteFlagsTest, TakesItsOwnFlagsAndLeavesGtestOnes) {
  std::vector<std::string> args = {"--gtest_filter=*LatencyP95*", "--profile=smoke,burst",
                                   "--slo-profiles", "mine.json", "--html=out.html"};
  auto flags = ParseSuiteFlags(args, Env({}));
  ASSERT_TRUE(flags.ok()) << flags.error().message;
  EXPECT_EQ(flags->profiles, (std::vector<std::string>{"smoke", "burst"}));
  EXPECT_EQ(flags->profiles_file, "mine.json");
  EXPECT_EQ(flags->html_path, "out.html");
  EXPECT_EQ(args, (std::vector<std::string>{"--gtest_filter=*LatencyP95*"}));
}

TEST(ParseSuiteFlagsTest, DefaultsToSmokeAndReadsVariables) {
  std::vector<std::string> args;
  auto defaults = ParseSuiteFlags(args, Env({{"SLO_PROFILES", "x.json"}}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->profiles, (std::vector<std::string>{"smoke"}));

  auto from_env = ParseSuiteFlags(args, Env({{"SLO_PROFILES", "x.json"},
                                             {"SLO_PROFILE", "soak"},
                                             {"PUSHGATEWAY_URL", "http://127.0.0.1:9091"}}));
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->profiles, (std::vector<std::string>{"soak"}));
  EXPECT_EQ(from_env->pushgateway_url, "http://127.0.0.1:9091");
}

TEST(ParseSuiteFlagsTest, FlagBeatsVariable) {
  std::vector<std::string> args = {"--profile=burst"};
  auto flags = ParseSuiteFlags(args, Env({{"SLO_PROFILES", "x.json"}, {"SLO_PROFILE", "soak"}}));
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->profiles, (std::vector<std::string>{"burst"}));
}

TEST(ParseSuiteFlagsTest, SeedSummaryIsOffUnlessTheFlagOrTheVariableTurnsItOn) {
  std::vector<std::string> none;
  EXPECT_FALSE(ParseSuiteFlags(none, Env({{"SLO_PROFILES", "x.json"}}))->seed_summary);
  std::vector<std::string> also_none;
  EXPECT_TRUE(
      ParseSuiteFlags(also_none, Env({{"SLO_PROFILES", "x.json"}, {"SLO_SEED_SUMMARY", "true"}}))
          ->seed_summary);
  std::vector<std::string> off = {"--no-seed-summary"};
  EXPECT_FALSE(ParseSuiteFlags(off, Env({{"SLO_PROFILES", "x.json"}, {"SLO_SEED_SUMMARY", "1"}}))
                   ->seed_summary);
  std::vector<std::string> bad;
  auto refused = ParseSuiteFlags(bad, Env({{"SLO_PROFILES", "x.json"}, {"SLO_SEED_SUMMARY", "y"}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("SLO_SEED_SUMMARY"), std::string::npos)
      << refused.error().message;
}

// Each --threshold is one item or a comma list; several add up, in order, and a malformed one
// is an error naming the flag.
TEST(ParseSuiteFlagsTest, ThresholdFlagsAddUpInOrder) {
  std::vector<std::string> args = {"--threshold", "latency_p95=200ms",
                                   "--threshold=max_error_rate=0.01,latency_p95=250ms"};
  auto flags = ParseSuiteFlags(args, Env({{"SLO_PROFILES", "x.json"}}));
  ASSERT_TRUE(flags.ok()) << flags.error().message;
  const config::ThresholdOverrides expected = {
      {"latency_p95", "200ms"}, {"max_error_rate", "0.01"}, {"latency_p95", "250ms"}};
  EXPECT_EQ(flags->thresholds, expected);
  std::vector<std::string> bad = {"--threshold", "latency_p95"};
  auto refused = ParseSuiteFlags(bad, Env({{"SLO_PROFILES", "x.json"}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.rfind("--threshold", 0), 0u) << refused.error().message;
}

TEST(ParseSuiteFlagsTest, MissingValueIsAnErrorNamingTheFlag) {
  std::vector<std::string> args = {"--profile"};
  auto flags = ParseSuiteFlags(args, Env({}));
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(flags.error().code, "missing_value");
  EXPECT_EQ(flags.error().message, "--profile needs a value");
}

TEST(ParseSuiteFlagsTest, TypoIsAnErrorNotTheDefaultProfile) {
  std::vector<std::string> args = {"--profle=burst"};
  auto flags = ParseSuiteFlags(args, Env({}));
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(flags.error().code, "unknown_flag");
  EXPECT_EQ(flags.error().message,
            "unknown option \"--profle\" (did you mean --profile?); see slogate_suite --help");
}

TEST(ParseSuiteFlagsTest, VersionStopsBeforeAnythingElse) {
  std::vector<std::string> args = {"--version", "--profile="};
  auto flags = ParseSuiteFlags(args, Env({}));
  ASSERT_TRUE(flags.ok()) << flags.error().message;
  EXPECT_EQ(flags->outcome, options::Outcome::kVersion);
}

TEST(ParseSuiteFlagsTest, EmptyProfileListIsAnError) {
  std::vector<std::string> args = {"--profile=,"};
  auto flags = ParseSuiteFlags(args, Env({}));
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(flags.error().message,
            "--profile: expected one or more profile names separated by commas, got \",\"");
}

TEST(ParseSuiteFlagsTest, PushgatewayUrlIsChecked) {
  std::vector<std::string> args;
  auto flags = ParseSuiteFlags(args, Env({{"PUSHGATEWAY_URL", "pushgw:9091"}}));
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(
      flags.error().message,
      "PUSHGATEWAY_URL: expected an http:// or https:// URL with a host, got \"pushgw:9091\"");
}

TEST(SuiteUsageTest, ListsEveryOptionAndGtestPassThrough) {
  const std::string usage = SuiteUsage();
  for (const char* part : {"--profile NAME[,NAME]  [SLO_PROFILE]", "--endpoint", "--slo-profiles",
                           "--html FILE  [SLO_HTML]", "--pushgateway URL  [PUSHGATEWAY_URL]",
                           "--version", "--gtest_"}) {
    EXPECT_NE(usage.find(part), std::string::npos) << part;
  }
}

TEST(RunKeyNameTest, IsSafeForGtestNames) {
  EXPECT_EQ(RunKeyName({"smoke", "write"}), "smoke_write");
  EXPECT_EQ(RunKeyName({"soak-1", "write.v2"}), "soak_1_write_v2");
}

TEST(SuiteSessionTest, UnknownProfileIsAnErrorListingTheKnownOnes) {
  SuiteFlags flags;
  flags.profiles_file = std::string(SLOGATE_SOURCE_DIR) + "/fixtures/profiles/default.json";
  flags.profiles = {"nosuch"};
  SuiteSession& session = SuiteSession::Instance();
  Status status = session.Configure(flags, Env({}));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("no profile \"nosuch\""), std::string::npos);
  EXPECT_NE(status.error().message.find("smoke, soak, burst, ramp"), std::string::npos)
      << status.error().message;
}

// "@<unix seconds>.500", `ahead` from now.
std::string StartIn(std::chrono::seconds ahead) {
  const auto at =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() + ahead);
  return "@" + std::to_string(at.time_since_epoch().count()) + ".5";
}

TEST(ParseSuiteFlagsTest, ASplitRunIsShareZeroWithAStartAndTheOthersResults) {
  const std::string start = StartIn(std::chrono::minutes(2));
  std::vector<std::string> args = {"--shard=0/3", "--start-at=" + start,
                                   "--shard-results=/results"};
  auto flags = ParseSuiteFlags(args, Env({{"SLO_PROFILES", "x.json"}}));
  ASSERT_TRUE(flags.ok()) << flags.error().message;
  EXPECT_EQ(flags->shard, (load::ShardSpec{0, 3}));
  ASSERT_TRUE(flags->start_at.has_value());
  EXPECT_EQ(
      std::chrono::duration_cast<std::chrono::milliseconds>(flags->start_at->time_since_epoch())
              .count() %
          1000,
      500);
  EXPECT_EQ(flags->shard_results, "/results");

  // An Indexed Job's pod 0, through the variables a manifest sets.
  std::vector<std::string> none;
  auto from_job = ParseSuiteFlags(none, Env({{"SLO_PROFILES", "x.json"},
                                             {"SLO_SHARD", "job/3"},
                                             {"JOB_COMPLETION_INDEX", "0"},
                                             {"SLO_START_AT", start},
                                             {"SLO_SHARD_RESULTS", "/results"}}));
  ASSERT_TRUE(from_job.ok()) << from_job.error().message;
  EXPECT_EQ(from_job->shard, (load::ShardSpec{0, 3}));
}

TEST(ParseSuiteFlagsTest, ASplitRunWithoutWhatItNeedsIsRefusedSayingWhy) {
  const std::string start = "--start-at=" + StartIn(std::chrono::minutes(2));
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--shard=1/3", start, "--shard-results=/r"}, "the suite runs share 0"},
      {{"--shard=0/3", "--shard-results=/r"}, "needs --start-at"},
      {{"--shard=0/3", start}, "needs --shard-results DIR"},
      {{"--shard=0/3", "--start-at=@1700000000", "--shard-results=/r"}, "is already past"},
      {{"--shard=0/3", "--start-at=" + StartIn(std::chrono::hours(2)), "--shard-results=/r"},
       "more than an hour ahead"},
      {{"--shard-results=/r"}, "--shard-results needs --shard I/N with N > 1"},
      {{"--shard=3/3"}, "is not a share"},
      {{"--shard=job/3"}, "needs JOB_COMPLETION_INDEX"},
      {{"--start-at=yesterday"}, "yesterday"},
  };
  for (const auto& [given, expected] : cases) {
    std::vector<std::string> args = given;
    auto flags = ParseSuiteFlags(args, Env({{"SLO_PROFILES", "x.json"}}));
    ASSERT_FALSE(flags.ok()) << given.front();
    EXPECT_NE(flags.error().message.find(expected), std::string::npos) << flags.error().message;
  }
}

}  // namespace
}  // namespace slogate::suite
