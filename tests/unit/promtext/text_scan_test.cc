#include "text_scan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>

namespace slogate::promtext::internal {
namespace {

TEST(TextScanTest, MeasuresUnquotedNames) {
  EXPECT_EQ(MetricNameLength("job:rate_5m{"), 11u);
  EXPECT_EQ(MetricNameLength("9lives"), 0u);
  EXPECT_EQ(LabelNameLength("a:b"), 1u);
  EXPECT_EQ(LabelNameLength("_x9 "), 3u);
  EXPECT_EQ(LabelNameLength(""), 0u);
}

TEST(TextScanTest, UnescapesQuotedStrings) {
  std::string out;
  EXPECT_FALSE(Unescape("a\\\\b\\\"c\\nd", out).has_value());
  EXPECT_EQ(out, "a\\b\"c\nd");
  out.clear();
  const auto bad = Unescape("ok\\t", out);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->offset, 2u);
  EXPECT_EQ(bad->escaped, 't');
}

TEST(TextScanTest, KeepsUnknownHelpEscapesVerbatim) {
  std::string out;
  const auto unknown = UnescapeHelp004("a\\\"b\\\\c\\nd\\", out);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->escaped, '"');
  EXPECT_EQ(out, "a\\\"b\\c\nd\\");
}

TEST(TextScanTest, FindsClosingQuoteSkippingEscapes) {
  bool has_escape = false;
  EXPECT_EQ(FindClosingQuote("ab\\\"c\" rest", &has_escape), 5u);
  EXPECT_TRUE(has_escape);
  has_escape = false;
  EXPECT_EQ(FindClosingQuote("abc", &has_escape), std::string_view::npos);
  EXPECT_EQ(FindClosingQuote("abc\\\"", &has_escape), std::string_view::npos);
}

TEST(TextScanTest, ParsesTimestamps) {
  EXPECT_EQ(ParseIntegerTimestamp("-15"), -15);
  EXPECT_EQ(ParseIntegerTimestamp("+15"), 15);
  EXPECT_FALSE(ParseIntegerTimestamp("++15").has_value());
  EXPECT_FALSE(ParseIntegerTimestamp("1e3").has_value());
  EXPECT_FALSE(ParseIntegerTimestamp("").has_value());
  EXPECT_EQ(ParseRealTimestamp("1.5"), 1.5);
  EXPECT_FALSE(ParseRealTimestamp("NaN").has_value());
  EXPECT_FALSE(ParseRealTimestamp("-Inf").has_value());
}

struct BadValueCase {
  std::string name;
  std::string text;
};
void PrintTo(const BadValueCase& c, std::ostream* os) { *os << c.name; }

class BadValueTest : public testing::TestWithParam<BadValueCase> {};

TEST_P(BadValueTest, IsRejected) { EXPECT_FALSE(ParseValue(GetParam().text).has_value()); }

INSTANTIATE_TEST_SUITE_P(
    Spellings, BadValueTest,
    testing::Values(BadValueCase{"Empty", ""}, BadValueCase{"Sign", "-"}, BadValueCase{"Dot", "."},
                    BadValueCase{"Hex", "0x10"}, BadValueCase{"Underscore", "1_0"},
                    BadValueCase{"SignedNan", "+NaN"}, BadValueCase{"NanPayload", "nan(1)"},
                    BadValueCase{"DoubleSign", "--1"}, BadValueCase{"ExponentWithoutDigits", "1e"},
                    BadValueCase{"Word", "one"}, BadValueCase{"Inff", "Inff"},
                    BadValueCase{"TrailingJunk", "1.5x"}),
    [](const testing::TestParamInfo<BadValueCase>& param_info) { return param_info.param.name; });

TEST(TextScanTest, FindsInvalidUtf8) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii that is longer than eight"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("Z\xC3\xBCrich \xE2\x9C\x93 \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("abcdefghij\x80"), 10u);
  EXPECT_EQ(FindInvalidUtf8("\xC3"), 0u);               // truncated
  EXPECT_EQ(FindInvalidUtf8("a\xE0\x80\x80"), 1u);      // overlong
  EXPECT_EQ(FindInvalidUtf8("a\xF4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ab\xED\xB0\x80"), 2u);     // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF5\x80\x80\x80"), 0u);   // invalid lead byte
}

TEST(TextScanTest, EscapesLabelValuesAndDescribesEscapes) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(DescribeEscape('q'), "'\\q'");
  EXPECT_EQ(DescribeEscape('\xD6'), "a backslash followed by byte 0xD6");
  EXPECT_EQ(DescribeEscape('\0'), "a backslash at the end");
}

TEST(TextScanTest, CountsCodePoints) {
  EXPECT_EQ(CountCodePoints("Z\xC3\xBCrich"), 6u);
  EXPECT_EQ(CountCodePoints(""), 0u);
}

}  // namespace
}  // namespace slogate::promtext::internal
