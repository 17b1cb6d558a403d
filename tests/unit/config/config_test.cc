#include "slogate/config/config.h"

#include <gtest/gtest.h>

namespace slogate::config {
namespace {

Endpoint NamedEndpoint(std::string name) {
  Endpoint endpoint;
  endpoint.name = std::move(name);
  return endpoint;
}

LoadProfile NamedProfile(std::string name, std::vector<std::string> endpoints = {}) {
  LoadProfile profile;
  profile.name = std::move(name);
  profile.endpoints = std::move(endpoints);
  return profile;
}

TEST(ConfigTest, EnvironmentNamesRoundTrip) {
  for (Environment environment :
       {Environment::kLocal, Environment::kDev, Environment::kStaging, Environment::kProd}) {
    Result<Environment> parsed = ParseEnvironment(EnvironmentName(environment));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, environment);
  }
}

TEST(ConfigTest, UnknownEnvironmentListsTheAcceptedNames) {
  Result<Environment> parsed = ParseEnvironment("Staging");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "bad_environment");
  EXPECT_NE(parsed.error().message.find("local, dev, staging, prod"), std::string::npos);
}

TEST(ConfigTest, ScheduleNamesRoundTrip) {
  for (ScheduleKind kind : {ScheduleKind::kConstant, ScheduleKind::kRamp, ScheduleKind::kBurst,
                            ScheduleKind::kPoisson}) {
    Result<ScheduleKind> parsed = ParseScheduleKind(ScheduleKindName(kind));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_FALSE(ParseScheduleKind("steady").ok());
}

TEST(ConfigTest, ChecksDefaultToRequired) {
  Checks checks;
  checks.by_slo["Reconciliation"] = Requirement::kOptional;
  EXPECT_EQ(checks.For("Reconciliation"), Requirement::kOptional);
  EXPECT_EQ(checks.For("LatencyP95"), Requirement::kRequired);
}

TEST(ConfigTest, RedactedHidesTheJwtOnly) {
  Config config;
  config.target.jwt = "eyJhbGciOiJIUzI1NiJ9.secret.sig";
  config.target.tenant = "acme";
  const Config redacted = config.Redacted();
  EXPECT_EQ(redacted.target.jwt, kRedacted);
  EXPECT_EQ(redacted.target.tenant, "acme");
  EXPECT_EQ(config.target.jwt, "eyJhbGciOiJIUzI1NiJ9.secret.sig");
}

TEST(ConfigTest, RedactedKeepsAnAbsentJwtEmpty) { EXPECT_EQ(Config{}.Redacted().target.jwt, ""); }

TEST(ConfigTest, EndpointsForFollowsTheProfileList) {
  Config config;
  config.endpoints = {NamedEndpoint("write"), NamedEndpoint("export")};
  const LoadProfile all = NamedProfile("smoke");
  const LoadProfile only_export = NamedProfile("export-soak", {"export"});
  ASSERT_EQ(config.EndpointsFor(all).size(), 2u);
  const auto covered = config.EndpointsFor(only_export);
  ASSERT_EQ(covered.size(), 1u);
  EXPECT_EQ(covered[0]->name, "export");
  EXPECT_EQ(config.FindEndpoint("export"), &config.endpoints[1]);
  EXPECT_EQ(config.FindEndpoint("admin"), nullptr);
}

TEST(ConfigTest, FindProfileByName) {
  Config config;
  config.profiles = {NamedProfile("smoke"), NamedProfile("soak")};
  config.profiles[1].rps = 25;
  ASSERT_NE(config.FindProfile("soak"), nullptr);
  EXPECT_EQ(config.FindProfile("soak")->rps, 25);
  EXPECT_EQ(config.FindProfile("ramp"), nullptr);
}

}  // namespace
}  // namespace slogate::config
