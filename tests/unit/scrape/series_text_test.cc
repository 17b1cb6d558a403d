#include "slogate/scrape/series_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace slogate::scrape {
namespace {

TEST(SeriesTextTest, PrintsBareName) { EXPECT_EQ(SeriesText("up", {}), "up"); }

TEST(SeriesTextTest, PrintsLabelsInOrder) {
  EXPECT_EQ(SeriesText("x_total", promtext::LabelList{{"a", "1"}, {"b", "two"}}),
            "x_total{a=\"1\",b=\"two\"}");
}

TEST(SeriesTextTest, EscapesLabelValues) {
  EXPECT_EQ(SeriesText("x", promtext::LabelList{{"a", "back\\slash \"quoted\"\nline"}}),
            "x{a=\"back\\\\slash \\\"quoted\\\"\\nline\"}");
}

TEST(ValueTextTest, PrintsSpecialValuesAsTheTextFormat) {
  EXPECT_EQ(ValueText(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(ValueText(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(ValueText(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(ValueText(0.25), "0.25");
  EXPECT_EQ(ValueText(1500), "1500");
}

}  // namespace
}  // namespace slogate::scrape
