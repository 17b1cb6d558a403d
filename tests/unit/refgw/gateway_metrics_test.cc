#include "gateway_metrics.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(GatewayMetricsTest, LabelledSeriesAppearOnFirstUse) {
  GatewayMetrics metrics;
  std::string before = metrics.Exposition();
  EXPECT_FALSE(Has(before, "gateway_write_through_attempts")) << before;
  metrics.RecordAttempt();
  metrics.RecordAttempt();
  metrics.RecordResult("ok");
  metrics.RecordWalResult("error");
  metrics.SetDlqDepth("memory.wal.dlq", 3);
  std::string after = metrics.Exposition();
  EXPECT_TRUE(Has(after, "gateway_write_through_attempts_total{path=\"/v1/session/message\"} 2\n"))
      << after;
  EXPECT_TRUE(
      Has(after,
          "gateway_write_through_results_total{path=\"/v1/session/message\",result=\"ok\"} 1\n"));
  EXPECT_TRUE(Has(after,
                  "gateway_write_through_wal_results_total{path=\"/v1/session/"
                  "message\",result=\"error\"} 1\n"));
  EXPECT_TRUE(Has(after, "gateway_dlq_depth{topic=\"memory.wal.dlq\"} 3\n"));
  EXPECT_FALSE(Has(after, "result=\"server_error\""));
}

TEST(GatewayMetricsTest, CountersCarryCreatedGauges) {
  GatewayMetrics metrics;
  metrics.RecordResult("client_error");
  std::string text = metrics.Exposition();
  EXPECT_TRUE(Has(text, "# TYPE gateway_write_through_results_created gauge\n"));
  EXPECT_TRUE(Has(text,
                  "gateway_write_through_results_created{path=\"/v1/session/"
                  "message\",result=\"client_error\"} "));
}

TEST(GatewayMetricsTest, ResetRestartsCountersAtZero) {
  GatewayMetrics metrics;
  metrics.RecordAttempt();
  metrics.Reset();
  EXPECT_FALSE(Has(metrics.Exposition(), "gateway_write_through_attempts_total{"));
  metrics.RecordAttempt();
  EXPECT_TRUE(Has(metrics.Exposition(),
                  "gateway_write_through_attempts_total{path=\"/v1/session/message\"} 1\n"));
}

TEST(GatewayMetricsTest, RequestHistogramIsLabelledByPathAndStatus) {
  GatewayMetrics metrics;
  metrics.ObserveRequest("/v1/sessions/message", 200, std::chrono::milliseconds(3));
  std::string text = metrics.Exposition();
  EXPECT_TRUE(
      Has(text, "gateway_request_seconds_count{path=\"/v1/sessions/message\",status=\"200\"} 1\n"))
      << text;
  EXPECT_TRUE(Has(text,
                  "gateway_request_seconds_bucket{path=\"/v1/sessions/"
                  "message\",status=\"200\",le=\"0.0025\"} 0\n"));
  EXPECT_TRUE(Has(text,
                  "gateway_request_seconds_bucket{path=\"/v1/sessions/"
                  "message\",status=\"200\",le=\"0.005\"} 1\n"));
}

}  // namespace
}  // namespace slogate::refgw
