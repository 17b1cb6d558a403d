// SeriesRecorder over hand-built scrape sets from several endpoints: the stated aggregation
// of each metric, per-source values and the memory bounds.
#include "slogate/scrape/series_recorder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scrape_test_sets.h"

namespace slogate::scrape {
namespace {

using ::slogate::testing::kGatewayUrl;
using ::slogate::testing::kReplicatorUrl;
using ::slogate::testing::MakeEndpoint;
using ::slogate::testing::MakeFailedEndpoint;
using ::slogate::testing::MakeSample;
using ::slogate::testing::MakeSet;
using ::slogate::testing::MustParseSampled;
using ::slogate::testing::MustParseSelector;

constexpr const char* kSecondReplicatorUrl = "http://127.0.0.1:9413/metrics";

SampledSelector PerSource(const std::string& text, Aggregation aggregation,
                          std::vector<std::string> merged_labels = {}) {
  return SampledSelector{MustParseSelector(text), aggregation, true, std::move(merged_labels)};
}

// Gateway plus two replicators, each with its own lag gauge.
ScrapeSet TwoReplicatorLags(double lag_a, double lag_b) {
  return MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("gateway_dlq_depth", {}, 0)}),
                  MakeEndpoint(kReplicatorUrl, {MakeSample("lag", {}, lag_a)}),
                  MakeEndpoint(kSecondReplicatorUrl, {MakeSample("lag", {}, lag_b)})});
}

// Two replicators, each counting its events by result (one error each).
ScrapeSet TwoReplicatorEvents(double ok_a, double ok_b) {
  return MakeSet(
      {MakeEndpoint(kReplicatorUrl, {MakeSample("events", {{"result", "ok"}}, ok_a),
                                     MakeSample("events", {{"result", "error"}}, 1)}),
       MakeEndpoint(kSecondReplicatorUrl, {MakeSample("events", {{"result", "ok"}}, ok_b),
                                           MakeSample("events", {{"result", "error"}}, 1)})});
}

TEST(SeriesRecorderTest, LagIsTheMaximumOverReplicatorsNotTheSum) {
  SeriesRecorder recorder({MustParseSampled("lag", Aggregation::kMax)}, SamplerLimits{});
  recorder.Record(TwoReplicatorLags(1.2, 1.2));
  const std::vector<SampledSeries> series = recorder.Series();
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].aggregation, Aggregation::kMax);
  ASSERT_EQ(series[0].points.size(), 1u);
  EXPECT_EQ(series[0].points[0].value, 1.2);
}

TEST(SeriesRecorderTest, ThePeakIsTheHighestValueSoFarEvenOncePointsAreDropped) {
  SamplerLimits limits;
  limits.max_points_per_series = 2;
  SeriesRecorder recorder({MustParseSampled("lag", Aggregation::kMax)}, limits);
  EXPECT_FALSE(recorder.Peak(0).has_value());
  recorder.Record(TwoReplicatorLags(3.5, 0.1));
  recorder.Record(TwoReplicatorLags(std::nan(""), 0.1));  // unusable: no value, no peak
  recorder.Record(TwoReplicatorLags(0.2, 0.1));
  recorder.Record(TwoReplicatorLags(0.4, 0.1));
  EXPECT_EQ(recorder.Series()[0].dropped_points, 2u);
  EXPECT_EQ(recorder.Peak(0), 3.5);
  EXPECT_FALSE(recorder.Peak(1).has_value());  // no such selector
  recorder.ResetPeaks();
  EXPECT_FALSE(recorder.Peak(0).has_value());
  recorder.Record(TwoReplicatorLags(0.3, 0.1));
  EXPECT_EQ(recorder.Peak(0), 0.3);
  EXPECT_EQ(recorder.Series()[0].points.size(), 2u);  // the points stay
}

TEST(SeriesRecorderTest, EventsAreSummedOverReplicatorsAndResults) {
  SeriesRecorder recorder({MustParseSampled("events")}, SamplerLimits{});
  recorder.Record(TwoReplicatorEvents(40, 60));
  const SampledSeries series = recorder.Series()[0];
  EXPECT_EQ(series.aggregation, Aggregation::kSum);
  EXPECT_EQ(series.points[0].value, 102);
  EXPECT_TRUE(series.sources.empty());
  EXPECT_TRUE(series.points[0].by_source.empty());
}

TEST(SeriesRecorderTest, ANonFiniteValueMakesThePointUnusableWhateverTheAggregation) {
  // A NaN must not vanish in a maximum (it compares false) nor poison a sum silently.
  for (const Aggregation aggregation : {Aggregation::kMax, Aggregation::kSum}) {
    SeriesRecorder recorder({MustParseSampled("lag", aggregation)}, SamplerLimits{});
    recorder.Record(TwoReplicatorLags(std::nan(""), 1.2));
    recorder.Record(TwoReplicatorLags(1.2, INFINITY));
    // Kept: a range-for over a member of the temporary would read freed memory.
    const std::vector<SampledSeries> series = recorder.Series();
    for (const SamplePoint& point : series[0].points) {
      EXPECT_FALSE(point.value.has_value()) << AggregationName(aggregation);
      EXPECT_NE(point.error.find("non-finite value"), std::string::npos) << point.error;
    }
  }
}

TEST(SeriesRecorderTest, LabelValuesInSourceNamesAreQuotedAndBounded) {
  const std::string hostile = "\x1b[31m" + std::string(10000, 'p');
  SeriesRecorder recorder({PerSource("events", Aggregation::kSum, {"result"})}, SamplerLimits{});
  recorder.Record(MakeSet(
      {MakeEndpoint(kReplicatorUrl, {MakeSample("events", {{"partition", hostile}}, 1)})}));
  const SampledSeries series = recorder.Series()[0];
  ASSERT_EQ(series.sources.size(), 1u);
  EXPECT_LT(series.sources[0].size(), 200u) << series.sources[0];
  EXPECT_EQ(series.sources[0].find('\x1b'), std::string::npos) << series.sources[0];
}

TEST(SeriesRecorderTest, KeepsEachReplicatorsOwnValue) {
  SeriesRecorder recorder({PerSource("events", Aggregation::kSum, {"result"})}, SamplerLimits{});
  recorder.Record(TwoReplicatorEvents(40, 60));
  recorder.Record(TwoReplicatorEvents(40, 90));  // the first replicator stopped
  const SampledSeries series = recorder.Series()[0];
  EXPECT_EQ(series.sources, (std::vector<std::string>{kReplicatorUrl, kSecondReplicatorUrl}));
  EXPECT_FALSE(series.sources_truncated);
  EXPECT_EQ(series.points[0].by_source, (std::vector<double>{41, 61}));
  EXPECT_EQ(series.points[1].by_source, (std::vector<double>{41, 91}));
  EXPECT_EQ(series.points[1].value, 132);
}

TEST(SeriesRecorderTest, APartitionLabelIsASourceOfItsOwn) {
  SeriesRecorder recorder({PerSource("lag", Aggregation::kMax)}, SamplerLimits{});
  recorder.Record(MakeSet(
      {MakeSample("lag", {{"partition", "0"}}, 0.2), MakeSample("lag", {{"partition", "1"}}, 3)}));
  const SampledSeries series = recorder.Series()[0];
  EXPECT_EQ(series.sources,
            (std::vector<std::string>{std::string(kGatewayUrl) + " {partition=\"0\"}",
                                      std::string(kGatewayUrl) + " {partition=\"1\"}"}));
  EXPECT_EQ(series.points[0].by_source, (std::vector<double>{0.2, 3}));
  EXPECT_EQ(series.points[0].value, 3);
}

TEST(SeriesRecorderTest, SeriesOfOneSourceCombineWithTheAggregation) {
  SeriesRecorder recorder({PerSource("lag", Aggregation::kMax, {"topic"})}, SamplerLimits{});
  recorder.Record(MakeSet(
      {MakeSample("lag", {{"topic", "a"}}, 0.5), MakeSample("lag", {{"topic", "b"}}, 1.5)}));
  const SampledSeries series = recorder.Series()[0];
  EXPECT_EQ(series.sources, (std::vector<std::string>{kGatewayUrl}));
  EXPECT_EQ(series.points[0].by_source, (std::vector<double>{1.5}));
}

TEST(SeriesRecorderTest, ASourceAppearingLaterLeavesEarlierPointsShorter) {
  SeriesRecorder recorder({PerSource("lag", Aggregation::kMax)}, SamplerLimits{});
  recorder.Record(MakeSet({MakeEndpoint(kReplicatorUrl, {MakeSample("lag", {}, 0.1)}),
                           MakeEndpoint(kSecondReplicatorUrl, {})}));
  recorder.Record(MakeSet({MakeEndpoint(kReplicatorUrl, {}),
                           MakeEndpoint(kSecondReplicatorUrl, {MakeSample("lag", {}, 0.4)})}));
  const SampledSeries series = recorder.Series()[0];
  ASSERT_EQ(series.sources.size(), 2u);
  EXPECT_EQ(series.sources[1], kSecondReplicatorUrl);
  EXPECT_EQ(series.points[0].by_source, (std::vector<double>{0.1}));
  ASSERT_EQ(series.points[1].by_source.size(), 2u);
  EXPECT_TRUE(std::isnan(series.points[1].by_source[0]));
  EXPECT_EQ(series.points[1].by_source[1], 0.4);
}

TEST(SeriesRecorderTest, AFailedEndpointMakesThePointAnError) {
  SeriesRecorder recorder({PerSource("lag", Aggregation::kMax)}, SamplerLimits{});
  recorder.Record(MakeSet({MakeEndpoint(kReplicatorUrl, {MakeSample("lag", {}, 0.7)}),
                           MakeFailedEndpoint(kSecondReplicatorUrl, "connection refused")}));
  const SamplePoint point = recorder.Series()[0].points[0];
  EXPECT_FALSE(point.value.has_value());
  EXPECT_EQ(point.error, "connection refused");
  // The endpoint that answered still shows its own value.
  EXPECT_EQ(point.by_source, (std::vector<double>{0.7}));
}

TEST(SeriesRecorderTest, SourcesPastTheLimitCountInTheValueOnly) {
  SamplerLimits limits;
  limits.max_sources = 2;
  SeriesRecorder recorder({PerSource("events", Aggregation::kSum)}, limits);
  recorder.Record(MakeSet({MakeSample("events", {{"partition", "0"}}, 1),
                           MakeSample("events", {{"partition", "1"}}, 2),
                           MakeSample("events", {{"partition", "2"}}, 4)}));
  const SampledSeries series = recorder.Series()[0];
  EXPECT_EQ(series.sources.size(), 2u);
  EXPECT_TRUE(series.sources_truncated);
  EXPECT_EQ(series.points[0].by_source, (std::vector<double>{1, 2}));
  EXPECT_EQ(series.points[0].value, 7);
}

TEST(SeriesRecorderTest, AHundredThousandSeriesStayWithinTheSourceBound) {
  std::vector<::slogate::testing::TestSample> samples;
  constexpr int kSeries = 100000;
  samples.reserve(kSeries);
  for (int i = 0; i < kSeries; ++i) {
    samples.push_back(MakeSample("lag", {{"partition", std::to_string(i)}}, i % 7));
  }
  const ScrapeSet set = MakeSet(samples);
  SeriesRecorder recorder({PerSource("lag", Aggregation::kMax)}, SamplerLimits{});
  recorder.Record(set);
  recorder.Record(set);
  const SampledSeries series = recorder.Series()[0];
  EXPECT_EQ(series.sources.size(), SamplerLimits{}.max_sources);
  EXPECT_TRUE(series.sources_truncated);
  for (const SamplePoint& point : series.points) {
    EXPECT_EQ(point.by_source.size(), SamplerLimits{}.max_sources);
    EXPECT_EQ(point.value, 6);
  }
}

TEST(SeriesRecorderTest, DropsTheOldestPointsPastTheLimit) {
  SamplerLimits limits;
  limits.max_points_per_series = 2;
  SeriesRecorder recorder({MustParseSampled("lag")}, limits);
  for (double lag : {1.0, 2.0, 3.0}) recorder.Record(MakeSet({MakeSample("lag", {}, lag)}));
  const SampledSeries series = recorder.Series()[0];
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.points[0].value, 2.0);
  EXPECT_EQ(series.dropped_points, 1u);
}

}  // namespace
}  // namespace slogate::scrape
