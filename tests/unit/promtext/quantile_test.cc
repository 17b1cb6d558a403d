#include "slogate/promtext/quantile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <string>

#include "slogate/promtext/parser.h"
#include "test_formats.h"

namespace slogate::promtext {
namespace {

using test::kInf;


// 10 observations: 2 <= 0.1, 6 <= 0.5, 9 <= 1, 10 in total.
const std::vector<Bucket> kBuckets = {{0.1, 2}, {0.5, 6}, {1, 9}, {kInf, 10}};

struct QuantileCase {
  std::string name;
  double q;
  std::vector<Bucket> buckets;
  double expected;
};
void PrintTo(const QuantileCase& c, std::ostream* os) { *os << c.name; }

class HistogramQuantileTest : public testing::TestWithParam<QuantileCase> {};

TEST_P(HistogramQuantileTest, FollowsPromQl) {
  const Result<double> value = HistogramQuantile(GetParam().q, GetParam().buckets);
  ASSERT_TRUE(value.ok()) << value.error().ToString();
  if (std::isnan(GetParam().expected)) {
    EXPECT_TRUE(std::isnan(*value)) << *value;
  } else {
    EXPECT_DOUBLE_EQ(*value, GetParam().expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HistogramQuantileTest,
    testing::Values(
        // rank 5 lies in (0.1, 0.5]: 0.1 + 0.4 * (5 - 2) / 4.
        QuantileCase{"Median", 0.5, kBuckets, 0.4},
        // rank 1 lies in the first bucket, interpolated from 0.
        QuantileCase{"LowestBucketFromZero", 0.1, kBuckets, 0.05},
        // rank 9.5 lies in the +Inf bucket: the highest finite bound.
        QuantileCase{"InInfBucket", 0.95, kBuckets, 1},
        QuantileCase{"Unsorted", 0.5, {{kInf, 10}, {1, 9}, {0.1, 2}, {0.5, 6}}, 0.4},
        QuantileCase{"NegativeLowestBound", 0.1, {{-1, 5}, {kInf, 10}}, -1},
        QuantileCase{"EqualBoundsMerged", 0.5, {{1, 1}, {1, 1}, {kInf, 2}, {kInf, 2}}, 1},
        QuantileCase{"NonMonotonicFixed", 0.5, {{1, 4}, {2, 3}, {kInf, 4}}, 0.5},
        QuantileCase{"QBelowZero", -0.1, kBuckets, -kInf},
        QuantileCase{"QAboveOne", 1.1, kBuckets, kInf}, QuantileCase{"QNan", NAN, kBuckets, NAN},
        QuantileCase{"NoObservations", 0.5, {{1, 0}, {kInf, 0}}, NAN},
        QuantileCase{"OnlyInfBucket", 0.5, {{kInf, 3}}, NAN}),
    [](const testing::TestParamInfo<QuantileCase>& param_info) { return param_info.param.name; });

TEST(HistogramQuantileErrorTest, RequiresInfBucket) {
  const Result<double> value = HistogramQuantile(0.5, {{1, 1}, {2, 2}});
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().code, "missing_inf_bucket");
}

TEST(HistogramQuantileErrorTest, RequiresBuckets) {
  const Result<double> value = HistogramQuantile(0.5, {});
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().code, "no_buckets");
}

TEST(CollectBucketsTest, SumsMatchingSeriesPerLe) {
  const Result<Snapshot> snapshot = Parse(
      "# TYPE lat histogram\n"
      "lat_bucket{route=\"/a\",le=\"0.1\"} 1\nlat_bucket{route=\"/a\",le=\"+Inf\"} 3\n"
      "lat_bucket{route=\"/b\",le=\"0.1\"} 2\nlat_bucket{route=\"/b\",le=\"+Inf\"} 2\n"
      "lat_bucket{route=\"/c\",le=\"0.1\"} 50\nlat_bucket{route=\"/c\",le=\"+Inf\"} 50\n"
      "lat_count{route=\"/a\"} 3\n",
      Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  const Result<Selector> selector = Selector::Parse("lat_bucket{route=~\"/a|/b\"}");
  ASSERT_TRUE(selector.ok());
  const Result<std::vector<Bucket>> buckets = CollectBuckets(*snapshot, *selector);
  ASSERT_TRUE(buckets.ok()) << buckets.error().ToString();
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].upper_bound, 0.1);
  EXPECT_EQ((*buckets)[0].cumulative_count, 3);
  EXPECT_EQ((*buckets)[1].upper_bound, kInf);
  EXPECT_EQ((*buckets)[1].cumulative_count, 5);
}

TEST(CollectBucketsTest, ReportsNothingMatchingAndMissingLe) {
  const Result<Snapshot> snapshot = Parse("lat_count 3\n", Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok());
  const Result<std::vector<Bucket>> none =
      CollectBuckets(*snapshot, *Selector::Parse("lat_bucket"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "no_buckets");
  const Result<std::vector<Bucket>> no_le =
      CollectBuckets(*snapshot, *Selector::Parse("lat_count"));
  ASSERT_FALSE(no_le.ok());
  EXPECT_EQ(no_le.error().code, "bad_le");
}

}  // namespace
}  // namespace slogate::promtext
