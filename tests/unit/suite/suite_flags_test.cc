#include <gtest/gtest.h>

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

  auto from_env = ParseSuiteFlags(
      args, Env({{"SLO_PROFILES", "x.json"}, {"SLO_PROFILE", "soak"}, {"PUSHGATEWAY_URL", "http://127.0.0.1:9091"}}));
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

TEST(ParseSuiteFlagsTest, MissingValueIsAnErrorNamingTheFlag) {
  std::vector<std::string> args = {"--profile"};
  auto flags = ParseSuiteFlags(args, Env({}));
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(flags.error().code, "bad_flag");
  EXPECT_EQ(flags.error().message, "--profile needs a value");
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

}  // namespace
}  // namespace slogate::suite
