// A profile's "metric_checks": what is read, and every mistake named with its member.
#include "metric_checks_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "slogate/config/config_json.h"
#include "slogate/config/loader.h"

namespace slogate::config {
namespace {

using ::testing::HasSubstr;

// A profile file whose profile "p" has `checks` as its metric_checks.
std::string FileWith(const std::string& checks) {
  return R"({"profiles": {"p": {"metric_checks": )" + checks + "}}}";
}

Result<ProfileFile> Parse(const std::string& checks) {
  return ParseProfileFile(FileWith(checks), "p.json");
}

TEST(MetricChecksJsonTest, ReadsEveryKind) {
  const Result<ProfileFile> file = Parse(R"([
      {"name": "Share5xx", "kind": "ratio", "of": "http_total{code=~\"5..\"}",
       "over": "http_total", "must_be": "< 0.1%"},
      {"name": "Depth", "kind": "gauge", "of": "queue_depth", "must_be": "<= 5",
       "optional": true},
      {"name": "Moved", "kind": "increase", "of": "writes_total{result=\"ok\"}",
       "must_be": ">= 1"}])");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const std::vector<MetricCheck>& checks = file->profiles[0].metric_checks;
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0].name, "Share5xx");
  EXPECT_EQ(checks[0].kind, MetricCheckKind::kRatio);
  EXPECT_EQ(checks[0].of, "http_total{code=~\"5..\"}");
  EXPECT_EQ(checks[0].over, "http_total");
  EXPECT_EQ(checks[0].comparison, Comparison::kBelow);
  EXPECT_DOUBLE_EQ(checks[0].bound, 0.001);
  EXPECT_EQ(checks[0].must_be, "< 0.1%");
  EXPECT_EQ(checks[0].requirement, Requirement::kRequired);
  EXPECT_EQ(checks[1].kind, MetricCheckKind::kGauge);
  EXPECT_EQ(checks[1].comparison, Comparison::kAtMost);
  EXPECT_EQ(checks[1].requirement, Requirement::kOptional);
  EXPECT_EQ(checks[2].kind, MetricCheckKind::kIncrease);
  EXPECT_EQ(checks[2].comparison, Comparison::kAtLeast);
  EXPECT_EQ(checks[2].bound, 1);
}

TEST(MetricChecksJsonTest, TheResultsFileKeepsTheChecksAsDeclared) {
  Result<ProfileFile> file = Parse(
      R"([{"name": "Share5xx", "kind": "ratio", "of": "a_total", "over": "b_total",
           "must_be": "< 1%"}])");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  Config config;
  config.profiles = file->profiles;
  const nlohmann::json json = ToJson(config);
  const nlohmann::json& check = json["profiles"][0]["metric_checks"][0];
  EXPECT_EQ(check["name"], "Share5xx");
  EXPECT_EQ(check["kind"], "ratio");
  EXPECT_EQ(check["over"], "b_total");
  EXPECT_EQ(check["must_be"], "< 1%");
  EXPECT_EQ(check["optional"], false);
}

struct BadCheck {
  std::string name;
  std::string checks;
  std::string message;  // a part of the error
};

class MetricChecksJsonErrorTest : public ::testing::TestWithParam<BadCheck> {};

TEST_P(MetricChecksJsonErrorTest, NamesTheMemberAndWhatIsWrong) {
  const Result<ProfileFile> file = Parse(GetParam().checks);
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.error().ToString(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, MetricChecksJsonErrorTest,
    ::testing::Values(
        BadCheck{"NotAnArray", R"({})", "profiles.p.metric_checks: expected an array"},
        BadCheck{"BuiltInName",
                 R"([{"name": "ErrorRate", "kind": "increase", "of": "a", "must_be": ">= 1"}])",
                 "profiles.p.metric_checks[0].name: \"ErrorRate\" is a built-in SLO"},
        BadCheck{"TwiceTheName",
                 R"([{"name": "A", "kind": "increase", "of": "a", "must_be": ">= 1"},
                     {"name": "A", "kind": "increase", "of": "b", "must_be": ">= 1"}])",
                 "metric_checks[1].name: a second check named \"A\""},
        BadCheck{"DisabledName",
                 R"([{"name": "DISABLED_A", "kind": "gauge", "of": "a", "must_be": "< 1"}])",
                 "starts with DISABLED_"},
        BadCheck{"NameWithSpace",
                 R"([{"name": "a b", "kind": "increase", "of": "a", "must_be": ">= 1"}])",
                 "letters, digits and underscores"},
        BadCheck{"UnknownKind", R"([{"name": "A", "kind": "rate", "of": "a", "must_be": ">= 1"}])",
                 "metric_checks[0].kind: expected \"increase\", \"ratio\" or \"gauge\""},
        BadCheck{"BadSelector",
                 R"([{"name": "A", "kind": "increase", "of": "a{b=}", "must_be": ">= 1"}])",
                 "metric_checks[0].of: not a selector"},
        BadCheck{"SelectorWithoutName",
                 R"([{"name": "A", "kind": "gauge", "of": "{job=\"x\"}", "must_be": "<= 1"}])",
                 "the selector needs a metric name"},
        BadCheck{"RatioWithoutDenominator",
                 R"([{"name": "A", "kind": "ratio", "of": "a", "must_be": "< 1%"}])",
                 "metric_checks[0].over: missing"},
        BadCheck{"DenominatorOfAGauge",
                 R"([{"name": "A", "kind": "gauge", "of": "a", "over": "b", "must_be": "< 1"}])",
                 "only a ratio has a denominator"},
        BadCheck{"NoCondition", R"([{"name": "A", "kind": "gauge", "of": "a"}])",
                 "metric_checks[0].must_be: missing"},
        BadCheck{"EqualsIsNoCondition",
                 R"([{"name": "A", "kind": "gauge", "of": "a", "must_be": "= 0"}])",
                 "metric_checks[0].must_be: expected a condition"},
        BadCheck{"InfiniteBound",
                 R"([{"name": "A", "kind": "gauge", "of": "a", "must_be": "< 1e999"}])",
                 "is not a finite number"},
        BadCheck{"UnknownMember",
                 R"([{"name": "A", "kind": "gauge", "of": "a", "must_be": "< 1", "max": 2}])",
                 "max"}),
    [](const ::testing::TestParamInfo<BadCheck>& param_info) { return param_info.param.name; });

TEST(MetricChecksJsonTest, ASelectorEveryMessageQuotesIsBounded) {
  const Result<ProfileFile> file = Parse(R"([{"name": "A", "kind": "gauge", "of": ")" +
                                         std::string(1025, 'a') + R"(", "must_be": "< 1"}])");
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.error().message, HasSubstr("a selector of at most 1024 characters"));
  EXPECT_LT(file.error().message.size(), 300u);
}

TEST(MetricChecksJsonTest, AProfileMayDeclareAtMost32) {
  std::string checks = "[";
  for (int i = 0; i < 33; ++i) {
    checks += std::string(i == 0 ? "" : ",") + R"({"name": "C)" + std::to_string(i) +
              R"(", "kind": "gauge", "of": "a", "must_be": "< 1"})";
  }
  const Result<ProfileFile> file = Parse(checks + "]");
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.error().message, HasSubstr("33 checks; a profile may declare at most 32"));
}

TEST(ConditionTest, ReadsComparisonsNumbersAndPercentages) {
  using internal::ParseCondition;
  EXPECT_EQ(ParseCondition("< 0.1%").value(), std::pair(Comparison::kBelow, 0.001));
  EXPECT_EQ(ParseCondition("<=5").value(), std::pair(Comparison::kAtMost, 5.0));
  EXPECT_EQ(ParseCondition(" >= -2 ").value(), std::pair(Comparison::kAtLeast, -2.0));
  EXPECT_EQ(ParseCondition("> 99.5 %").value(), std::pair(Comparison::kAbove, 0.995));
  for (const char* bad : {"", "<", "< abc", "=< 1", "5", "< 1 %%", "< nan", "< 1e999", "! 1"}) {
    EXPECT_FALSE(ParseCondition(bad).ok()) << bad;
  }
}

TEST(ConditionTest, HoldsComparesAndNeverHoldsForNaN) {
  EXPECT_TRUE(Holds(Comparison::kBelow, 0.5, 1));
  EXPECT_FALSE(Holds(Comparison::kBelow, 1, 1));
  EXPECT_TRUE(Holds(Comparison::kAtMost, 1, 1));
  EXPECT_TRUE(Holds(Comparison::kAbove, 2, 1));
  EXPECT_FALSE(Holds(Comparison::kAtLeast, 0.9, 1));
  for (Comparison comparison :
       {Comparison::kBelow, Comparison::kAtMost, Comparison::kAbove, Comparison::kAtLeast}) {
    EXPECT_FALSE(Holds(comparison, std::nan(""), 1));
  }
}

}  // namespace
}  // namespace slogate::config
