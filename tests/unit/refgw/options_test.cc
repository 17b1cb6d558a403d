#include "options.h"

#include <gtest/gtest.h>

#include <map>

namespace slogate::refgw {
namespace {

EnvLookup Env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

TEST(OptionsTest, DefaultsMatchUpstreamPorts) {
  Result<GatewayOptions> options = ParseOptions({}, Env({}));
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->api_port, 8010);
  EXPECT_EQ(options->metrics_port, 9400);
  EXPECT_EQ(options->replicator_metrics_port, 9412);
  EXPECT_TRUE(options->write_through);
  EXPECT_FALSE(options->AuthRequired());
  EXPECT_EQ(options->dlq_poll, std::chrono::seconds(30));
}

TEST(OptionsTest, ReplicatorsDefaultToOneAndComeFromFlagOrEnvironment) {
  EXPECT_EQ(ParseOptions({}, Env({}))->replicators, 1u);
  EXPECT_EQ(ParseOptions({}, Env({{"GATEWAY_REPLICATORS", "3"}}))->replicators, 3u);
  Result<GatewayOptions> options = ParseOptions(
      {"--replicators=8", "--replicator-metrics-port=65528",
       R"(--faults={"replicator":{"stop":true,"only":7}})"},
      Env({{"GATEWAY_REPLICATORS", "3"}}));
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->replicators, 8u);
}

TEST(OptionsTest, FlagBeatsEnvironment) {
  Result<GatewayOptions> options =
      ParseOptions({"--port=0", "--metrics-port", "0", "--no-write-through"},
                   Env({{"GATEWAY_PORT", "9000"},
                        {"GATEWAY_REPLICATOR_METRICS_PORT", "0"},
                        {"GATEWAY_WRITE_THROUGH", "true"}}));
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->api_port, 0);
  EXPECT_EQ(options->metrics_port, 0);
  EXPECT_EQ(options->replicator_metrics_port, 0);
  EXPECT_FALSE(options->write_through);
}

TEST(OptionsTest, SecretImpliesAuth) {
  Result<GatewayOptions> options = ParseOptions({}, Env({{"GATEWAY_JWT_SECRET", "s"}}));
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->AuthRequired());
}

TEST(OptionsTest, PublicKeyImpliesAuthAndMayBeAFlag) {
  Result<GatewayOptions> from_env =
      ParseOptions({}, Env({{"GATEWAY_JWT_PUBLIC_KEY", "/etc/gw/jwt.pem"}}));
  ASSERT_TRUE(from_env.ok()) << from_env.error().message;
  EXPECT_TRUE(from_env->AuthRequired());
  EXPECT_EQ(from_env->jwt_public_key, "/etc/gw/jwt.pem");
  Result<GatewayOptions> from_flag = ParseOptions({"--jwt-public-key=/k.pem"}, Env({}));
  ASSERT_TRUE(from_flag.ok()) << from_flag.error().message;
  EXPECT_EQ(from_flag->jwt_public_key, "/k.pem");
}

TEST(OptionsTest, WriteThroughAsyncAndAdminRate) {
  Result<GatewayOptions> defaults = ParseOptions({}, Env({}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->write_through_async);
  EXPECT_EQ(defaults->admin_rps, 50);
  Result<GatewayOptions> options = ParseOptions(
      {"--admin-rps=0"}, Env({{"GATEWAY_WRITE_THROUGH_ASYNC", "yes"}, {"GATEWAY_ADMIN_RPS", "7"}}));
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_TRUE(options->write_through_async);
  EXPECT_EQ(options->admin_rps, 0);
  Result<GatewayOptions> bad = ParseOptions({}, Env({{"GATEWAY_ADMIN_RPS", "-1"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "GATEWAY_ADMIN_RPS: expected a whole number in [0, 1000000], got '-1'");
}

TEST(OptionsTest, DlqPollHasUpstreamMinimum) {
  Result<GatewayOptions> options = ParseOptions({"--dlq-poll=2"}, Env({}));
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->dlq_poll, std::chrono::seconds(10));
}

TEST(OptionsTest, ParsesDurationsAndFaults) {
  Result<GatewayOptions> options =
      ParseOptions({"--group-commit=1ms", "--faults", R"({"wal_fail":{"every":3}})"}, Env({}));
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->group_commit_window, std::chrono::microseconds(1000));
  EXPECT_EQ(options->faults.wal_fail_every, 3u);
}

TEST(OptionsTest, RequestDeadlinesHaveDefaultsAndAFloor) {
  Result<GatewayOptions> defaults = ParseOptions({}, Env({}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(defaults->body_timeout, std::chrono::seconds(30));
  Result<GatewayOptions> options = ParseOptions(
      {"--header-timeout=1.5s"}, Env({{"GATEWAY_HTTP_BODY_TIMEOUT", "0"}}));
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->header_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(options->body_timeout, std::chrono::milliseconds(1));
}

struct BadOptionCase {
  std::string name;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string message_part;
};

class OptionsErrorTest : public testing::TestWithParam<BadOptionCase> {};

TEST_P(OptionsErrorTest, NamesTheFlagOrVariable) {
  Result<GatewayOptions> options = ParseOptions(GetParam().args, Env(GetParam().env));
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.error().message.find(GetParam().message_part), std::string::npos)
      << options.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, OptionsErrorTest,
    testing::Values(
        BadOptionCase{"UnknownFlag", {"--prot=1"}, {}, "unknown option \"--prot\" (did you mean --port?)"},
        BadOptionCase{"PortTooLarge", {"--port=70000"}, {}, "--port"},
        BadOptionCase{
            "EnvPortNotNumber", {}, {{"GATEWAY_METRICS_PORT", "x"}}, "GATEWAY_METRICS_PORT"},
        BadOptionCase{"BadBool", {}, {{"GATEWAY_REQUIRE_AUTH", "maybe"}}, "GATEWAY_REQUIRE_AUTH"},
        BadOptionCase{"MissingValue", {"--data-dir"}, {}, "needs a value"},
        BadOptionCase{"SecretOnCommandLine", {"--jwt-secret=x"}, {}, "GATEWAY_JWT_SECRET"},
        BadOptionCase{"AuthWithoutAnyKey", {"--require-auth"}, {},
                      "neither GATEWAY_JWT_SECRET (HS256) nor GATEWAY_JWT_PUBLIC_KEY (RS256)"},
        BadOptionCase{"BadFaults", {"--faults={\"nope\":1}"}, {}, "--faults"},
        BadOptionCase{"PositionalArgument", {"serve"}, {}, "unexpected argument"},
        BadOptionCase{"HeaderTimeoutNotADuration", {"--header-timeout=soon"}, {},
                      "--header-timeout"},
        BadOptionCase{"NoReplicators", {"--replicators=0"}, {}, "--replicators"},
        BadOptionCase{"TooManyReplicators", {}, {{"GATEWAY_REPLICATORS", "9"}},
                      "GATEWAY_REPLICATORS"},
        BadOptionCase{"ReplicatorPortsPast65535",
                      {"--replicators=3", "--replicator-metrics-port=65534"}, {},
                      "--replicator-metrics-port (GATEWAY_REPLICATOR_METRICS_PORT): 65534 + 2"},
        BadOptionCase{"FaultForAMissingReplicator",
                      {"--replicators=2", R"(--faults={"replicator":{"stop":true,"only":2}})"},
                      {}, "--faults (GATEWAY_FAULTS): faults: 'replicator.only' is 2"}),
    [](const testing::TestParamInfo<BadOptionCase>& param_info) { return param_info.param.name; });

TEST(OptionsTest, EmptyVariableCountsAsUnset) {
  Result<GatewayOptions> options =
      ParseOptions({}, Env({{"GATEWAY_WAL_FSYNC", ""}, {"GATEWAY_HOST", ""}}));
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_TRUE(options->fsync);
  EXPECT_EQ(options->host, "127.0.0.1");
}

TEST(OptionsTest, VersionAndHelpStopBeforeAnythingIsChecked) {
  Result<GatewayOptions> version = ParseOptions({"--port=x", "--version"}, Env({}));
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->outcome, options::Outcome::kVersion);
  Result<GatewayOptions> help = ParseOptions({"--help"}, Env({{"GATEWAY_PORT", "x"}}));
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(help->outcome, options::Outcome::kHelp);
}

TEST(OptionsTest, SecretInTheEnvironmentIsNeverEchoed) {
  Result<GatewayOptions> options = ParseOptions({"--jwt-secret=hunter2"}, Env({}));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().message.find("hunter2"), std::string::npos);
}

TEST(OptionsTest, UsageListsEveryVariable) {
  std::string usage = UsageText();
  for (const char* name :
       {"GATEWAY_PORT", "GATEWAY_JWT_SECRET", "GATEWAY_FAULTS", "GATEWAY_WRITE_THROUGH"}) {
    EXPECT_NE(usage.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace slogate::refgw
