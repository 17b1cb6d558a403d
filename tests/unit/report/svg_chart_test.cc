#include "svg_chart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tag_balance.h"

namespace slogate::report {
namespace {

size_t Count(const std::string& text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

Chart LagLikeChart() {
  Chart chart{"Replication lag", "seconds", {}, {{2, "threshold 2 s"}}, {{3, 5, "burst", "#fee"}}};
  chart.series.push_back(
      {"lag", "#0891b2", {{0, 0.1}, {1, 0.5}, {2, std::nullopt}, {3, 2.5}, {4, 0.2}}});
  return chart;
}

TEST(RenderSvgTest, IsOneWellFormedSvgElement) {
  const std::string svg = RenderSvg(LagLikeChart(), 600, 260);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(testing::CheckTagBalance(svg), "");
  EXPECT_EQ(Count(svg, "<svg"), 1u);
}

TEST(RenderSvgTest, AMissingPointBreaksTheLine) {
  const std::string svg = RenderSvg(LagLikeChart(), 600, 260);
  const size_t path = svg.find("<path class=\"series\" d=\"");
  ASSERT_NE(path, std::string::npos);
  const std::string data = svg.substr(path, svg.find('"', path + 25) - path);
  EXPECT_EQ(Count(data, "M"), 2u) << data;  // two segments: before and after the gap
  EXPECT_EQ(Count(data, "L"), 2u) << data;
}

TEST(RenderSvgTest, DrawsThresholdsAndBands) {
  const std::string svg = RenderSvg(LagLikeChart(), 600, 260);
  EXPECT_EQ(Count(svg, "<line class=\"threshold\""), 1u);
  EXPECT_NE(svg.find("threshold 2 s"), std::string::npos);
  EXPECT_EQ(Count(svg, "<rect class=\"band\""), 1u);
}

// Millisecond lag under a 2 s threshold: the axis follows the data, the threshold is named.
TEST(RenderSvgTest, AThresholdFarAboveTheDataIsAMarkerNotTheScale) {
  Chart chart{"Replication lag", "seconds", {}, {{2, "threshold 2 s"}}, {}};
  chart.series.push_back({"lag", "#0891b2", {{0, 0.004}, {1, 0.012}, {2, 0.008}}});
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(Count(svg, "<line class=\"threshold\""), 0u);
  EXPECT_NE(svg.find("&#9650; threshold 2 s: above the scale</text>"), std::string::npos);
  // The top tick is the data's scale (0.012 s and a margin), not the threshold's.
  EXPECT_NE(svg.find("text-anchor=\"end\">0.015</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("text-anchor=\"end\">2</text>"), std::string::npos) << svg;
  EXPECT_EQ(testing::CheckTagBalance(svg), "");
}

TEST(RenderSvgTest, ADashedSeriesAndAMarkerPerPointWithItsValue) {
  Chart chart = LagLikeChart();
  chart.series.push_back({"p99", "#9333ea", {{0, 0.2}, {1, 0.6}}, "6 3"});
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(Count(svg, "stroke-dasharray=\"6 3\""), 1u);
  EXPECT_EQ(Count(svg, "<circle class=\"point\""), 6u);  // 4 values of lag, 2 of p99
  EXPECT_NE(svg.find("<title>p99 at +1 s: 0.6 seconds</title>"), std::string::npos) << svg;

  Chart long_run{"Latency", "ms", {}, {}, {}};
  ChartSeries many{"p50", "#16a34a", {}};
  for (size_t i = 0; i <= kMaxMarkedPoints; ++i) many.points.push_back({double(i), 1.0});
  long_run.series.push_back(many);
  EXPECT_EQ(RenderSvg(long_run, 600, 260).find("<circle"), std::string::npos);
}

TEST(RenderSvgTest, AReferenceLevelIsDrawnApartFromALimit) {
  Chart chart = LagLikeChart();
  chart.thresholds.push_back({1.5, "end-to-end max (probes) 1.5 s", true});
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(Count(svg, "<line class=\"threshold\""), 1u);
  EXPECT_EQ(Count(svg, "<line class=\"reference\""), 1u);
  EXPECT_NE(svg.find("<text class=\"reference-label\""), std::string::npos);
  EXPECT_NE(svg.find(">end-to-end max (probes) 1.5 s</text>"), std::string::npos);
}

// A gauge stuck at 0 beside probes that measured 4 s: the measurement is on the scale, and so
// the limit below it.
TEST(RenderSvgTest, AReferenceLevelIsAlwaysOnTheScale) {
  Chart chart{"Replication lag", "seconds", {}, {{2, "threshold 2 s"}}, {}};
  chart.series.push_back({"lag", "#000", {{0, 0.0}, {1, 0.0}}});
  chart.thresholds.push_back({4, "end-to-end max (probes) 4 s", true});
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(svg.find("above the scale"), std::string::npos) << svg;
  EXPECT_EQ(Count(svg, "<line class=\"threshold\""), 1u);
  EXPECT_EQ(Count(svg, "<line class=\"reference\""), 1u);
}

TEST(RenderSvgTest, LabelsOfLevelsCloseTogetherDoNotOverprint) {
  Chart chart = LagLikeChart();
  chart.thresholds.push_back({1.5, "end-to-end p95 (probes) 1.5 s", true});
  chart.thresholds.push_back({1.5, "end-to-end max (probes) 1.5 s", true});
  const std::string svg = RenderSvg(chart, 600, 260);
  std::vector<std::string> ys;
  for (size_t at = svg.find("<text class=\"reference-label\""); at != std::string::npos;
       at = svg.find("<text class=\"reference-label\"", at + 1)) {
    const size_t y = svg.find(" y=\"", at) + 4;
    ys.push_back(svg.substr(y, svg.find('"', y) - y));
  }
  ASSERT_EQ(ys.size(), 2u);
  EXPECT_NEAR(std::stod(ys[1]) - std::stod(ys[0]), 13, 0.1);
}

TEST(RenderSvgTest, OwnTicksAndPointNamesForAnAxisThatIsNotTime) {
  Chart chart{"Latency by percentile", "ms", {}, {}, {}};
  chart.x_label = "percentile";
  chart.x_ticks = {{0, "0%"}, {1, "90%"}, {2, "99%"}};
  chart.series.push_back({"latency", "#000", {{0, 1.0, "p0"}, {1, 4.0, "p90"}, {2, 9.0, "p99"}}});
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_NE(svg.find(">90%</text>"), std::string::npos);
  EXPECT_NE(svg.find(">percentile</text>"), std::string::npos);
  EXPECT_EQ(svg.find("seconds since start"), std::string::npos);
  EXPECT_NE(svg.find("<title>latency p90: 4 ms</title>"), std::string::npos);
}

TEST(RenderSvgTest, AnUnmarkedSeriesHasALineAndNoMarkers) {
  Chart chart = LagLikeChart();
  chart.series[0].marked = false;
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(Count(svg, "<path class=\"series\""), 1u);
  EXPECT_EQ(Count(svg, "<circle"), 0u);
}

// Values a results file may hold: the axis arithmetic must neither overflow to infinity (an
// endless grid) nor underflow to 0, and every coordinate must be a short finite number.
TEST(RenderSvgTest, ExtremeValuesGiveAFiniteBoundedChart) {
  for (const double extreme : {1.6e308, 1.7976931348623157e308, 5e-324, -1e40, 1e-300}) {
    Chart chart{"extreme", "s", {}, {{2, "threshold 2 s"}}, {{0, 1.7e308, "window", "#fee"}}};
    chart.series.push_back({"values", "#000", {{0, extreme}, {1.6e308, 1.0}, {2, 0.5}}});
    chart.thresholds.push_back({extreme, "probes", true});
    const std::string svg = RenderSvg(chart, 600, 260);
    SCOPED_TRACE(extreme);
    EXPECT_LT(svg.size(), 40'000u);
    EXPECT_EQ(svg.find('\0'), std::string::npos);
    EXPECT_EQ(svg.find("nan"), std::string::npos);
    EXPECT_EQ(svg.find("inf"), std::string::npos);
    EXPECT_EQ(testing::CheckTagBalance(svg), "");
  }
}

TEST(RenderSvgTest, ManyLevelsAtOnePlaceStillEnd) {
  Chart chart = LagLikeChart();
  for (int i = 0; i < 20; ++i) chart.thresholds.push_back({1e300, "level", true});
  chart.thresholds.push_back({-1e6, "below", true});
  chart.thresholds.push_back({-1e6, "below too", true});
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(Count(svg, "<line class=\"reference\""), 22u);
}

TEST(RenderSvgTest, SaysSoWhenThereIsNoData) {
  Chart chart{"DLQ depth", "messages", {{"dlq", "#000", {{0, std::nullopt}}}}, {}, {}};
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_NE(svg.find("no data was sampled"), std::string::npos);
  EXPECT_EQ(svg.find("<path"), std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(svg), "");
}

TEST(RenderSvgTest, EscapesEveryText) {
  Chart chart = LagLikeChart();
  chart.title = "<script>alert(1)</script>";
  chart.series[0].name = "a\"onload=\"x";
  chart.series[0].color = "red\"/><script>";
  const std::string svg = RenderSvg(chart, 600, 260);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("\"onload"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(svg), "");
}

struct StepCase {
  std::string name;
  double span;
  int ticks;
  double expected;
};

class NiceStepTest : public ::testing::TestWithParam<StepCase> {};

TEST_P(NiceStepTest, PicksOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_NEAR(NiceStep(GetParam().span, GetParam().ticks), GetParam().expected,
              GetParam().expected * 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Cases, NiceStepTest,
                         ::testing::Values(StepCase{"Unit", 5, 5, 1}, StepCase{"Two", 9, 5, 2},
                                           StepCase{"Five", 22, 5, 5}, StepCase{"Ten", 45, 5, 10},
                                           StepCase{"Small", 0.03, 5, 0.01},
                                           StepCase{"ZeroSpan", 0, 5, 1},
                                           StepCase{"NoTicks", 10, 0, 1}),
                         [](const ::testing::TestParamInfo<StepCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace slogate::report
