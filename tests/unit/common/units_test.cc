#include "slogate/common/units.h"

#include <gtest/gtest.h>

namespace slogate::units {
namespace {

struct DurationCase {
  const char* name;
  const char* text;
  double seconds;
};

class ParseDurationTest : public ::testing::TestWithParam<DurationCase> {};

TEST_P(ParseDurationTest, ReadsValueInSeconds) {
  auto parsed = ParseDuration(GetParam().text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_DOUBLE_EQ(parsed->count(), GetParam().seconds);
}

INSTANTIATE_TEST_SUITE_P(
    Units, ParseDurationTest,
    ::testing::Values(DurationCase{"BareIsSeconds", "15", 15.0},
                      DurationCase{"Fractional", "1.5s", 1.5},
                      DurationCase{"Milliseconds", "300ms", 0.3},
                      DurationCase{"Microseconds", "250us", 250e-6},
                      DurationCase{"MicroSign", "250\xC2\xB5s", 250e-6},
                      DurationCase{"Nanoseconds", "10ns", 10e-9},
                      DurationCase{"Minutes", "2m", 120.0},
                      DurationCase{"Hours", "1.5h", 5400.0},
                      DurationCase{"Zero", "0", 0.0},
                      DurationCase{"SurroundingSpace", " 2s ", 2.0}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ParseDurationTest, RejectsNegativeWithCode) {
  auto parsed = ParseDuration("-1s");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "negative_duration");
  EXPECT_NE(parsed.error().message.find("\"-1s\""), std::string::npos);
}

TEST(ParseDurationTest, RejectsUnknownUnitNamingIt) {
  auto parsed = ParseDuration("5 parsecs");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "bad_unit");
  EXPECT_NE(parsed.error().message.find("parsecs"), std::string::npos);
}

TEST(ParseDurationTest, RejectsEmptyAndGarbage) {
  EXPECT_EQ(ParseDuration("").error().code, "empty_duration");
  EXPECT_EQ(ParseDuration("abc").error().code, "bad_duration");
  EXPECT_EQ(ParseDuration("nan").error().code, "bad_duration");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (double seconds : {0.0, 1e-7, 0.0001, 0.3, 1.5, 15.0, 90.0, 120.0, 7200.0}) {
    const std::string text = FormatDuration(Seconds(seconds));
    auto parsed = ParseDuration(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_NEAR(parsed->count(), seconds, seconds * 1e-12) << text;
  }
}

TEST(FormatDurationTest, PicksReadableUnit) {
  EXPECT_EQ(FormatDuration(Seconds(0.0001)), "100us");
  EXPECT_EQ(FormatDuration(Seconds(0.3)), "300ms");
  EXPECT_EQ(FormatDuration(Seconds(1.5)), "1.5s");
  EXPECT_EQ(FormatDuration(Seconds(120)), "2m");
}

TEST(ParseQuantityTest, ReadsSuffixesAndFractions) {
  EXPECT_DOUBLE_EQ(*ParseQuantity("0.5"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseQuantity("1.5k"), 1500.0);
  EXPECT_DOUBLE_EQ(*ParseQuantity("2M"), 2e6);
  EXPECT_EQ(ParseQuantity("-3").error().code, "negative_number");
  EXPECT_EQ(ParseQuantity("inf").error().code, "bad_number");
  EXPECT_EQ(ParseQuantity("3x").error().code, "bad_unit");
}

TEST(ParseCountTest, RequiresWholeNumbers) {
  EXPECT_EQ(*ParseCount("20"), 20);
  EXPECT_EQ(*ParseCount("1k"), 1000);
  EXPECT_EQ(ParseCount("2.5").error().code, "bad_count");
}

TEST(ParseNumberTest, IsStrict) {
  EXPECT_DOUBLE_EQ(*ParseNumber("1e-3"), 1e-3);
  EXPECT_EQ(ParseNumber("1k").error().code, "bad_number");
  EXPECT_EQ(ParseNumber("").error().code, "bad_number");
}

TEST(FormatNumberTest, IsShortestRoundTrip) {
  EXPECT_EQ(FormatNumber(0.5), "0.5");
  EXPECT_EQ(FormatNumber(1500), "1500");
  EXPECT_EQ(FormatNumber(0.1 + 0.2), "0.30000000000000004");
}

}  // namespace
}  // namespace slogate::units
