// The sampler against a real prometheus-cpp Exposer whose gauge changes while it samples.
#include "slogate/scrape/sampler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "loopback.h"
#include "selectors.h"
#include "shared_exposer.h"

namespace slogate::scrape {
namespace {

using ::slogate::testing::MustParseSampled;

using std::chrono::milliseconds;
using ::testing::HasSubstr;

constexpr auto kDeadline = std::chrono::seconds(20);

// Polls `sampler` until it has done `count` scrapes or the deadline passes.
bool WaitForScrapes(const Sampler& sampler, std::uint64_t count) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (sampler.scrape_count() < count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

class SamplerTest : public ::testing::Test {
 protected:
  SamplerTest()
      : registry_(std::make_shared<prometheus::Registry>()),
        lag_(prometheus::BuildGauge()
                 .Name("memory_replicator_lag_seconds")
                 .Help("Lag.")
                 .Register(*registry_)
                 .Add({})) {
    testing::SharedExposer().RegisterCollectable(registry_);
    url_ = testing::SharedExposerUrl();
  }
  ~SamplerTest() override { testing::SharedExposer().RemoveCollectable(registry_); }

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Gauge& lag_;
  std::string url_;
};

TEST_F(SamplerTest, ObservesValuesChangingOverTime) {
  Scraper scraper({url_}, ScrapeOptions{});
  Sampler sampler(scraper,
                  {MustParseSampled("memory_replicator_lag_seconds"), MustParseSampled("absent")},
                  milliseconds(100));
  lag_.Set(1.0);
  sampler.Start();
  ASSERT_TRUE(WaitForScrapes(sampler, 2));
  for (double value : {2.0, 3.0}) {
    lag_.Set(value);
    // Two more scrapes guarantee that at least one started after the Set.
    ASSERT_TRUE(WaitForScrapes(sampler, sampler.scrape_count() + 2));
  }
  sampler.Stop();

  const std::vector<SampledSeries> series = sampler.Series();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].selector, "memory_replicator_lag_seconds");
  std::vector<double> distinct;
  for (const SamplePoint& point : series[0].points) {
    ASSERT_TRUE(point.value.has_value()) << point.error;
    if (distinct.empty() || distinct.back() != *point.value) distinct.push_back(*point.value);
  }
  EXPECT_EQ(distinct, (std::vector<double>{1.0, 2.0, 3.0}));
  for (size_t i = 1; i < series[0].points.size(); ++i) {
    EXPECT_LE(series[0].points[i - 1].at, series[0].points[i].at);
  }
  // A selector that matches nothing has points without value and without error.
  ASSERT_EQ(series[1].points.size(), series[0].points.size());
  EXPECT_FALSE(series[1].points.front().value.has_value());
  EXPECT_EQ(series[1].points.front().error, "");
}

TEST_F(SamplerTest, StopDoesNotWaitForTheNextTick) {
  Scraper scraper({url_}, ScrapeOptions{});
  Sampler sampler(scraper, {MustParseSampled("memory_replicator_lag_seconds")}, std::chrono::hours(1));
  sampler.Start();
  ASSERT_TRUE(WaitForScrapes(sampler, 1));
  const auto stop_started = std::chrono::steady_clock::now();
  sampler.Stop();
  // Waiting out the interval would take an hour; this only proves Stop wakes the thread.
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, std::chrono::seconds(30));
  EXPECT_EQ(sampler.scrape_count(), 1u);
}

TEST_F(SamplerTest, KeepsMemoryBounded) {
  Scraper scraper({url_}, ScrapeOptions{});
  SamplerLimits limits;
  limits.max_points_per_series = 3;
  limits.max_sets = 2;
  Sampler sampler(scraper, {MustParseSampled("memory_replicator_lag_seconds")}, milliseconds(1), limits);
  sampler.Start();
  ASSERT_TRUE(WaitForScrapes(sampler, 8));
  sampler.Stop();
  const std::vector<SampledSeries> series = sampler.Series();
  EXPECT_EQ(series[0].points.size(), 3u);
  EXPECT_EQ(series[0].points.size() + series[0].dropped_points, sampler.scrape_count());
  EXPECT_EQ(sampler.Sets().size(), 2u);
}

TEST_F(SamplerTest, RestartAppendsToTheSameSeries) {
  Scraper scraper({url_}, ScrapeOptions{});
  Sampler sampler(scraper, {MustParseSampled("memory_replicator_lag_seconds")}, milliseconds(50));
  sampler.Start();
  ASSERT_TRUE(WaitForScrapes(sampler, 2));
  sampler.Stop();
  sampler.Start();
  ASSERT_TRUE(WaitForScrapes(sampler, 4));
  sampler.Stop();
  EXPECT_EQ(sampler.Series()[0].points.size(), sampler.scrape_count());
}

TEST(SamplerFailureTest, FailedScrapeGivesPointsWithTheError) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(testing::PickFreePort()) + "/metrics";
  Scraper scraper({url}, ScrapeOptions{});
  Sampler sampler(scraper, {MustParseSampled("memory_replicator_lag_seconds")}, milliseconds(50));
  sampler.Start();
  ASSERT_TRUE(WaitForScrapes(sampler, 2));
  sampler.Stop();
  const std::vector<SampledSeries> series = sampler.Series();
  ASSERT_GE(series[0].points.size(), 2u);
  EXPECT_FALSE(series[0].points[0].value.has_value());
  EXPECT_THAT(series[0].points[0].error, HasSubstr("GET " + url + ": "));
}

}  // namespace
}  // namespace slogate::scrape
