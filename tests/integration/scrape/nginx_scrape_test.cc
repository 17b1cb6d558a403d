// Scrapes a real nginx on loopback serving fixture expositions: OpenMetrics and text 0.0.4
// Content-Types, gzip, bearer tokens, and the ways a scrape fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "selectors.h"

#include <memory>
#include <string>

#include "loopback.h"
#include "nginx_server.h"
#include "slogate/promtext/parser.h"
#include "slogate/scrape/delta.h"
#include "slogate/scrape/scraper.h"
#include "slogate/scrape/series_text.h"

namespace slogate::scrape {
namespace {

using ::slogate::testing::MustParseSelector;

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kScrapeServerDirectives = R"(
    gzip on;
    gzip_min_length 1;
    gzip_types *;
    location /om/ { default_type "application/openmetrics-text; version=1.0.0; charset=utf-8"; }
    location /text/ { default_type "text/plain; version=0.0.4; charset=utf-8"; }
    location = /fail { return 500 "internal error\n"; }
    location /secure/ {
      default_type "text/plain; version=0.0.4";
      if ($http_authorization != "Bearer s3cret-token") { return 401; }
    }
)";

// What a prometheus_client gateway exposes in OpenMetrics, before and after some traffic.
std::string GatewayExposition(int attempts, const std::string& created) {
  return "# TYPE gateway_write_through_attempts counter\n"
         "# HELP gateway_write_through_attempts Write-through attempts.\n"
         "gateway_write_through_attempts_total{path=\"/v1/session/message\"} " +
         std::to_string(attempts) +
         ".0\n"
         "gateway_write_through_attempts_created{path=\"/v1/session/message\"} " +
         created +
         "\n"
         "# TYPE gateway_dlq_depth gauge\n"
         "gateway_dlq_depth{topic=\"memory.wal.dlq\"} 0.0\n"
         "# EOF\n";
}

constexpr const char* kReplicatorText =
    "# HELP memory_replicator_lag_seconds Replication lag.\n"
    "# TYPE memory_replicator_lag_seconds gauge\n"
    "memory_replicator_lag_seconds 0.42\n";

class NginxScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nginx_ = testing::NginxServer::Start(
        {.server_directives = kScrapeServerDirectives, .access_log_format = testing::kScrapeLogFormat});
    ASSERT_NE(nginx_, nullptr);
    nginx_->WriteFile("om/metrics", GatewayExposition(120, "1.7e+09"));
    nginx_->WriteFile("text/metrics", kReplicatorText);
    nginx_->WriteFile("secure/metrics", kReplicatorText);
  }

  EndpointScrape ScrapeOne(const std::string& path, ScrapeOptions options = {}) {
    Scraper scraper({nginx_->Url(path)}, std::move(options));
    ScrapeSet set = scraper.ScrapeAll();
    EXPECT_EQ(set.endpoints.size(), 1u);
    return std::move(set.endpoints.front());
  }

  std::unique_ptr<testing::NginxServer> nginx_;
};

TEST_F(NginxScrapeTest, ParsesOpenMetricsChosenByContentType) {
  EndpointScrape scrape = ScrapeOne("/om/metrics");
  ASSERT_TRUE(scrape.snapshot.ok()) << scrape.snapshot.error().message;
  EXPECT_EQ(scrape.url, nginx_->Url("/om/metrics"));
  EXPECT_EQ(scrape.snapshot->format, promtext::Format::kOpenMetrics100);
  EXPECT_EQ(promtext::Sum(*scrape.snapshot, MustParseSelector("gateway_write_through_attempts_total")),
            120.0);
}

TEST_F(NginxScrapeTest, ParsesTextFormatChosenByContentType) {
  EndpointScrape scrape = ScrapeOne("/text/metrics");
  ASSERT_TRUE(scrape.snapshot.ok()) << scrape.snapshot.error().message;
  EXPECT_EQ(scrape.snapshot->format, promtext::Format::kPrometheusText004);
  EXPECT_EQ(promtext::Sum(*scrape.snapshot, MustParseSelector("memory_replicator_lag_seconds")), 0.42);
}

TEST_F(NginxScrapeTest, NegotiatesOpenMetricsAndGzip) {
  ASSERT_TRUE(ScrapeOne("/om/metrics").snapshot.ok());
  // uri|accept|accept-encoding|content-encoding|authorization|status|connection
  const std::string log = nginx_->AccessLog(1);
  EXPECT_THAT(log, HasSubstr("/om/metrics|application/openmetrics-text;version=1.0.0,"
                             "text/plain;version=0.0.4;q=0.5,*/*;q=0.1|"));
  EXPECT_THAT(log, HasSubstr("gzip"));
  EXPECT_THAT(log, HasSubstr("|gzip|-|200"));  // the body really came compressed
}

TEST_F(NginxScrapeTest, KeepsTheConnectionAliveBetweenScrapes) {
  Scraper scraper({nginx_->Url("/text/metrics")}, ScrapeOptions{});
  ASSERT_TRUE(scraper.ScrapeAll().AllOk());
  ASSERT_TRUE(scraper.ScrapeAll().AllOk());
  const std::string log = nginx_->AccessLog(2);
  const size_t first_end = log.find('\n');
  ASSERT_NE(first_end, std::string::npos);
  const std::string first = log.substr(0, first_end);
  const std::string second =
      log.substr(first_end + 1, log.find('\n', first_end + 1) - first_end - 1);
  const std::string connection = first.substr(first.rfind('|'));
  EXPECT_EQ(second.substr(second.rfind('|')), connection) << log;
}

TEST_F(NginxScrapeTest, SendsBearerToken) {
  ScrapeOptions options;
  options.bearer_token = "s3cret-token";
  EndpointScrape scrape = ScrapeOne("/secure/metrics", options);
  ASSERT_TRUE(scrape.snapshot.ok()) << scrape.snapshot.error().message;
  EXPECT_THAT(nginx_->AccessLog(1), HasSubstr("|Bearer s3cret-token|200"));
}

TEST_F(NginxScrapeTest, RejectedTokenIsAnErrorThatDoesNotShowIt) {
  ScrapeOptions options;
  options.bearer_token = "wrong-token";
  EndpointScrape scrape = ScrapeOne("/secure/metrics", options);
  ASSERT_FALSE(scrape.snapshot.ok());
  EXPECT_EQ(scrape.snapshot.error().code, "http_status");
  EXPECT_EQ(scrape.snapshot.error().message,
            "GET " + nginx_->Url("/secure/metrics") + ": HTTP status 401 (expected 200)");
}

TEST_F(NginxScrapeTest, ServerErrorIsAnError) {
  EndpointScrape scrape = ScrapeOne("/fail");
  ASSERT_FALSE(scrape.snapshot.ok());
  EXPECT_EQ(scrape.snapshot.error().code, "http_status");
  EXPECT_EQ(scrape.snapshot.error().message,
            "GET " + nginx_->Url("/fail") + ": HTTP status 500 (expected 200)");
}

TEST_F(NginxScrapeTest, MissingPathIsAnError) {
  EndpointScrape scrape = ScrapeOne("/text/absent");
  ASSERT_FALSE(scrape.snapshot.ok());
  EXPECT_EQ(scrape.snapshot.error().message,
            "GET " + nginx_->Url("/text/absent") + ": HTTP status 404 (expected 200)");
}

TEST_F(NginxScrapeTest, MalformedExpositionNamesUrlLineAndColumn) {
  const std::string malformed =
      "# TYPE up gauge\n"
      "up 1\n"
      "broken{a=\"x\",a=\"y\"} 2\n";
  nginx_->WriteFile("text/metrics", malformed);
  const Result<promtext::Snapshot> direct =
      promtext::Parse(malformed, promtext::Format::kPrometheusText004);
  ASSERT_FALSE(direct.ok());
  ASSERT_EQ(direct.error().line, 3);

  EndpointScrape scrape = ScrapeOne("/text/metrics");
  ASSERT_FALSE(scrape.snapshot.ok());
  EXPECT_EQ(scrape.snapshot.error().code, "malformed_exposition");
  EXPECT_EQ(scrape.snapshot.error().message,
            "GET " + nginx_->Url("/text/metrics") +
                ": malformed text 0.0.4 exposition: " + direct.error().ToString());
  EXPECT_THAT(scrape.snapshot.error().message, HasSubstr("exposition: 3:"));
}

TEST_F(NginxScrapeTest, DeltaBetweenScrapesAndResetThroughCreated) {
  Scraper scraper({nginx_->Url("/om/metrics"), nginx_->Url("/text/metrics")}, ScrapeOptions{});
  const promtext::Selector attempts =
      MustParseSelector("gateway_write_through_attempts_total{path=\"/v1/session/message\"}");
  const ScrapeSet before = scraper.ScrapeAll();
  ASSERT_TRUE(before.AllOk());

  nginx_->WriteFile("om/metrics", GatewayExposition(180, "1.7e+09"));
  const ScrapeSet grown = scraper.ScrapeAll();
  Result<CounterDelta> delta = DeltaOf(before, grown, attempts);
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_DOUBLE_EQ(delta->value, 60);
  EXPECT_FALSE(delta->reset);

  // The gateway restarted and already counted past the old value: only _created tells.
  nginx_->WriteFile("om/metrics", GatewayExposition(200, "1.7000001e+09"));
  const ScrapeSet restarted = scraper.ScrapeAll();
  delta = DeltaOf(grown, restarted, attempts);
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_TRUE(delta->reset);
  EXPECT_THAT(delta->reset_detail, HasSubstr("was re-created (_created " + ValueText(1.7e9) +
                                             " -> " + ValueText(1.7000001e9) + ")"));
}

TEST_F(NginxScrapeTest, OneFailedEndpointDoesNotHideTheOthers) {
  Scraper scraper({nginx_->Url("/text/metrics"), nginx_->Url("/fail")}, ScrapeOptions{});
  const ScrapeSet set = scraper.ScrapeAll();
  ASSERT_EQ(set.endpoints.size(), 2u);
  EXPECT_TRUE(set.endpoints[0].snapshot.ok());
  EXPECT_FALSE(set.endpoints[1].snapshot.ok());
  EXPECT_FALSE(set.AllOk());
  EXPECT_EQ(SumAcross(set, MustParseSelector("memory_replicator_lag_seconds")), 0.42);
}

TEST(ScrapeFailureTest, UnreachableEndpointIsAnError) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(testing::PickFreePort()) + "/metrics";
  Scraper scraper({url}, ScrapeOptions{});
  const ScrapeSet set = scraper.ScrapeAll();
  ASSERT_FALSE(set.endpoints[0].snapshot.ok());
  const Error& error = set.endpoints[0].snapshot.error();
  EXPECT_EQ(error.code, "unreachable");
  EXPECT_THAT(error.message, StartsWith("GET " + url + ": "));
  EXPECT_THAT(error.message, HasSubstr("Couldn't connect to server"));
}

TEST(ScrapeFailureTest, SilentEndpointTimesOut) {
  const auto silent = testing::LoopbackPort::Silent();
  const std::string url = silent.Url() + "/metrics";
  ScrapeOptions options;
  options.timeout = std::chrono::milliseconds(300);
  Scraper scraper({url}, options);
  const ScrapeSet set = scraper.ScrapeAll();
  ASSERT_FALSE(set.endpoints[0].snapshot.ok());
  EXPECT_EQ(set.endpoints[0].snapshot.error().code, "timeout");
  EXPECT_THAT(set.endpoints[0].snapshot.error().message,
              StartsWith("GET " + url + ": timed out: "));
  EXPECT_GE(set.endpoints[0].took, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace slogate::scrape
