#include "text_scan.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <optional>
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

// The search runs eight bytes at a time, then byte by byte: a quote or backslash at any
// offset, before or after a chunk boundary, must be found at that offset.
TEST(TextScanTest, FindsQuoteOrBackslashAtEveryOffset) {
  for (size_t at = 0; at < 40; ++at) {
    const std::string filler(at, 'x');
    bool has_escape = false;
    EXPECT_EQ(FindClosingQuote(filler + "\"" + filler, &has_escape), at) << at;
    EXPECT_FALSE(has_escape) << at;
    EXPECT_EQ(FindClosingQuote(filler + "\\\"\"", &has_escape), at + 2) << at;
    EXPECT_TRUE(has_escape) << at;
    EXPECT_EQ(FindClosingQuote(filler, &has_escape), std::string_view::npos) << at;
  }
}

// Short decimals skip from_chars; the result must be the same correctly rounded double.
TEST(TextScanTest, ShortDecimalsMatchFromChars) {
  for (const std::string text :
       {"0.1", "0.3", "124.625", "5.", ".5", "0.000000000000001", "999999999999999",
        "99999999999999.9", "1234567890123456", "1234567890.123456", "0.1000000000000000055511",
        "-0.0", "-7.25", "3.14159265358979"}) {
    std::string body = text;
    double expected = 0;
    const bool negative = body[0] == '-';
    if (negative) body.erase(0, 1);
    std::from_chars(body.data(), body.data() + body.size(), expected);
    if (negative) expected = -expected;
    const std::optional<double> value = ParseValue(text);
    ASSERT_TRUE(value.has_value()) << text;
    EXPECT_EQ(*value, expected) << text;
    EXPECT_EQ(std::signbit(*value), std::signbit(expected)) << text;
  }
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
  // The ASCII fast path skips 32 and 8 bytes at a time: a bad byte at any offset is found.
  for (size_t at = 0; at < 80; ++at) {
    EXPECT_EQ(FindInvalidUtf8(std::string(at, 'a') + "\xFF" + std::string(80, 'b')), at) << at;
  }
}

TEST(TextScanTest, DescribesEscapes) {
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
