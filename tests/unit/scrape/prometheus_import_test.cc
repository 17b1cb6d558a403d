#include "slogate/scrape/prometheus_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "selectors.h"
#include "slogate/scrape/delta.h"

namespace slogate::scrape {
namespace {

using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const WallTime kStart = WallTime(seconds(1700000000));
const WallTime kEnd = kStart + seconds(10);

// A series of `name` on `instance` with a point at kStart + each offset (seconds).
PromSeries Series(std::string name, std::string instance,
                  std::vector<std::pair<int, double>> points,
                  std::vector<std::pair<std::string, std::string>> more_labels = {}) {
  PromSeries series;
  series.labels = {
      {"__name__", std::move(name)}, {"instance", std::move(instance)}, {"job", "gateway"}};
  for (auto& label : more_labels) series.labels.push_back(std::move(label));
  std::sort(series.labels.begin(), series.labels.end());
  for (const auto& [offset, value] : points) {
    series.points.push_back(PromPoint{kStart + seconds(offset), value});
  }
  return series;
}

// Prometheus's record of scrapes of `instance` at kStart + each offset (seconds): up 1 (or the
// value given) and a duration of 10 ms.
void AddScrapes(TargetScrapes& targets, const std::string& instance,
                std::vector<std::pair<int, double>> ups) {
  std::vector<std::pair<int, double>> durations;
  for (const auto& [offset, value] : ups) durations.emplace_back(offset, 0.01);
  targets.up.push_back(Series("up", instance, std::move(ups)));
  targets.durations.push_back(Series("scrape_duration_seconds", instance, std::move(durations)));
}

// The problem a target-wide fault makes: the same text for a metric with a series (x_total,
// from `counter`) and for one with none (y).
std::string ProblemOfEveryMetric(const TargetScrapes& targets, const PromSeries& counter) {
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {counter});
  import.Add("y", {});
  const auto problems = import.problems();
  EXPECT_EQ(problems.size(), 2u);
  if (problems.count("y") == 0 || problems.count("x_total") == 0) return "";
  EXPECT_EQ(problems.at("x_total"), problems.at("y"));
  return problems.at("y");
}

double Increase(const RawSampleImport& import, std::string_view selector) {
  auto delta =
      DeltaOf(import.Before(), import.After(), testing::MustParseSelector(std::string(selector)));
  EXPECT_TRUE(delta.ok()) << delta.error().message;
  return delta.ok() ? delta->value : NAN;
}

TEST(RawSampleImportTest, PicksTheLastSampleBeforeAndTheFirstAfter) {
  RawSampleImport import(kStart, kEnd, seconds(1));
  import.Add("x_total", {Series("x_total", "a:1",
                                {{-2, 5},
                                 {0, 7},
                                 {4, 20},
                                 {10, 30},
                                 { 11,
                                   31 }}),
                         Series("x_total", "b:1", {{-1, 100}, {9, 140}, {
                                                     12,
                                                     150
                                                   }})});
  EXPECT_EQ(Increase(import, "x_total"), (30 - 7) + (150 - 100));
  EXPECT_THAT(import.problems(), IsEmpty());
  const ScrapeSet after = import.After();
  ASSERT_EQ(after.endpoints.size(), 2u);
  EXPECT_EQ(after.endpoints[0].url, "a:1");
  const promtext::Family* family = after.endpoints[0].snapshot->FindFamily("x_total");
  ASSERT_NE(family, nullptr);
  EXPECT_EQ(family->type, promtext::MetricType::kCounter);
  // The target's labels stay except the instance, which is the endpoint.
  EXPECT_EQ(family->samples[0].labels.Find("instance"), nullptr);
  ASSERT_NE(family->samples[0].labels.Find("job"), nullptr);
}

// Its target was scraped before the start: the series appeared on first use during the run.
TEST(RawSampleImportTest, ASeriesAppearingMidRunCountsFromZero) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-1, 1}, {3, 1}, {7, 1}, {10, 1}});
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "a:1", {{3, 4}, {7, 9}, { 10, 12 }})});
  EXPECT_EQ(Increase(import, "x_total"), 12);
  EXPECT_THAT(import.problems(), IsEmpty());
}

// Prometheus first scraped the target during the run, or every scrape before failed: the
// counter's value at the start is unknown, and counting from 0 would take a counter of 1e6 for
// a million writes of this run.
TEST(RawSampleImportTest, ASeriesWhoseTargetWasNotScrapedAtTheStartIsAProblem) {
  for (const std::vector<std::pair<int, double>>& up :
       {std::vector<std::pair<int, double>>{{3, 1}, {10, 1}},
        std::vector<std::pair<int, double>>{{-1, 0}, {3, 1}, {10, 1}}}) {
    TargetScrapes targets;
    AddScrapes(targets, "a:1", up);
    RawSampleImport import(kStart, kEnd, seconds(1), targets);
    import.Add("x_total", {Series("x_total", "a:1", {{3, 1e6}, { 10, 1e6 + 12 }})});
    ASSERT_EQ(import.problems().count("x_total"), 1u);
    EXPECT_EQ(import.problems().at("x_total"),
              "Prometheus has no successful scrape of a:1 known to have ended by the run's start, "
              "so what x_total{instance=\"a:1\",job=\"gateway\"} counted before the run is "
              "unknown");
  }
}

// One failed scrape just before the start: the last successful one anchors the count (the
// wider gap is checked for resets like any other).
TEST(RawSampleImportTest, AFailedScrapeBeforeTheStartAnchorsOnTheLastSuccessfulOne) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-2, 1}, {-1, 0}, {10, 1}});
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "a:1", {{-2, 40}, { 10, 52 }})});
  EXPECT_THAT(import.problems(), IsEmpty());
  EXPECT_EQ(Increase(import, "x_total"), 12);
}

// A scrape that ends within the stamp tolerance of the start may have begun after its stamp,
// and read the run's first write.
TEST(RawSampleImportTest, AScrapeEndingWithinTheStampToleranceOfTheStartIsNotTheAnchor) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-2, 1}, {-1, 1}, {10, 1}});
  targets.durations[0].points[1].value = 0.999;  // ended 1 ms before the start, +2 ms tolerance
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "a:1", {{-2, 10}, {-1, 11}, { 10, 20 }})});
  EXPECT_EQ(Increase(import, "x_total"), 10);
  targets.durations[0].points[1].value = 0.997;  // 3 ms before: it is
  RawSampleImport earlier(kStart, kEnd, seconds(1), targets);
  earlier.Add("x_total", {Series("x_total", "a:1", {{-2, 10}, {-1, 11}, {10, 20}})});
  EXPECT_EQ(Increase(earlier, "x_total"), 9);
}

// With Prometheus's record of its scrapes read, a series at an instance it holds no target for
// (`instance` relabelled, or set by the target with honor_labels) cannot be placed in time; a
// counter there must not pick its own "before".
TEST(RawSampleImportTest, ACounterAtAnInstanceWithoutUpIsAProblem) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-1, 1}, {10, 1}});
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "elsewhere:1", {{-1, 3}, { 10, 9 }})});
  ASSERT_EQ(import.problems().count("x_total"), 1u);
  EXPECT_EQ(import.problems().at("x_total"),
            "Prometheus holds no record of its scrapes of elsewhere:1 (no up with this instance), "
            "so what x_total{instance=\"elsewhere:1\",job=\"gateway\"} counted before the run is "
            "unknown");
}

// A NaN sample of a counter says nothing of whether it was reset.
TEST(RawSampleImportTest, ANaNBetweenTheSamplesIsAProblem) {
  RawSampleImport import(kStart, kEnd, seconds(1));
  import.Add("x_total", {Series("x_total", "a:1", {{0, 50}, {4, std::nan("")}, { 10, 80 }})});
  ASSERT_EQ(import.problems().count("x_total"), 1u);
  EXPECT_THAT(import.problems().at("x_total"), HasSubstr("NaN sample"));
}

// A series the anchor scrape did not see counts from 0, and a reset after that scrape (in a
// scrape stamped before the start) is still found.
TEST(RawSampleImportTest, AResetAfterTheAnchorScrapeIsFoundForASeriesCountingFromZero) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-20, 1}, {-1, 1}, {5, 1}, {10, 1}});
  targets.durations[0].points[1].value = 1.5;  // the scrape at -1 s ended after the start
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "a:1", {{-1, 100}, {5, 3}, { 10, 20 }})});
  ASSERT_EQ(import.problems().count("x_total"), 1u);
  EXPECT_THAT(import.problems().at("x_total"), HasSubstr("counter reset"));
}

// A scrape stamped at or just before the start reads its values after its stamp: it may hold
// the run's first writes, so the "before" is the last scrape known to have ended by the start.
TEST(RawSampleImportTest, BeforeIsTheLastScrapeThatEndedByTheStart) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-2, 1}, {-1, 1}, {0, 1}, {10, 1}});
  targets.durations[0].points[1].value = 1.5;  // the scrape at -1 s ended at 0.5 s
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "a:1", {{-2, 100}, {-1, 103}, {0, 104}, { 10, 130 }})});
  EXPECT_THAT(import.problems(), IsEmpty());
  EXPECT_EQ(Increase(import, "x_total"), 130 - 100);
}

// Samples the target stamped itself (honor_timestamps) say nothing of when they were read: a
// "before" stamped ahead of its reading would hide the run's first errors.
TEST(RawSampleImportTest, ASeriesWithTimestampsOfItsOwnIsAProblem) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-1, 1}, {5, 1}, {10, 1}});
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  PromSeries stamped = Series("errors_total", "a:1", {{-1, 3}, {10, 9}});
  stamped.points[0].at -= std::chrono::milliseconds(1500);
  import.Add("errors_total", {stamped});
  ASSERT_EQ(import.problems().count("errors_total"), 1u);
  EXPECT_EQ(import.problems().at("errors_total"),
            "errors_total{instance=\"a:1\",job=\"gateway\"} has a sample stamped at no successful "
            "scrape of a:1 (-2.5 s): the target sets timestamps of its own, which Prometheus "
            "honours (set honor_timestamps: false for it), or the answers came from different "
            "Prometheus servers, an HA pair behind one URL (point PROMETHEUS_URL at one of them); "
            "when its values were read is unknown");
}

// Two jobs scraping one process (a ServiceMonitor and pod annotations, say) give each counter
// twice: a sum would count every write twice and hide a loss of half of them.
TEST(RawSampleImportTest, AnInstanceScrapedAsTwoTargetsIsAProblemOfEveryMetric) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-1, 1}, {10, 1}});
  AddScrapes(targets, "a:1", {{-1, 1}, {10, 1}});
  targets.up[1].labels[2].second = "pods";  // same instance, another job
  EXPECT_EQ(ProblemOfEveryMetric(targets, Series("x_total", "a:1", {{-1, 0}, {10, 5}})),
            "Prometheus scrapes a:1 as 2 targets (jobs \"gateway\", \"pods\"), so each of its "
            "counters would count once per target: narrow PROM_SELECTOR to one of them");
}

// Two jobs at an instance that exposes none of the metrics read (a sidecar a broad selector
// matched) count nothing twice.
TEST(RawSampleImportTest, AnInstanceScrapedTwiceThatExposesNothingReadIsNoProblem) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-1, 1}, {10, 1}});
  AddScrapes(targets, "sidecar:1", {{-1, 1}, {10, 1}});
  AddScrapes(targets, "sidecar:1", {{-1, 1}, {10, 1}});
  targets.up[2].labels[2].second = "istio";
  RawSampleImport import(kStart, kEnd, seconds(1), targets);
  import.Add("x_total", {Series("x_total", "a:1", {{-1, 0}, { 10, 5 }})});
  EXPECT_THAT(import.problems(), IsEmpty());
}

TEST(RawSampleImportTest, AResetBetweenSamplesIsAProblemEvenWhenTheEndIsHigher) {
  RawSampleImport import(kStart, kEnd, seconds(1));
  import.Add("x_total", {Series("x_total", "a:1", {{0, 50}, {4, 60}, {6, 2}, { 10, 80 }})});
  ASSERT_EQ(import.problems().count("x_total"), 1u);
  EXPECT_EQ(import.problems().at("x_total"),
            "Prometheus shows a counter reset of "
            "x_total{instance=\"a:1\",job=\"gateway\"} (from 60 to 2, 4.0 s before the end)");
}

TEST(RawSampleImportTest, AResetOutsideTheRunIsNoProblem) {
  RawSampleImport import(kStart, kEnd, seconds(1));
  import.Add("x_total", {Series("x_total", "a:1", {{-3, 50}, {-2, 1}, {0, 2}, { 10, 8 }})});
  EXPECT_THAT(import.problems(), IsEmpty());
  EXPECT_EQ(Increase(import, "x_total"), 6);
}

TEST(RawSampleImportTest, AGaugeGoingDownIsNoReset) {
  RawSampleImport import(kStart, kEnd, seconds(1));
  import.Add("gateway_dlq_depth", {Series("gateway_dlq_depth", "a:1", {{0, 5}, {5, 1}, {
                                                                         10,
                                                                         0
                                                                       }})});
  EXPECT_THAT(import.problems(), IsEmpty());
  const ScrapeSet after = import.After();
  EXPECT_EQ(
      AggregateAcross(after, testing::MustParseSelector("gateway_dlq_depth"), Aggregation::kMax),
      0);
  EXPECT_EQ(after.endpoints[0].snapshot->FindFamily("gateway_dlq_depth")->type,
            promtext::MetricType::kGauge);
}

TEST(RawSampleImportTest, ASeriesWithoutASampleAfterTheEndIsAProblemNamingTheInterval) {
  RawSampleImport import(kStart, kEnd, seconds(30));
  import.Add("gateway_dlq_depth", {Series("gateway_dlq_depth", "10.0.0.7:8080",
                                          {{-5, 0},
                                           { -2,
                                             1 }}),
                                   Series("gateway_dlq_depth", "10.0.0.8:8080",
                                          {{-5, 0},
                                           { 11,
                                             1 }})});
  ASSERT_EQ(import.problems().count("gateway_dlq_depth"), 1u);
  EXPECT_EQ(import.problems().at("gateway_dlq_depth"),
            "Prometheus has no sample of gateway_dlq_depth{instance=\"10.0.0.7:8080\","
            "job=\"gateway\"} after the run ended (its last is 12.0 s before the end; scrape "
            "interval 30s?)");
}

TEST(RawSampleImportTest, ManyLateSeriesAreCountedNotListed) {
  RawSampleImport import(kStart, kEnd, std::chrono::milliseconds(0));
  std::vector<PromSeries> series;
  for (int i = 0; i < 5; ++i) series.push_back(Series("y", "h:" + std::to_string(i), {{1, 1}}));
  import.Add("y", series);
  EXPECT_THAT(import.problems().at("y"), HasSubstr("; and 2 more series"));
  EXPECT_THAT(import.problems().at("y"), HasSubstr("(its last is 9.0 s before the end)"));
}

TEST(RawSampleImportTest, OverlappingMetricsKeepEachSeriesOnce) {
  RawSampleImport import(kStart, kEnd, seconds(1));
  const PromSeries ok = Series("x_total", "a:1", {{0, 1}, {10, 5}}, {{"result", "ok"}});
  import.Add("x_total", {ok, Series("x_total", "a:1",
                                    {{0, 0},
                                     { 10,
                                       2 }},
                                    {{ "result",
                                       "error" }})});
  import.Add("x_total{result=\"ok\"}", {ok});
  EXPECT_EQ(Increase(import, "x_total"), 4 + 2);
  EXPECT_EQ(Increase(import, "x_total{result=\"ok\"}"), 4);
}

TEST(RawSampleImportTest, ATargetDownAfterTheEndIsAProblemOfEveryMetric) {
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{-1, 1}, {0, 1}, {5, 1}, {10, 1}});
  AddScrapes(targets, "b:1", {{0, 1}, {5, 1}, {11, 0}});
  AddScrapes(targets, "c:1", {{-30, 1}});  // gone before the run
  EXPECT_EQ(ProblemOfEveryMetric(targets, Series("x_total", "a:1", {{0, 1}, {10, 5}})),
            "Prometheus could not scrape b:1 after the run ended (up is 0 1.0 s after the end), "
            "so what it counted since its last scrape is unknown");
}

TEST(ImportSampledTest, AggregatesEachWindowAndKeepsSourcesAsTheSamplerDoes) {
  SampledSelector lag{testing::MustParseSelector("lag_seconds"), Aggregation::kMax, true, {}};
  const std::vector<PromSeries> raw = {Series("lag_seconds", "a:1", {{1, 1}, {3, 3}}),
                                       Series("lag_seconds", "b:1", {{1, 2}, {3, 4}, {5, 6}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}, {3, 1}, {5, 1}});
  AddScrapes(targets, "b:1", {{1, 1}, {3, 1}, {5, 1}});
  SampledSeries series = ImportSampled(lag, raw, targets, kStart, kStart + seconds(6), seconds(2));
  EXPECT_EQ(series.selector, "lag_seconds");
  EXPECT_EQ(series.aggregation, Aggregation::kMax);
  EXPECT_EQ(series.sources,
            (std::vector<std::string>{"a:1 {job=\"gateway\"}", "b:1 {job=\"gateway\"}"}));
  ASSERT_EQ(series.points.size(), 3u);
  EXPECT_EQ(series.points[0].at, kStart);
  EXPECT_EQ(series.points[2].at, kStart + seconds(4));
  EXPECT_EQ(series.points[0].value, 2);
  EXPECT_EQ(series.points[1].value, 4);
  EXPECT_EQ(series.points[1].by_source, (std::vector<double>{3, 4}));
  // a:1 was scraped in the last window but no longer exposes the gauge.
  EXPECT_EQ(series.points[2].value, 6);
  EXPECT_TRUE(std::isnan(series.points[2].by_source[0]));
}

// The values shown at a point were read at or after it and before the next: those of the
// window's first scrape, not the last sample before the point (a range query's step value,
// read up to a scrape interval earlier than the time it is shown at).
TEST(ImportSampledTest, APointHoldsTheFirstScrapeInItsWindow) {
  SampledSelector events{testing::MustParseSelector("events_total"), Aggregation::kSum, true, {}};
  const std::vector<PromSeries> raw = {Series("events_total", "a:1", {{1, 10}, {2, 20}, {3, 30}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}, {2, 1}, {3, 1}});
  SampledSeries series =
      ImportSampled(events, raw, targets, kStart, kStart + seconds(4), seconds(2));
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.points[0].value, 10);  // window [0 s, 2 s): the scrape at 1 s
  EXPECT_EQ(series.points[1].value, 20);  // window [2 s, 4 s): the scrape at 2 s, not 3 s
}

TEST(ImportSampledTest, ATargetPrometheusDidNotScrapeInAWindowFailsThatPoint) {
  SampledSelector events{testing::MustParseSelector("events_total"), Aggregation::kSum, true, {}};
  // b:1 has not counted an event yet, so it has no series; its scrapes still count: a sum
  // without a window's scrape of it could be too low.
  const std::vector<PromSeries> raw = {Series("events_total", "a:1", {{1, 5}, {3, 6}, {5, 7}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}, {3, 1}, {5, 1}});
  AddScrapes(targets, "b:1", {{1, 1}, {5, 0}});
  SampledSeries series =
      ImportSampled(events, raw, targets, kStart, kStart + seconds(6), seconds(2));
  ASSERT_EQ(series.points.size(), 3u);
  EXPECT_EQ(series.points[0].value, 5);
  EXPECT_TRUE(series.points[0].error.empty());
  EXPECT_FALSE(series.points[1].value.has_value());
  EXPECT_THAT(series.points[1].error, HasSubstr("no scrape of b:1"));
  EXPECT_FALSE(series.points[2].value.has_value());
  EXPECT_THAT(series.points[2].error, HasSubstr("could not scrape b:1"));
  EXPECT_THAT(series.points[2].error, HasSubstr("up 0"));
}

// A scrape stamped inside the window that ran past its end may have read its values after the
// next point's time: the point cannot use it.
TEST(ImportSampledTest, AScrapeEndingAfterTheWindowFailsThePoint) {
  SampledSelector events{testing::MustParseSelector("events_total"), Aggregation::kSum, true, {}};
  const std::vector<PromSeries> raw = {Series("events_total", "a:1", {{1, 5}, {3, 6}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}, {3, 1}});
  targets.durations[0].points[0].value = 1.5;  // the scrape at 1 s ended at 2.5 s
  SampledSeries series =
      ImportSampled(events, raw, targets, kStart, kStart + seconds(4), seconds(2));
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_THAT(series.points[0].error, HasSubstr("the scrape of a:1"));
  EXPECT_THAT(series.points[0].error, HasSubstr("ended after it"));
  EXPECT_EQ(series.points[1].value, 6);
}

// A target replaced before the run (its last scrape is before the start) is not waited for;
// without any record of Prometheus's scrapes, no point can be made.
TEST(ImportSampledTest, TargetsGoneBeforeTheStartAreLeftOutAndUnknownScrapesFail) {
  SampledSelector events{testing::MustParseSelector("events_total"), Aggregation::kSum, true, {}};
  const std::vector<PromSeries> raw = {Series("events_total", "a:1", {{1, 5}, {3, 6}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}, {3, 1}});
  AddScrapes(targets, "old:1", {{-30, 1}, {-10, 1}});
  SampledSeries series =
      ImportSampled(events, raw, targets, kStart, kStart + seconds(4), seconds(2));
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.points[0].value, 5);
  EXPECT_EQ(series.points[1].value, 6);

  SampledSeries unknown = ImportSampled(events, raw, {}, kStart, kStart + seconds(4), seconds(2));
  ASSERT_EQ(unknown.points.size(), 2u);
  EXPECT_THAT(unknown.points[0].error, HasSubstr("no record of its scrapes of a:1"));
}

// A duration that is no duration (NaN, negative, infinite or absurd) says nothing of when the
// scrape ended; the point cannot use the scrape.
TEST(ImportSampledTest, AScrapeOfNoValidDurationFailsThePoint) {
  SampledSelector events{testing::MustParseSelector("events_total"), Aggregation::kSum, true, {}};
  const std::vector<PromSeries> raw = {Series("events_total", "a:1", {{1, 5}})};
  for (const double took : {std::nan(""), -0.5, 1e300, HUGE_VAL, 90000.0}) {
    TargetScrapes targets;
    AddScrapes(targets, "a:1", {{1, 1}});
    targets.durations[0].points[0].value = took;
    SampledSeries series =
        ImportSampled(events, raw, targets, kStart, kStart + seconds(2), seconds(2));
    ASSERT_EQ(series.points.size(), 1u);
    EXPECT_FALSE(series.points[0].value.has_value()) << took;
    EXPECT_THAT(series.points[0].error, HasSubstr("no valid scrape_duration_seconds")) << took;
  }
}

// A series whose samples carry the target's own timestamps has none at the scrape's time: left
// out, a sum or a max would silently miss it.
TEST(ImportSampledTest, ASeriesWithTimestampsOfItsOwnFailsThePoint) {
  SampledSelector depth{testing::MustParseSelector("dlq_depth"), Aggregation::kSum, true, {}};
  PromSeries stamped = Series("dlq_depth", "a:1", {{1, 40}}, {{"topic", "b"}});
  stamped.points[0].at += std::chrono::milliseconds(300);
  const std::vector<PromSeries> raw = {Series("dlq_depth", "a:1", {{1, 0}}, {{"topic", "a"}}),
                                       stamped};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}});
  SampledSeries series =
      ImportSampled(depth, raw, targets, kStart, kStart + seconds(2), seconds(2));
  ASSERT_EQ(series.points.size(), 1u);
  EXPECT_FALSE(series.points[0].value.has_value());
  EXPECT_THAT(series.points[0].error,
              HasSubstr("dlq_depth{instance=\"a:1\",job=\"gateway\",topic=\"b\"} has a "
                        "sample stamped at no successful scrape"));
}

TEST(ImportSampledTest, AnInstanceScrapedAsTwoTargetsFailsEveryPoint) {
  SampledSelector events{testing::MustParseSelector("events_total"), Aggregation::kSum, true, {}};
  const std::vector<PromSeries> raw = {Series("events_total", "a:1", {{1, 5}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{1, 1}});
  AddScrapes(targets, "a:1", {{1, 1}});
  targets.up[1].labels[2].second = "pods";  // same instance, another job
  SampledSeries series =
      ImportSampled(events, raw, targets, kStart, kStart + seconds(2), seconds(2));
  ASSERT_EQ(series.points.size(), 1u);
  EXPECT_THAT(series.points[0].error, HasSubstr("Prometheus scrapes a:1 as 2 targets"));
}

TEST(ImportSampledTest, SumsWithinASourceOverTheMergedLabel) {
  SampledSelector events{
      testing::MustParseSelector("events_total"), Aggregation::kSum, true, {"result", "job"}};
  const std::vector<PromSeries> raw = {
      Series("events_total", "a:1", {{0, 1}}, {{"result", "ok"}}),
      Series("events_total", "a:1", {{0, 2}}, {{"result", "error"}})};
  TargetScrapes targets;
  AddScrapes(targets, "a:1", {{0, 1}});
  SampledSeries series =
      ImportSampled(events, raw, targets, kStart, kStart + seconds(1), seconds(1));
  EXPECT_EQ(series.sources, std::vector<std::string>{"a:1"});
  ASSERT_EQ(series.points.size(), 1u);
  EXPECT_EQ(series.points[0].value, 3);
  EXPECT_EQ(series.points[0].by_source, std::vector<double>{3});
}

}  // namespace
}  // namespace slogate::scrape
