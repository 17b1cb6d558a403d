#include "slogate/rules/bucket_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "slogate/promtext/parser.h"

namespace slogate::rules {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

const std::vector<double> kBounds = {0.1, 0.25, 0.5, 1};

TEST(BucketWarningTest, AThresholdOnABoundaryNeedsNoWarning) {
  EXPECT_EQ(BucketWarning(milliseconds(250), kBounds), std::nullopt);
  EXPECT_EQ(BucketWarning(milliseconds(1000), kBounds), std::nullopt);
}

TEST(BucketWarningTest, AThresholdBetweenBucketsNamesThemAndTheBoundaryToAdd) {
  EXPECT_EQ(BucketWarning(milliseconds(300), kBounds),
            "p95 threshold 300 ms lies between buckets 250 ms and 500 ms: histogram_quantile "
            "interpolates linearly inside a bucket, so the alert can fire or stay silent wrongly "
            "by up to the bucket's width; add a 0.3 bucket");
}

TEST(BucketWarningTest, BelowTheFirstBucketInterpolatesFromZero) {
  EXPECT_THAT(BucketWarning(milliseconds(50), kBounds).value_or(""),
              HasSubstr("lies between buckets 0 ms and 100 ms"));
}

TEST(BucketWarningTest, AboveTheLargestBucketTheAlertCanNeverFire) {
  EXPECT_EQ(BucketWarning(milliseconds(1500), kBounds),
            "p95 threshold 1500 ms lies above the largest bucket 1000 ms: histogram_quantile "
            "answers at most 1000 ms there, so the alert can never fire; add a 1.5 bucket");
  EXPECT_THAT(BucketWarning(milliseconds(150), {}).value_or(""),
              HasSubstr("has no finite bucket"));
}

TEST(LatencyBucketBoundsTest, ReadsTheFiniteBoundariesOverEverySeries) {
  Result<promtext::Snapshot> snapshot = promtext::Parse(
      "# TYPE gateway_request_seconds histogram\n"
      "gateway_request_seconds_bucket{status=\"200\",le=\"0.15\"} 3\n"
      "gateway_request_seconds_bucket{status=\"200\",le=\"0.3\"} 4\n"
      "gateway_request_seconds_bucket{status=\"200\",le=\"+Inf\"} 4\n"
      "gateway_request_seconds_sum{status=\"200\"} 0.5\n"
      "gateway_request_seconds_count{status=\"200\"} 4\n",
      promtext::Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  Result<std::vector<double>> bounds = LatencyBucketBounds(*snapshot);
  ASSERT_TRUE(bounds.ok()) << bounds.error().ToString();
  EXPECT_EQ(*bounds, (std::vector<double>{0.15, 0.3}));
}

TEST(LatencyBucketBoundsTest, AnExpositionWithoutTheHistogramSaysSo) {
  Result<promtext::Snapshot> snapshot =
      promtext::Parse("gateway_dlq_depth 0\n", promtext::Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok());
  Result<std::vector<double>> bounds = LatencyBucketBounds(*snapshot);
  ASSERT_FALSE(bounds.ok());
  EXPECT_EQ(bounds.error().code, "no_buckets");
}

}  // namespace
}  // namespace slogate::rules
