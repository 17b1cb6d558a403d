// PrometheusSource against a real Prometheus (the prometheus-fixture, scraping every second)
// over the real reference gateway: counter increases equal the direct scrapes' exactly, the
// queries it records give the same data when run again, and a target stopped before the end
// is a problem, not a silent zero.
#include "slogate/scrape/prometheus_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <thread>

#include "eventually.h"
#include "http_client.h"
#include "prometheus_fixture.h"
#include "refgw_process.h"
#include "selectors.h"
#include "slogate/scrape/delta.h"
#include "slogate/scrape/prometheus_answer.h"
#include "slogate/scrape/prometheus_import.h"
#include "slogate/scrape/scraper.h"

namespace slogate::testing {
namespace {

using scrape::WallTime;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<std::string> kCounters = {
    "gateway_write_through_attempts_total", "gateway_write_through_results_total",
    "gateway_write_through_wal_results_total", "gateway_request_seconds_count",
    "memory_replicator_events_total"};

struct Sides {
  scrape::ScrapeSet before;
  scrape::ScrapeSet after;
};

void SendWrites(const RefgwProcess& gateway, int count) {
  HttpClient client;
  for (int i = 0; i < count; ++i) {
    const HttpResult result =
        client.Fetch("POST", gateway.ApiUrl("/v1/session/message"), {kJsonHeader},
                     R"({"message":"prom )" + std::to_string(i) + R"("})");
    ASSERT_EQ(result.status, 200) << result.body << result.error;
  }
}

// The sum of every counter in a direct scrape, to tell when the gateway has settled (the
// replicator counts after the write was acknowledged).
double CounterTotal(const scrape::ScrapeSet& set) {
  double total = 0;
  for (const std::string& counter : kCounters) {
    total += scrape::SumAcross(set, MustParseSelector(counter)).value_or(0);
  }
  return total;
}

scrape::PrometheusOptions OptionsFor(const PrometheusFixture& fixture,
                                     const ScrapedTargets& targets) {
  scrape::PrometheusOptions options;
  options.url = fixture.url();
  options.selector = targets.selector();
  options.max_wait = std::chrono::seconds(30);
  return options;
}

std::string UnixSeconds(WallTime at) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  return std::to_string(millis / 1000) + "." + std::to_string(1000 + millis % 1000).substr(1);
}

std::string HostPort(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// Each test: the Prometheus fixture and a reference gateway of its own.
class PrometheusSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fixture = PrometheusFixture::FromEnvironment();
    ASSERT_TRUE(fixture.ok()) << fixture.error().message;
    fixture_.emplace(std::move(*fixture));
    auto gateway = RefgwProcess::Start({});
    ASSERT_TRUE(gateway.ok()) << gateway.error().message;
    gateway_ = std::move(*gateway);
  }

  // Prometheus scrapes `ports` of the gateway as the targets of `name`.
  void Scrape(const std::string& name, const std::vector<uint16_t>& ports) {
    std::vector<std::string> host_ports;
    for (const uint16_t port : ports) host_ports.push_back(HostPort(port));
    auto targets = fixture_->AddTargets(name, host_ports);
    ASSERT_TRUE(targets.ok()) << targets.error().message;
    targets_ = std::move(*targets);
  }

  std::optional<PrometheusFixture> fixture_;
  std::unique_ptr<RefgwProcess> gateway_;
  std::unique_ptr<ScrapedTargets> targets_;
};

TEST_F(PrometheusSourceTest, CounterIncreasesEqualTheDirectScrapesExactly) {
  ASSERT_NO_FATAL_FAILURE(
      Scrape("exact", {gateway_->metrics_port(), gateway_->replicator_metrics_port()}));
  scrape::Scraper direct({gateway_->MetricsUrl(), gateway_->ReplicatorMetricsUrl()}, {});

  Sides scraped;
  scraped.before = direct.ScrapeAll();
  ASSERT_TRUE(scraped.before.AllOk());
  const WallTime started = std::chrono::system_clock::now();
  SendWrites(*gateway_, 25);
  // The run lasts until Prometheus has scraped the replicator's events (a series that appears
  // with the first write), so the sampled range holds it.
  const std::string events = "memory_replicator_events_total" + targets_->selector();
  ASSERT_TRUE(
      Eventually([&] { return fixture_->Query(events).find("\"ok\"") != std::string::npos; },
                 std::chrono::seconds(15), std::chrono::milliseconds(200)));
  double settled = -1;
  ASSERT_TRUE(Eventually(
      [&] {
        const double now = CounterTotal(direct.ScrapeAll());
        const bool same = now == settled;
        settled = now;
        return same;
      },
      std::chrono::seconds(15), std::chrono::milliseconds(500)));
  scraped.after = direct.ScrapeAll();
  const WallTime ended = std::chrono::system_clock::now();

  scrape::PrometheusSource source(OptionsFor(*fixture_, *targets_));
  const std::vector<scrape::SampledSelector> sampled = {
      {MustParseSelector("memory_replicator_events_total"),
       scrape::Aggregation::kSum,
       true,
       {"result"}}};
  // Sampled as the suite samples: until two scrape intervals after the end, so the windows
  // ending by then hold a scrape that saw the replicator's events.
  scrape::PrometheusRead read = source.Read(started, ended, ended + std::chrono::seconds(2),
                                            std::chrono::milliseconds(500), kCounters, sampled);
  EXPECT_THAT(read.evidence.problems, IsEmpty());
  EXPECT_EQ(read.evidence.scrape_interval, std::chrono::seconds(1));
  // The run ended just now: the wait lasted until the next scrape, and its query is one
  // Prometheus evaluates (series of several metrics with the same other labels once included
  // made it an error, which ended the wait at once).
  // Prometheus's clock, read first: on one machine it agrees with ours.
  ASSERT_GE(read.evidence.queries.size(), 2u);
  EXPECT_EQ(read.evidence.queries[0].promql, "time()");
  EXPECT_THAT(read.evidence.queries[0].purpose,
              ::testing::StartsWith("Prometheus's clock agrees with this machine's to within"));
  EXPECT_EQ(read.evidence.queries[1].metric, "");
  EXPECT_THAT(fixture_->Query(read.evidence.queries[1].promql),
              ::testing::HasSubstr(R"("status":"success")"));
  EXPECT_GT(read.evidence.ingestion_wait, std::chrono::milliseconds(0));
  for (const std::string& counter : kCounters) {
    auto from_prometheus = scrape::DeltaOf(read.before, read.after, MustParseSelector(counter));
    auto from_scrapes = scrape::DeltaOf(scraped.before, scraped.after, MustParseSelector(counter));
    ASSERT_TRUE(from_prometheus.ok()) << counter << ": " << from_prometheus.error().message;
    ASSERT_TRUE(from_scrapes.ok()) << counter << ": " << from_scrapes.error().message;
    EXPECT_EQ(from_prometheus->value, from_scrapes->value) << counter;
    EXPECT_FALSE(from_prometheus->reset) << from_prometheus->reset_detail;
  }
  EXPECT_EQ(scrape::DeltaOf(read.before, read.after,
                            MustParseSelector("gateway_write_through_attempts_total"))
                ->value,
            25);

  ASSERT_EQ(read.sampled.size(), 1u);
  ASSERT_FALSE(read.sampled[0].points.empty());
  // Read as a counter and as a sampled series over the same raw samples: one query, both uses.
  const auto events_queries = read.evidence.QueriesFor("memory_replicator_events_total");
  ASSERT_EQ(events_queries.size(), 1u);
  EXPECT_THAT(events_queries[0]->purpose, ::testing::HasSubstr("; also raw samples, each window"));
  EXPECT_EQ(read.sampled[0].sources.size(), 1u);  // one replicator endpoint

  // The recorded queries, pasted into Prometheus, give the same increase: the counter's raw
  // samples, and the scrapes of `up` and scrape_duration_seconds that place them in time.
  const auto again_of = [&](const std::string& metric) -> std::vector<scrape::PromSeries> {
    const auto queries = read.evidence.QueriesFor(metric);
    EXPECT_EQ(queries.size(), 1u) << metric;
    if (queries.size() != 1) return {};
    const std::string body = fixture_->Query(queries[0]->promql, UnixSeconds(queries[0]->end));
    auto series = scrape::ParsePromQueryAnswer(body, "the query run again");
    EXPECT_TRUE(series.ok()) << series.error().message;
    return series.ok() ? *series : std::vector<scrape::PromSeries>{};
  };
  scrape::RawSampleImport again(
      started, ended, std::chrono::seconds(1),
      scrape::TargetScrapes{again_of("up"), again_of("scrape_duration_seconds")});
  again.Add("gateway_write_through_attempts_total",
            again_of("gateway_write_through_attempts_total"));
  EXPECT_THAT(again.problems(), IsEmpty());
  EXPECT_EQ(scrape::DeltaOf(again.Before(), again.After(),
                            MustParseSelector("gateway_write_through_attempts_total"))
                ->value,
            25);
}

TEST_F(PrometheusSourceTest, ATargetStoppedBeforeTheEndIsAProblem) {
  ASSERT_NO_FATAL_FAILURE(Scrape("stopped", {gateway_->metrics_port()}));

  const WallTime started = std::chrono::system_clock::now();
  SendWrites(*gateway_, 3);
  // Scraped once after the writes (so the series is in Prometheus), then gone before the end.
  const std::string attempts = "gateway_write_through_attempts_total" + targets_->selector();
  ASSERT_TRUE(
      Eventually([&] { return fixture_->Query(attempts).find(R"("3"])") != std::string::npos; },
                 std::chrono::seconds(15), std::chrono::milliseconds(200)));
  gateway_->Stop();
  const WallTime ended = std::chrono::system_clock::now();

  scrape::PrometheusSource source(OptionsFor(*fixture_, *targets_));
  scrape::PrometheusRead read = source.Read(started, ended, ended, std::chrono::seconds(1),
                                            {"gateway_write_through_attempts_total"}, {});
  ASSERT_EQ(read.evidence.problems.count("gateway_write_through_attempts_total"), 1u);
  const std::string& problem = read.evidence.problems.at("gateway_write_through_attempts_total");
  EXPECT_THAT(problem,
              HasSubstr("Prometheus has no sample of gateway_write_through_attempts_total{"));
  EXPECT_THAT(problem, HasSubstr("after the run ended (its last is "));
  EXPECT_THAT(problem, HasSubstr("s before the end; scrape interval 1s?)"));
  // The target's own health says why.
  EXPECT_THAT(problem, HasSubstr("Prometheus could not scrape " +
                                 HostPort(gateway_->metrics_port()) + " after the run ended"));
  // The wait did not hold out for a series whose target is gone.
  EXPECT_LT(read.evidence.ingestion_wait, std::chrono::seconds(10));
}

}  // namespace
}  // namespace slogate::testing
