#include "html_charts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "sample_document.h"

namespace slogate::report {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const ChartSeries* SeriesNamed(const Chart& chart, std::string_view name) {
  for (const ChartSeries& series : chart.series) {
    if (series.name == name) return &series;
  }
  return nullptr;
}

std::vector<std::string> BandLabels(const Chart& chart) {
  std::vector<std::string> labels;
  for (const ChartBand& band : chart.bands) labels.push_back(band.label);
  return labels;
}

TEST(ThroughputChartTest, DrawsTheScheduledRateAsStepsRatherThanTheMean) {
  ResultsDocument document = testing::SampleDocument();
  document.run->rate_plan = {{seconds(0), seconds(3), 5, 5},
                             {seconds(3), seconds(5), 100, 100},
                             {seconds(5), seconds(10), 5, 5}};
  const Chart chart = ThroughputChart(document);
  const ChartSeries* scheduled = SeriesNamed(chart, "scheduled");
  ASSERT_NE(scheduled, nullptr);
  EXPECT_FALSE(scheduled->marked);  // a plan, not a measurement: no value markers
  ASSERT_EQ(scheduled->points.size(), 6u);
  // Up at 3 s, down at 5 s: vertical steps, not a slope and not the mean of 20/s.
  EXPECT_EQ(scheduled->points[1].x, 3);
  EXPECT_EQ(scheduled->points[1].y, 5);
  EXPECT_EQ(scheduled->points[2].x, 3);
  EXPECT_EQ(scheduled->points[2].y, 100);
  EXPECT_EQ(scheduled->points[4].x, 5);
  EXPECT_EQ(scheduled->points[4].y, 5);
  EXPECT_TRUE(chart.thresholds.empty());
}

TEST(ThroughputChartTest, ARunStoppedEarlyScheduledNothingAfterItStopped) {
  ResultsDocument document = testing::SampleDocument();
  document.run->rate_plan = {{seconds(0), seconds(10), 10, 30}};
  document.run->interrupted = true;
  document.run->sending_time = milliseconds(2500);
  const ChartSeries* scheduled = SeriesNamed(ThroughputChart(document), "scheduled");
  ASSERT_NE(scheduled, nullptr);
  ASSERT_EQ(scheduled->points.size(), 2u);
  EXPECT_EQ(scheduled->points[1].x, 2.5);
  EXPECT_DOUBLE_EQ(*scheduled->points[1].y, 15);
}

TEST(ThroughputChartTest, ARunStoppedBeforeItBeganFallsBackToTheMean) {
  ResultsDocument document = testing::SampleDocument();
  document.run->rate_plan = {{seconds(0), seconds(10), 10, 30}};
  document.run->interrupted = true;
  document.run->sending_time = seconds(0);
  const Chart chart = ThroughputChart(document);
  EXPECT_EQ(SeriesNamed(chart, "scheduled"), nullptr);
  ASSERT_EQ(chart.thresholds.size(), 1u);
}

TEST(ThroughputChartTest, WithoutAPlanTheMeanTargetIsALine) {
  const Chart chart = ThroughputChart(testing::SampleDocument());
  EXPECT_EQ(SeriesNamed(chart, "scheduled"), nullptr);
  ASSERT_EQ(chart.thresholds.size(), 1u);
  EXPECT_EQ(chart.thresholds[0].label, "target 20/s");
}

TEST(LatencySpectrumChartTest, RunsFromP0ToP9999OnALogScaleOfTheTail) {
  const Chart chart = LatencySpectrumChart(testing::SampleDocument());
  ASSERT_EQ(chart.x_ticks.size(), 5u);
  EXPECT_EQ(chart.x_ticks[2].label, "99%");
  EXPECT_EQ(chart.x_ticks[4].label, "99.99%");
  const ChartSeries* corrected = SeriesNamed(chart, "corrected latency");
  const ChartSeries* service = SeriesNamed(chart, "service time");
  ASSERT_NE(corrected, nullptr);
  ASSERT_NE(service, nullptr);
  ASSERT_EQ(corrected->points.size(), 41u);
  EXPECT_EQ(corrected->points[20].x, 2);
  EXPECT_EQ(corrected->points[20].x_name, "p99");
  EXPECT_EQ(corrected->points[30].x_name, "p99.9");
  // 200 values of 1..50 ms: p0 is 1 ms, the tail 50 ms; service time tops out at 40 ms.
  EXPECT_NEAR(*corrected->points[0].y, 1, 0.01);
  EXPECT_NEAR(*corrected->points.back().y, 50, 0.05);
  EXPECT_NEAR(*service->points.back().y, 40, 0.05);
  for (size_t i = 1; i < corrected->points.size(); ++i) {
    EXPECT_GE(*corrected->points[i].y, *corrected->points[i - 1].y) << i;
  }
  ASSERT_EQ(chart.thresholds.size(), 1u);
  EXPECT_EQ(chart.thresholds[0].label, "p95 threshold 150 ms");
}

TEST(LatencySpectrumChartTest, AnEmptyHistogramHasNoPoints) {
  ResultsDocument document = testing::SampleDocument();
  document.run->service_time = stats::Histogram();
  const Chart chart = LatencySpectrumChart(document);
  EXPECT_TRUE(SeriesNamed(chart, "service time")->points.empty());
  EXPECT_FALSE(SeriesNamed(chart, "corrected latency")->points.empty());
}

TEST(LagChartTest, MarksWhereTheGaugeReadOverTheThreshold) {
  // The sample's gauge reads 2.8 s from its 7th sample (3 s) to its 11th; the 12th is 0.3 s.
  const Chart chart = LagChart(testing::SampleDocument());
  int over = 0;
  for (const ChartBand& band : chart.bands) {
    if (band.label != "lag gauge over the threshold") continue;
    ++over;
    EXPECT_EQ(band.x_begin, 3);
    EXPECT_EQ(band.x_end, 5.5);
  }
  EXPECT_EQ(over, 1);
}

// A replicator that stopped while the gateway kept acknowledging: the gauge says 0 throughout,
// the counters say otherwise.
ResultsDocument StalledReplicator() {
  ResultsDocument document = testing::SampleDocument();
  const auto start = document.run->started_at;
  scrape::SampledSeries lag, events, acked;
  lag.selector = "memory_replicator_lag_seconds";
  events.selector = "memory_replicator_events_total";
  acked.selector = "gateway_write_through_wal_results_total{result=\"ok\"}";
  for (int i = 0; i < 20; ++i) {
    scrape::SamplePoint point;
    point.at = start + milliseconds(500 * i);
    point.value = 0.0;
    lag.points.push_back(point);
    // Replicated in step until 2 s, then nothing until 7 s, then caught up.
    point.value = i <= 4 ? 10.0 * i : i < 14 ? 40.0 : 10.0 * i;
    events.points.push_back(point);
    point.value = 10.0 * i;
    acked.points.push_back(point);
  }
  document.series = {lag, events, acked};
  return document;
}

TEST(LagChartTest, MarksAStallTheGaugeHides) {
  const Chart chart = LagChart(StalledReplicator());
  int stalls = 0;
  for (const ChartBand& band : chart.bands) {
    if (band.label.rfind("replicator stalled", 0) != 0) continue;
    ++stalls;
    EXPECT_EQ(band.x_begin, 2.5);  // the first sample with writes waiting and no progress
    EXPECT_EQ(band.x_end, 6.5);    // the last before it moved again
  }
  EXPECT_EQ(stalls, 1);
}

int Stalls(const ResultsDocument& document) {
  int stalls = 0;
  for (const std::string& label : BandLabels(LagChart(document))) {
    stalls += label.rfind("replicator stalled", 0) == 0;
  }
  return stalls;
}

TEST(LagChartTest, ACounterNotYetCreatedReadsAsZero) {
  // The replicator applies nothing from the start: its counter appears only when it catches up.
  ResultsDocument document = StalledReplicator();
  for (size_t i = 0; i < 14; ++i) document.series[1].points[i].value.reset();
  EXPECT_EQ(Stalls(document), 1);
}

TEST(LagChartTest, ACounterNeverSeenOrNotReadIsNoStall) {
  // No events counter in the whole run, though the lag gauge was read: a replicator that never
  // applied anything looks like one that does not export the counter, so nothing is claimed
  // (the verdict and the probes' levels speak for it).
  ResultsDocument document = StalledReplicator();
  for (scrape::SamplePoint& point : document.series[1].points) point.value.reset();
  EXPECT_EQ(Stalls(document), 0);
  // Samples of the two counters not taken together are not compared.
  document = StalledReplicator();
  for (scrape::SamplePoint& point : document.series[2].points) point.at += milliseconds(1);
  EXPECT_EQ(Stalls(document), 0);
  // A failed scrape is no reading at all, not a zero.
  document = StalledReplicator();
  for (scrape::SamplePoint& point : document.series[1].points) {
    point.value.reset();
    point.error = "scrape failed";
  }
  EXPECT_EQ(Stalls(document), 0);
}

// Writes the gateway acknowledged before the replicator's last move still wait when it stops:
// the count since the first sample sees them.
TEST(LagChartTest, WritesAcknowledgedBeforeTheLastMoveStillWait) {
  ResultsDocument document = StalledReplicator();
  for (size_t i = 0; i < 20; ++i) {
    // Acknowledging stops at 2 s (40 writes); the replicator last moves at 1.5 s (to 30).
    document.series[2].points[i].value = 10.0 * static_cast<double>(std::min<size_t>(i, 4));
    document.series[1].points[i].value = i <= 3 ? 10.0 * static_cast<double>(i) : 30.0;
  }
  const Chart chart = LagChart(document);
  ASSERT_EQ(Stalls(document), 1);
  for (const ChartBand& band : chart.bands) {
    if (band.label.rfind("replicator stalled", 0) != 0) continue;
    EXPECT_EQ(band.x_begin, 2) << band.x_end;
    EXPECT_EQ(band.x_end, 9.5);  // the last sample
  }
}

// With a coarse sampling interval a single late sample is not a stall: one reading without a
// move has no length.
TEST(LagChartTest, ASingleSampleWithoutAMoveIsNoStall) {
  ResultsDocument document = StalledReplicator();
  for (size_t i = 0; i < 20; ++i) {
    document.series[0].points[i].at = document.run->started_at + seconds(15 * i);
    document.series[1].points[i].at = document.run->started_at + seconds(15 * i);
    document.series[2].points[i].at = document.run->started_at + seconds(15 * i);
    document.series[1].points[i].value = i == 5 ? 40.0 : 10.0 * static_cast<double>(i);
  }
  EXPECT_EQ(Stalls(document), 0);
}

TEST(LagChartTest, AnIdleReplicatorWithNothingToReplicateIsNoStall) {
  ResultsDocument document = StalledReplicator();
  for (scrape::SamplePoint& point : document.series[2].points) point.value = 40.0;
  for (scrape::SamplePoint& point : document.series[1].points) point.value = 40.0;
  EXPECT_EQ(Stalls(document), 0);
}

TEST(LagChartTest, AStallShorterThanHalfTheThresholdIsNotMarked) {
  ResultsDocument document = StalledReplicator();
  // Not moving at 2.5 s and 3 s (0.5 s between them): under 1 s, half the 2 s threshold.
  for (size_t i = 0; i < document.series[1].points.size(); ++i) {
    document.series[1].points[i].value = i == 5 || i == 6 ? 40.0 : 10.0 * static_cast<double>(i);
  }
  EXPECT_EQ(Stalls(document), 0);
  // With a 0.5 s threshold from the config (the SLO not judged), the same is a stall.
  document.verdict.findings.erase(document.verdict.findings.begin() + 2);  // ReplicationLag
  document.config["thresholds"] = {{"max_lag", 0.5}};
  EXPECT_EQ(Stalls(document), 1);
}

TEST(LagChartTest, AFailedSampleEndsAGaugeBreachAtTheLastOneOver) {
  ResultsDocument document = testing::SampleDocument();
  // Over from the 7th sample (3 s) to the 11th (5 s), then the 12th fails.
  document.series[0].points[11].value.reset();
  document.series[0].points[11].error = "scrape failed";
  int over = 0;
  for (const ChartBand& band : LagChart(document).bands) {
    if (band.label != "lag gauge over the threshold") continue;
    ++over;
    EXPECT_EQ(band.x_begin, 3);
    EXPECT_EQ(band.x_end, 5);
  }
  EXPECT_EQ(over, 1);
}

TEST(LagChartTest, ShowsTheEndToEndLagTheProbesMeasured) {
  ResultsDocument document = testing::SampleDocument();
  LagProbeSummary probes;
  probes.lag_p95 = milliseconds(210);
  probes.lag_max = milliseconds(4300);
  document.lag_probes = probes;
  const Chart chart = LagChart(document);
  ASSERT_EQ(chart.thresholds.size(), 3u);
  EXPECT_FALSE(chart.thresholds[0].reference);  // the limit
  EXPECT_TRUE(chart.thresholds[1].reference);
  EXPECT_EQ(chart.thresholds[1].label, "end-to-end p95 (probes) 210 ms");
  EXPECT_DOUBLE_EQ(chart.thresholds[2].y, 4.3);
  EXPECT_EQ(chart.thresholds[2].label, "end-to-end max (probes) 4.3 s");
}

}  // namespace
}  // namespace slogate::report
