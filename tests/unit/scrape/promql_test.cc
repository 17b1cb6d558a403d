#include "slogate/scrape/promql.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace slogate::scrape {
namespace {

using ::testing::HasSubstr;

TEST(PromqlTest, MergesTheSelectorIntoEachMetric) {
  EXPECT_EQ(*MergeSelector("gateway_dlq_depth", R"({namespace="staging",job="gateway"})"),
            R"(gateway_dlq_depth{namespace="staging",job="gateway"})");
  EXPECT_EQ(*MergeSelector(R"(x_total{result="ok"})", R"({job=~"gw|gateway"})"),
            R"(x_total{result="ok",job=~"gw|gateway"})");
  EXPECT_EQ(*MergeSelector("x_total", ""), "x_total");
}

TEST(PromqlTest, APromSelectorWithAMetricNameIsRefused) {
  auto merged = MergeSelector("x_total", R"(up{job="gateway"})");
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "bad_selector");
  EXPECT_THAT(merged.error().message, HasSubstr("PROM_SELECTOR names the metric \"up\""));
}

TEST(PromqlTest, ABrokenPromSelectorIsNamed) {
  auto merged = MergeSelector("x_total", R"({job="gateway")");
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "bad_selector");
  EXPECT_THAT(merged.error().message, HasSubstr("PROM_SELECTOR: "));
}

TEST(PromqlTest, DurationsAreWholeMilliseconds) {
  EXPECT_EQ(PromDuration(std::chrono::seconds(95)), "95000ms");
  EXPECT_EQ(PromDuration(std::chrono::milliseconds(0)), "1ms");
}

TEST(PromqlTest, TheIngestionQueriesCoverEveryMetricOnce) {
  EXPECT_THAT(*IngestionQueries({"a_total", R"(a_total{result="ok"})", "b"}, R"({job="gw"})"),
              ::testing::ElementsAre(R"(min(timestamp(a_total{job="gw"})))",
                                     R"(min(timestamp(b{job="gw"})))"));
}

}  // namespace
}  // namespace slogate::scrape
