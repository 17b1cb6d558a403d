#include "format.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <cmath>

namespace slogate::report {
namespace {

struct MeasuredCase {
  std::string name;
  std::optional<double> value;
  std::string unit;
  std::string expected;
};

class FormatMeasuredTest : public ::testing::TestWithParam<MeasuredCase> {};

TEST_P(FormatMeasuredTest, Formats) {
  EXPECT_EQ(FormatMeasured(GetParam().value, GetParam().unit), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FormatMeasuredTest,
    ::testing::Values(MeasuredCase{"RatioAsPercent", 0.005, "ratio", "0.5%"},
                      MeasuredCase{"SmallRatio", 0.00123, "ratio", "0.123%"},
                      MeasuredCase{"Milliseconds", 212.4, "ms", "212.4 ms"},
                      MeasuredCase{"SubSecondInMs", 0.25, "s", "250 ms"},
                      MeasuredCase{"Seconds", 2.3149, "s", "2.315 s"},
                      MeasuredCase{"Count", 3, "events", "3 events"},
                      MeasuredCase{"NoUnit", 1500, "", "1500"},
                      MeasuredCase{"CountIsBare", 4500, "count", "4500"},
                      MeasuredCase{"Empty", std::nullopt, "ms", "-"},
                      MeasuredCase{"Infinite", std::numeric_limits<double>::infinity(), "", "+Inf"}),
    [](const ::testing::TestParamInfo<MeasuredCase>& param_info) { return param_info.param.name; });

TEST(FormatSignificantTest, KeepsSignificantDigitsWithoutTrailingZeros) {
  EXPECT_EQ(FormatSignificant(0.005), "0.005");
  EXPECT_EQ(FormatSignificant(19.9), "19.9");
  EXPECT_EQ(FormatSignificant(123456), "123456");
  EXPECT_EQ(FormatSignificant(0), "0");
  EXPECT_EQ(FormatSignificant(1.23456e-7), "1.235e-07");
}

TEST(FormatLatencyTest, PicksAReadableUnit) {
  EXPECT_EQ(FormatLatency(std::chrono::microseconds(850)), "850 µs");
  EXPECT_EQ(FormatLatency(std::chrono::microseconds(212400)), "212.4 ms");
  EXPECT_EQ(FormatLatency(std::chrono::milliseconds(2310)), "2.31 s");
}

TEST(FormatSecondsTest, ReadsAsADurationWhenOneCanHoldIt) {
  EXPECT_EQ(FormatSeconds(0.00025), "250 µs");
  EXPECT_EQ(FormatSeconds(0.15), "150 ms");
  EXPECT_EQ(FormatSeconds(60), "60 s");
  // A value from a results file or a gauge that no duration holds stays a number.
  EXPECT_EQ(FormatSeconds(1e300), "1e+300 s");
  EXPECT_EQ(FormatSeconds(std::nan("")), "NaN s");
}

TEST(FormatCountTest, SeparatesThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1310), "1,310");
  EXPECT_EQ(FormatCount(12345678), "12,345,678");
}

TEST(FormatUtcTest, MillisKeepsTheMillisecondsRoundedDown) {
  const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000));
  EXPECT_EQ(FormatUtcMillis(at), "2026-09-21T14:13:20.000Z");
  EXPECT_EQ(FormatUtcMillis(at + std::chrono::microseconds(7'999)), "2026-09-21T14:13:20.007Z");
  EXPECT_EQ(FormatUtcMillis(at + std::chrono::milliseconds(59'250)), "2026-09-21T14:14:19.250Z");
}

TEST(FormatUtcTest, WritesIso8601Utc) {
  EXPECT_EQ(FormatUtc(std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000))),
            "2026-09-21T14:13:20Z");
}

TEST(OutcomeFromNameTest, InvertsOutcomeName) {
  for (slo::Outcome outcome : {slo::Outcome::kPass, slo::Outcome::kFail,
                               slo::Outcome::kInconclusive, slo::Outcome::kSkipped}) {
    EXPECT_EQ(OutcomeFromName(slo::OutcomeName(outcome)), outcome);
  }
  EXPECT_FALSE(OutcomeFromName("pass").has_value());
}

}  // namespace
}  // namespace slogate::report
