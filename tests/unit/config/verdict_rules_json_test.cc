// The verdict rules of a load profile: confidence, windowed SLOs, fail-fast, presence.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "slogate/config/loader.h"

namespace slogate::config {
namespace {

using std::chrono::seconds;

Result<ProfileFile> ParseSmoke(const std::string& members) {
  return ParseProfileFile(R"({"profiles": {"smoke": {"duration": "15s", )" + members + "}}}",
                          "p.json");
}

TEST(VerdictRulesJsonTest, DefaultsAskForProofAndAutoPresence) {
  Result<ProfileFile> file = ParseProfileFile(R"({"profiles": {"smoke": {}}})", "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const VerdictRules& rules = file->profiles[0].rules;
  EXPECT_EQ(rules.confidence, 0.95);
  EXPECT_FALSE(rules.windowed.enabled());
  EXPECT_FALSE(rules.abort_on_breach.enabled);
  EXPECT_EQ(rules.write_through, Presence::kAuto);
  EXPECT_EQ(rules.replicator, Presence::kAuto);
}

TEST(VerdictRulesJsonTest, ReadsEveryRule) {
  Result<ProfileFile> file = ParseSmoke(
      R"("confidence": 0.99, "windowed": {"window": "10s", "sustained": 5},
         "abort_on_breach": {"grace": "3s"}, "write_through": "required",
         "replicator": "auto")");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const VerdictRules& rules = file->profiles[0].rules;
  EXPECT_EQ(rules.confidence, 0.99);
  EXPECT_EQ(rules.windowed.window, seconds(10));
  EXPECT_EQ(rules.windowed.sustained, seconds(5));
  EXPECT_TRUE(rules.abort_on_breach.enabled);
  EXPECT_EQ(rules.abort_on_breach.grace, seconds(3));
  EXPECT_EQ(rules.write_through, Presence::kRequired);
  EXPECT_EQ(rules.replicator, Presence::kAuto);
}

TEST(VerdictRulesJsonTest, NoneIsPointEstimates) {
  Result<ProfileFile> file = ParseSmoke(R"("confidence": "none")");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->profiles[0].rules.confidence, 0);
}

TEST(VerdictRulesJsonTest, AbortOnBreachTrueKeepsTheDefaultGrace) {
  Result<ProfileFile> file = ParseSmoke(R"("abort_on_breach": true)");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_TRUE(file->profiles[0].rules.abort_on_breach.enabled);
  EXPECT_EQ(file->profiles[0].rules.abort_on_breach.grace, seconds(10));
  Result<ProfileFile> off = ParseSmoke(R"("abort_on_breach": false)");
  ASSERT_TRUE(off.ok()) << off.error().ToString();
  EXPECT_FALSE(off->profiles[0].rules.abort_on_breach.enabled);
}

struct BadRuleCase {
  std::string name;
  std::string members;
  std::string message;
};

class VerdictRulesJsonErrorTest : public testing::TestWithParam<BadRuleCase> {};

TEST_P(VerdictRulesJsonErrorTest, NamesTheProfileFieldAndWhatIsAccepted) {
  Result<ProfileFile> file = ParseSmoke(GetParam().members);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "bad_profile");
  EXPECT_EQ(file.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, VerdictRulesJsonErrorTest,
    testing::Values(
        BadRuleCase{"ConfidenceOne", R"("confidence": 1)",
                    "p.json: profiles.smoke.confidence: expected a confidence level from 0.5 to "
                    "0.9999 (e.g. 0.95) or \"none\" for point estimates, got 1"},
        BadRuleCase{"ConfidenceBelowOneHalf", R"("confidence": 0.3)",
                    "p.json: profiles.smoke.confidence: expected a confidence level from 0.5 to "
                    "0.9999 (e.g. 0.95) or \"none\" for point estimates, got 0.3"},
        BadRuleCase{"ConfidencePercent", R"("confidence": "95%")",
                    "p.json: profiles.smoke.confidence: expected a confidence level from 0.5 to "
                    "0.9999 (e.g. 0.95) or \"none\" for point estimates, got \"95%\""},
        BadRuleCase{"WindowFractional", R"("windowed": {"window": "1.5s", "sustained": "5s"})",
                    "p.json: profiles.smoke.windowed.window: expected a whole number of seconds "
                    "from 1 to 1000000 (e.g. \"10s\", 5), got \"1.5s\""},
        BadRuleCase{"SustainedZero", R"("windowed": {"window": "10s", "sustained": 0})",
                    "p.json: profiles.smoke.windowed.sustained: expected a whole number of "
                    "seconds from 1 to 1000000 (e.g. \"10s\", 5), got 0"},
        BadRuleCase{"SustainedMissing", R"("windowed": {"window": "10s"})",
                    "p.json: profiles.smoke.windowed.sustained: missing (a windowed SLO needs a "
                    "window and how long a breach must be sustained, e.g. {\"window\": \"10s\", "
                    "\"sustained\": \"5s\"})"},
        BadRuleCase{"SustainedLongerThanTheRun",
                    R"("windowed": {"window": "10s", "sustained": "20s"})",
                    "p.json: profiles.smoke.windowed: a breach sustained for 20s cannot happen in "
                    "a run of 15s; make \"sustained\" at most the profile's duration"},
        BadRuleCase{"WindowLongerThanTheRun",
                    R"("windowed": {"window": "30s", "sustained": "5s"})",
                    "p.json: profiles.smoke.windowed: no window of 30s fits in a run of 15s; make "
                    "\"window\" at most the profile's duration"},
        BadRuleCase{"GraceAsLongAsTheRun", R"("abort_on_breach": {"grace": "15s"})",
                    "p.json: profiles.smoke.abort_on_breach.grace: a grace of 15s leaves nothing "
                    "of a 15s run to abort; make it shorter than the duration"},
        BadRuleCase{"AbortIsAString", R"("abort_on_breach": "yes")",
                    "p.json: profiles.smoke.abort_on_breach: expected true, false or {\"grace\": "
                    "\"10s\"}, got \"yes\""},
        BadRuleCase{"AbortUnknownMember", R"("abort_on_breach": {"delay": "10s"})",
                    "p.json: profiles.smoke.abort_on_breach.delay: unknown field (expected one "
                    "of: grace)"},
        BadRuleCase{"PresenceMisspelt", R"("write_through": "on")",
                    "p.json: profiles.smoke.write_through: expected \"auto\" (judged when the "
                    "target runs it, SKIPPED when it is off) or \"required\", got \"on\""},
        BadRuleCase{"ReplicatorBool", R"("replicator": true)",
                    "p.json: profiles.smoke.replicator: expected \"auto\" (judged when the "
                    "target runs it, SKIPPED when it is off) or \"required\", got true"}),
    [](const testing::TestParamInfo<BadRuleCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::config
