// Expositions written by real client libraries parse cleanly: prometheus-cpp's serializer
// (run here) and prometheus_client for Python (fixtures captured from version 0.16).
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/summary.h>
#include <prometheus/text_serializer.h>

#include <fstream>
#include <iterator>
#include <limits>
#include <string>

#include "slogate/promtext/parser.h"
#include "slogate/promtext/quantile.h"
#include "slogate/promtext/selector.h"

namespace slogate::promtext {
namespace {

std::string ReadFixture(const std::string& relative) {
  std::ifstream file(std::string(SLOGATE_METRICS_FIXTURES) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(file.good()) << relative;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

TEST(ClientOutputTest, PrometheusCppSerializerOutputParsesWithoutWarnings) {
  prometheus::Registry registry;
  auto& requests = prometheus::BuildCounter()
                       .Name("gateway_requests_total")
                       .Help("Requests, by route and code.")
                       .Register(registry);
  requests.Add({{"route", "/v1/session/message"}, {"code", "200"}}).Increment(41);
  requests.Add({{"route", "/quote\"back\\slash\nnewline"}, {"code", "500"}}).Increment(2);
  auto& lag = prometheus::BuildGauge().Name("replica_lag_seconds").Help("Lag.").Register(registry);
  lag.Add({}).Set(-std::numeric_limits<double>::infinity());
  auto& latency =
      prometheus::BuildHistogram().Name("request_seconds").Help("Latency.").Register(registry);
  auto& histogram = latency.Add({{"route", "/a"}}, prometheus::Histogram::BucketBoundaries{0.1, 1});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(5);
  auto& sizes = prometheus::BuildSummary().Name("payload_bytes").Help("Sizes.").Register(registry);
  sizes.Add({}, prometheus::Summary::Quantiles{{0.5, 0.05}, {0.99, 0.001}}).Observe(512);

  const std::string text = prometheus::TextSerializer().Serialize(registry.Collect());
  const Result<Snapshot> snapshot = Parse(text, Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString() << "\n" << text;
  EXPECT_TRUE(snapshot->warnings.empty()) << snapshot->warnings[0].message;
  EXPECT_EQ(Sum(*snapshot, *Selector::Parse("gateway_requests_total")), 43);
  EXPECT_EQ(
      Sum(*snapshot,
          *Selector::Parse("gateway_requests_total{route=\"/quote\\\"back\\\\slash\\nnewline\"}")),
      2);
  const auto buckets = CollectBuckets(*snapshot, *Selector::Parse("request_seconds_bucket"));
  ASSERT_TRUE(buckets.ok()) << buckets.error().ToString();
  EXPECT_DOUBLE_EQ(*HistogramQuantile(0.5, *buckets), 0.55);
}

TEST(ClientOutputTest, PythonClientText004ParsesWithoutWarnings) {
  const Result<Snapshot> snapshot =
      Parse(ReadFixture("text004/valid/python_client.prom"), Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  EXPECT_TRUE(snapshot->warnings.empty());
  const Family* requests = snapshot->FindFamily("gateway_requests_total");
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ(requests->help, "Requests by route.\nSecond line with a \\ backslash");
  EXPECT_EQ(Sum(*snapshot, *Selector::Parse("gateway_requests_total")), 44);
}

TEST(ClientOutputTest, PythonClientOpenMetricsParsesWithoutWarnings) {
  const Result<Snapshot> snapshot =
      Parse(ReadFixture("openmetrics/valid/python_client.txt"), Format::kOpenMetrics100);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  EXPECT_TRUE(snapshot->warnings.empty());
  const Family* requests = snapshot->FindFamily("gateway_requests");
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ(requests->type, MetricType::kCounter);
  EXPECT_EQ(Sum(*snapshot, *Selector::Parse("gateway_requests_total")), 44);
  const Family* state = snapshot->FindFamily("state");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(state->type, MetricType::kStateSet);
  const Family* build = snapshot->FindFamily("build");
  ASSERT_NE(build, nullptr);
  EXPECT_EQ(build->type, MetricType::kInfo);
}

}  // namespace
}  // namespace slogate::promtext
