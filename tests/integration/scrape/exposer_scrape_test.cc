// Scrapes a real prometheus-cpp Exposer bound to 127.0.0.1:0 while its metrics change,
// including a real counter reset (the family removed and registered again).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "selectors.h"
#include "shared_exposer.h"
#include "slogate/promtext/quantile.h"
#include "slogate/scrape/delta.h"
#include "slogate/scrape/scraper.h"

namespace slogate::scrape {
namespace {

using ::slogate::testing::MustParseSelector;

using ::testing::HasSubstr;

class ExposerScrapeTest : public ::testing::Test {
 protected:
  ExposerScrapeTest()
      : registry_(std::make_shared<prometheus::Registry>()),
        attempts_(&AddAttempts()),
        lag_(prometheus::BuildGauge()
                 .Name("memory_replicator_lag_seconds")
                 .Help("Replication lag.")
                 .Register(*registry_)
                 .Add({})),
        replication_(prometheus::BuildHistogram()
                         .Name("memory_replicator_replication_seconds")
                         .Help("Time to handle one WAL event.")
                         .Register(*registry_)
                         .Add({}, prometheus::Histogram::BucketBoundaries{0.01, 0.1, 1})) {
    testing::SharedExposer().RegisterCollectable(registry_);
    url_ = testing::SharedExposerUrl();
  }
  ~ExposerScrapeTest() override { testing::SharedExposer().RemoveCollectable(registry_); }

  prometheus::Family<prometheus::Counter>& AddAttempts() {
    return prometheus::BuildCounter()
        .Name("gateway_write_through_attempts_total")
        .Help("Write-through attempts.")
        .Register(*registry_);
  }

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* attempts_;
  prometheus::Gauge& lag_;
  prometheus::Histogram& replication_;
  std::string url_;
};

const std::string kAttempts = "gateway_write_through_attempts_total";

TEST_F(ExposerScrapeTest, CounterIncreaseBetweenScrapes) {
  prometheus::Counter& ok = attempts_->Add({{"path", "/v1/session/message"}});
  ok.Increment(10);
  Scraper scraper({url_}, ScrapeOptions{});
  const ScrapeSet before = scraper.ScrapeAll();
  ASSERT_TRUE(before.AllOk()) << before.endpoints[0].snapshot.error().message;
  ok.Increment(32);
  const ScrapeSet after = scraper.ScrapeAll();
  Result<CounterDelta> delta = DeltaOf(before, after, MustParseSelector(kAttempts));
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_DOUBLE_EQ(delta->value, 32);
  EXPECT_FALSE(delta->reset);
}

TEST_F(ExposerScrapeTest, LabelledSeriesAppearingLaterCountsFromZero) {
  attempts_->Add({{"path", "/v1/session/message"}}).Increment(5);
  Scraper scraper({url_}, ScrapeOptions{});
  const ScrapeSet before = scraper.ScrapeAll();
  attempts_->Add({{"path", "/v1/sessions/message"}}).Increment(3);
  const ScrapeSet after = scraper.ScrapeAll();
  Result<CounterDelta> delta = DeltaOf(before, after, MustParseSelector(kAttempts));
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_DOUBLE_EQ(delta->value, 3);
  EXPECT_FALSE(delta->reset);
}

TEST_F(ExposerScrapeTest, RemovedAndReAddedFamilyIsAReset) {
  attempts_->Add({{"path", "/v1/session/message"}}).Increment(50);
  Scraper scraper({url_}, ScrapeOptions{});
  const ScrapeSet before = scraper.ScrapeAll();

  ASSERT_TRUE(registry_->Remove(*attempts_));
  const ScrapeSet gone = scraper.ScrapeAll();
  Result<CounterDelta> vanished = DeltaOf(before, gone, MustParseSelector(kAttempts));
  ASSERT_TRUE(vanished.ok()) << vanished.error().message;
  EXPECT_TRUE(vanished->reset);
  EXPECT_THAT(vanished->reset_detail, HasSubstr("vanished"));

  attempts_ = &AddAttempts();  // the process "restarted": the counter starts again from 0
  attempts_->Add({{"path", "/v1/session/message"}}).Increment(7);
  const ScrapeSet after = scraper.ScrapeAll();
  Result<CounterDelta> delta = DeltaOf(before, after, MustParseSelector(kAttempts));
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_TRUE(delta->reset);
  EXPECT_DOUBLE_EQ(delta->value, 7);
  EXPECT_THAT(delta->reset_detail,
              HasSubstr("gateway_write_through_attempts_total{path=\"/v1/session/message\"} at " +
                        url_ + " decreased from 50 to 7"));
}

TEST_F(ExposerScrapeTest, GaugeIsReadAsIs) {
  lag_.Set(1.25);
  Scraper scraper({url_}, ScrapeOptions{});
  EXPECT_EQ(SumAcross(scraper.ScrapeAll(), MustParseSelector("memory_replicator_lag_seconds")), 1.25);
  lag_.Set(0.5);
  EXPECT_EQ(SumAcross(scraper.ScrapeAll(), MustParseSelector("memory_replicator_lag_seconds")), 0.5);
}

TEST_F(ExposerScrapeTest, HistogramBucketDeltaGivesTheRunsQuantile) {
  for (int i = 0; i < 100; ++i) replication_.Observe(0.5);  // before the run: slow
  Scraper scraper({url_}, ScrapeOptions{});
  const ScrapeSet before = scraper.ScrapeAll();
  for (int i = 0; i < 100; ++i) replication_.Observe(0.005);  // during the run: fast
  const ScrapeSet after = scraper.ScrapeAll();

  Result<std::vector<promtext::Bucket>> buckets =
      BucketDelta(before, after, MustParseSelector("memory_replicator_replication_seconds_bucket"));
  ASSERT_TRUE(buckets.ok()) << buckets.error().message;
  ASSERT_EQ(buckets->size(), 4u);
  EXPECT_DOUBLE_EQ(buckets->front().cumulative_count, 100);
  EXPECT_DOUBLE_EQ(buckets->back().cumulative_count, 100);
  Result<double> p95 = promtext::HistogramQuantile(0.95, *buckets);
  ASSERT_TRUE(p95.ok());
  EXPECT_LE(*p95, 0.01);  // the run's own observations, not the slow ones from before
}

}  // namespace
}  // namespace slogate::scrape
