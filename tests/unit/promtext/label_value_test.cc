#include "slogate/promtext/label_value.h"

#include <gtest/gtest.h>

#include <string>

#include "slogate/promtext/parser.h"
#include "test_formats.h"

namespace slogate::promtext {
namespace {

TEST(LabelValueTest, EscapesBackslashQuoteAndNewlineOnly) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(EscapeLabelValue("tab\there ünï {}=,"), "tab\there ünï {}=,");
  EXPECT_EQ(EscapeLabelValue(""), "");
}

// What is escaped for writing comes back whole from the parser, in both formats.
TEST(LabelValueTest, EscapedValuesParseBackToTheOriginal) {
  const std::string original = "C:\\path \"quoted\"\nnext \\n literal";
  for (const Format format : {test::k004, test::kOm}) {
    std::string text = "# TYPE m gauge\nm{v=\"" + EscapeLabelValue(original) + "\"} 1\n";
    if (format == test::kOm) text += "# EOF\n";
    const Result<Snapshot> parsed = Parse(text, format);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    ASSERT_EQ(parsed.value().families.size(), 1u);
    ASSERT_EQ(parsed.value().families[0].samples.size(), 1u);
    const Labels& labels = parsed.value().families[0].samples[0].labels;
    ASSERT_EQ(labels.size(), 1u);
    EXPECT_EQ(labels[0].value, original);
  }
}

}  // namespace
}  // namespace slogate::promtext
