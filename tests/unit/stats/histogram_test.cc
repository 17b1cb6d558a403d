#include "slogate/stats/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace slogate::stats {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

int64_t PowerOfTen(int digits) {
  int64_t power = 1;
  for (int i = 0; i < digits; ++i) power *= 10;
  return power;
}

// ---------------------------------------------------------------------------------------------
// Accuracy against exact nearest-rank percentiles of known data.

struct AccuracyCase {
  std::string name;
  std::string distribution;  // "uniform", "exponential", "bimodal"
  int digits;
};

std::vector<int64_t> Sample(const std::string& distribution, size_t n) {
  std::mt19937_64 rng(20260611);
  std::vector<int64_t> values;
  values.reserve(n);
  std::uniform_int_distribution<int64_t> uniform(1'000, 2'000'000'000);
  std::exponential_distribution<double> exponential(1.0 / 5e6);  // mean 5 ms
  std::normal_distribution<double> fast(1e6, 1e5);               // ~1 ms
  std::normal_distribution<double> slow(5e8, 5e7);               // ~500 ms
  std::bernoulli_distribution is_slow(0.1);
  for (size_t i = 0; i < n; ++i) {
    double value = 0;
    if (distribution == "uniform") {
      value = static_cast<double>(uniform(rng));
    } else if (distribution == "exponential") {
      value = exponential(rng);
    } else {
      value = is_slow(rng) ? slow(rng) : fast(rng);
    }
    values.push_back(std::clamp<int64_t>(std::llround(value), 1'000, 60'000'000'000));
  }
  std::sort(values.begin(), values.end());
  return values;
}

class HistogramAccuracyTest : public ::testing::TestWithParam<AccuracyCase> {};

TEST_P(HistogramAccuracyTest, PercentilesWithinRelativeErrorOfExactNearestRank) {
  const AccuracyCase& param = GetParam();
  const std::vector<int64_t> sorted = Sample(param.distribution, 100'000);
  Histogram histogram(HistogramRange{microseconds(1), seconds(60), param.digits});
  std::vector<int64_t> shuffled = sorted;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(7));
  for (int64_t value : shuffled) histogram.Record(nanoseconds(value));

  const int64_t n = static_cast<int64_t>(sorted.size());
  const double bound = 1.0 / static_cast<double>(PowerOfTen(param.digits));
  for (int64_t permille : {0, 1, 100, 500, 900, 950, 990, 999, 1000}) {
    // Nearest rank in integers: rank = max(1, ceil(permille * n / 1000)).
    const int64_t rank = std::max<int64_t>(1, (permille * n + 999) / 1000);
    const int64_t exact = sorted[static_cast<size_t>(rank - 1)];
    const int64_t reported = histogram.Percentile(static_cast<double>(permille) / 1000).count();
    EXPECT_GE(reported, exact) << "q=" << permille << "/1000";
    EXPECT_LT(static_cast<double>(reported - exact), bound * static_cast<double>(exact))
        << "q=" << permille << "/1000 exact=" << exact << " reported=" << reported;
  }
  EXPECT_EQ(histogram.Min().count(), sorted.front());
  EXPECT_EQ(histogram.Max().count(), sorted.back());
  long double sum = 0;
  for (int64_t value : sorted) sum += static_cast<long double>(value);
  EXPECT_NEAR(static_cast<double>(histogram.Mean().count()), static_cast<double>(sum / n), 1.0);
  EXPECT_EQ(histogram.count(), sorted.size());
  EXPECT_EQ(histogram.clamped_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Distributions, HistogramAccuracyTest,
                         ::testing::Values(AccuracyCase{"Uniform3Digits", "uniform", 3},
                                           AccuracyCase{"Exponential3Digits", "exponential", 3},
                                           AccuracyCase{"Bimodal3Digits", "bimodal", 3},
                                           AccuracyCase{"Uniform1Digit", "uniform", 1},
                                           AccuracyCase{"Exponential2Digits", "exponential", 2},
                                           AccuracyCase{"Bimodal4Digits", "bimodal", 4},
                                           AccuracyCase{"Exponential5Digits", "exponential", 5}),
                         [](const ::testing::TestParamInfo<AccuracyCase>& param_info) {
                           return param_info.param.name;
                         });

// ---------------------------------------------------------------------------------------------
// Bucket geometry: every value's bucket is exact (1 ns wide) or at most value / 10^digits wide.

struct GeometryCase {
  std::string name;
  HistogramRange range;
};

class HistogramGeometryTest : public ::testing::TestWithParam<GeometryCase> {};

TEST_P(HistogramGeometryTest, BucketsAreNarrowerThanThePrecisionEverywhere) {
  const HistogramRange range = GetParam().range;
  const Histogram histogram(range);
  const int64_t power = PowerOfTen(range.significant_digits);
  std::mt19937_64 rng(11);
  // Log-uniform probes across the range plus both ends.
  std::uniform_real_distribution<double> exponent(
      std::log(static_cast<double>(range.lowest.count())),
      std::log(static_cast<double>(range.highest.count())));
  std::vector<int64_t> probes = {range.lowest.count(), range.highest.count()};
  for (int i = 0; i < 20'000; ++i) probes.push_back(std::llround(std::exp(exponent(rng))));
  for (int64_t value : probes) {
    value = std::clamp(value, range.lowest.count(), range.highest.count());
    const int64_t low = histogram.LowestEquivalent(nanoseconds(value)).count();
    const int64_t high = histogram.HighestEquivalent(nanoseconds(value)).count();
    ASSERT_LE(low, value);
    ASSERT_GE(high, value);
    const int64_t width = high - low + 1;
    if (width > 1) {
      ASSERT_LE(width * power, value) << "value " << value;
    }
  }
}

TEST_P(HistogramGeometryTest, MemoryDoesNotGrowWithTheCount) {
  Histogram histogram(GetParam().range);
  const size_t buckets = histogram.bucket_count();
  histogram.RecordCount(GetParam().range.highest, 1'000'000'000);
  for (int i = 0; i < 100'000; ++i) histogram.Record(GetParam().range.lowest + nanoseconds(i));
  EXPECT_EQ(histogram.bucket_count(), buckets);
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, HistogramGeometryTest,
    ::testing::Values(GeometryCase{"Default", HistogramRange{}},
                      GeometryCase{"Nanoseconds1Digit", {nanoseconds(1), seconds(1), 1}},
                      GeometryCase{"Milliseconds3Digits", {milliseconds(1), seconds(3600), 3}},
                      GeometryCase{"OddLowest2Digits", {nanoseconds(777), seconds(10), 2}},
                      GeometryCase{"Microseconds5Digits", {microseconds(1), seconds(60), 5}}),
    [](const ::testing::TestParamInfo<GeometryCase>& param_info) { return param_info.param.name; });

TEST(HistogramTest, DefaultRangeUsesAFewHundredKilobytes) {
  const Histogram histogram;
  EXPECT_LT(histogram.bucket_count() * sizeof(uint64_t), size_t{256 * 1024});
}

// Pages are allocated where values fall: none for an empty histogram (a run result carries
// several that often stay empty), one page (8 KiB at 3 digits) per doubling the values span.
TEST(HistogramTest, OnlyThePagesValuesFellInAreAllocated) {
  Histogram histogram;
  EXPECT_EQ(histogram.allocated_bytes(), 0u);
  histogram.Record(milliseconds(10));
  histogram.Record(microseconds(10'500));
  EXPECT_EQ(histogram.allocated_bytes(), size_t{1024} * sizeof(uint64_t));
  histogram.Record(seconds(5));
  EXPECT_EQ(histogram.allocated_bytes(), size_t{2048} * sizeof(uint64_t));
  Histogram merged;
  ASSERT_TRUE(merged.Merge(Histogram()).ok());
  EXPECT_EQ(merged.allocated_bytes(), 0u);
  ASSERT_TRUE(merged.Merge(histogram).ok());
  EXPECT_EQ(merged.allocated_bytes(), histogram.allocated_bytes());
  const Result<Histogram> decoded = Histogram::Deserialize(histogram.Serialize());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->allocated_bytes(), histogram.allocated_bytes());
}

TEST(HistogramTest, EqualityDoesNotDependOnWhichPagesAreAllocated) {
  Histogram reset;
  reset.Record(seconds(1));
  reset.Reset();
  EXPECT_GT(reset.allocated_bytes(), 0u);
  EXPECT_EQ(reset, Histogram());
  reset.Record(milliseconds(3));
  Histogram fresh;
  fresh.Record(milliseconds(3));
  EXPECT_EQ(reset, fresh);
  fresh.Record(milliseconds(3));
  EXPECT_NE(reset, fresh);
}

// ---------------------------------------------------------------------------------------------
// Boundaries and clamping.

struct BoundaryCase {
  std::string name;
  int64_t value_ns;
  int64_t recorded_ns;
  bool clamped;
};

class HistogramBoundaryTest : public ::testing::TestWithParam<BoundaryCase> {};

TEST_P(HistogramBoundaryTest, RecordsClampedValueAndCountsClamping) {
  Histogram histogram;  // 1 us .. 60 s
  histogram.Record(nanoseconds(GetParam().value_ns));
  EXPECT_EQ(histogram.count(), 1u);
  EXPECT_EQ(histogram.clamped_count(), GetParam().clamped ? 1u : 0u);
  EXPECT_EQ(histogram.Min().count(), GetParam().recorded_ns);
  EXPECT_EQ(histogram.Max().count(), GetParam().recorded_ns);
  EXPECT_EQ(histogram.Mean().count(), GetParam().recorded_ns);
  EXPECT_EQ(histogram.Percentile(0.0).count(), GetParam().recorded_ns);
  EXPECT_EQ(histogram.Percentile(1.0).count(), GetParam().recorded_ns);
}

INSTANTIATE_TEST_SUITE_P(
    Values, HistogramBoundaryTest,
    ::testing::Values(BoundaryCase{"Zero", 0, 1'000, true},
                      BoundaryCase{"Negative", -5, 1'000, true},
                      BoundaryCase{"JustBelowLowest", 999, 1'000, true},
                      BoundaryCase{"Lowest", 1'000, 1'000, false},
                      BoundaryCase{"Highest", 60'000'000'000, 60'000'000'000, false},
                      BoundaryCase{"JustAboveHighest", 60'000'000'001, 60'000'000'000, true},
                      BoundaryCase{"Int64Max", std::numeric_limits<int64_t>::max(), 60'000'000'000,
                                   true}),
    [](const ::testing::TestParamInfo<BoundaryCase>& param_info) { return param_info.param.name; });

TEST(HistogramTest, EmptyHistogramReportsZeros) {
  const Histogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.Percentile(0.5), nanoseconds(0));
  EXPECT_EQ(histogram.Min(), nanoseconds(0));
  EXPECT_EQ(histogram.Max(), nanoseconds(0));
  EXPECT_EQ(histogram.Mean(), nanoseconds(0));
}

TEST(HistogramTest, PercentileUsesNearestRankAndClampsQuantile) {
  Histogram histogram;
  for (int i = 1; i <= 100; ++i) histogram.Record(microseconds(i));
  // Values up to 100 us sit in buckets of width <= 64 ns; nearest rank of 0.95 is the 95th.
  EXPECT_EQ(histogram.Percentile(0.95), histogram.HighestEquivalent(microseconds(95)));
  EXPECT_EQ(histogram.Percentile(0.951), histogram.HighestEquivalent(microseconds(96)));
  EXPECT_EQ(histogram.Percentile(0.5), histogram.HighestEquivalent(microseconds(50)));
  EXPECT_EQ(histogram.Percentile(-1.0), histogram.HighestEquivalent(microseconds(1)));
  EXPECT_EQ(histogram.Percentile(std::nan("")), histogram.HighestEquivalent(microseconds(1)));
  EXPECT_EQ(histogram.Percentile(2.0), microseconds(100));
}

TEST(HistogramTest, PercentileNeverExceedsMax) {
  Histogram histogram;
  histogram.Record(nanoseconds(123'456'789));
  EXPECT_GT(histogram.HighestEquivalent(nanoseconds(123'456'789)), nanoseconds(123'456'789));
  EXPECT_EQ(histogram.Percentile(0.99), nanoseconds(123'456'789));
}

TEST(HistogramTest, CountAboveCountsOnlyBucketsWhollyAboveTheValue) {
  Histogram histogram;
  for (int i = 1; i <= 100; ++i) histogram.Record(microseconds(i));
  histogram.Record(seconds(120));                          // clamped to the 60 s top
  EXPECT_EQ(histogram.CountAbove(microseconds(90)), 11u);  // 91..100 us and the clamped one
  EXPECT_EQ(histogram.CountAbove(nanoseconds(0)), 101u);
  EXPECT_EQ(histogram.CountAbove(seconds(60)), 0u);
  EXPECT_EQ(Histogram().CountAbove(microseconds(1)), 0u);
}

TEST(HistogramTest, RecordCountEqualsRepeatedRecord) {
  Histogram once;
  Histogram repeated;
  once.RecordCount(milliseconds(3), 1000);
  once.RecordCount(milliseconds(4), 0);
  for (int i = 0; i < 1000; ++i) repeated.Record(milliseconds(3));
  EXPECT_EQ(once, repeated);
  EXPECT_EQ(once.count(), 1000u);
}

TEST(HistogramTest, MeanIsExactForSumsBeyondSixtyFourBits) {
  Histogram histogram;
  histogram.RecordCount(seconds(60), uint64_t{1} << 40);  // sum ~ 6.6e22 ns > 2^64
  histogram.RecordCount(seconds(20), uint64_t{1} << 40);
  EXPECT_EQ(histogram.Mean(), seconds(40));
}

TEST(HistogramTest, ResetEmptiesEverything) {
  Histogram histogram;
  histogram.Record(seconds(100));
  histogram.Reset();
  EXPECT_EQ(histogram, Histogram());
}

// ---------------------------------------------------------------------------------------------
// Merge.

TEST(HistogramMergeTest, MergeOfPartsEqualsHistogramOfAll) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> latency(14.0, 2.0);
  Histogram all;
  Histogram parts[3];
  for (int i = 0; i < 30'000; ++i) {
    const nanoseconds value(std::llround(latency(rng)));
    all.Record(value);
    parts[i % 3].Record(value);
  }
  Histogram merged;
  for (const Histogram& part : parts) ASSERT_TRUE(merged.Merge(part).ok());
  EXPECT_EQ(merged, all);
  EXPECT_GT(all.clamped_count(), 0u);  // the lognormal tail reaches past 60 s
}

TEST(HistogramMergeTest, MergingEmptyChangesNothing) {
  Histogram histogram;
  histogram.Record(milliseconds(5));
  const Histogram before = histogram;
  ASSERT_TRUE(histogram.Merge(Histogram()).ok());
  EXPECT_EQ(histogram, before);
}

TEST(HistogramMergeTest, RangeMismatchIsAnErrorAndLeavesTargetUnchanged) {
  Histogram histogram;
  histogram.Record(milliseconds(5));
  const Histogram before = histogram;
  Histogram other(HistogramRange{microseconds(1), seconds(60), 2});
  other.Record(milliseconds(7));
  const Status status = histogram.Merge(other);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "histogram_range_mismatch");
  EXPECT_NE(status.error().message.find("2 significant digits"), std::string::npos)
      << status.error().message;
  EXPECT_EQ(histogram, before);
}

// ---------------------------------------------------------------------------------------------
// Invalid ranges.

struct BadRangeCase {
  std::string name;
  HistogramRange range;
  std::string message_part;
};

class HistogramBadRangeTest : public ::testing::TestWithParam<BadRangeCase> {};

TEST_P(HistogramBadRangeTest, ValidateNamesTheFieldAndConstructorThrows) {
  const Status status = ValidateRange(GetParam().range);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "bad_histogram_range");
  EXPECT_NE(status.error().message.find(GetParam().message_part), std::string::npos)
      << status.error().message;
  EXPECT_THROW(Histogram{GetParam().range}, std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, HistogramBadRangeTest,
    ::testing::Values(
        BadRangeCase{"ZeroLowest", {nanoseconds(0), seconds(1), 3}, "lowest must be > 0"},
        BadRangeCase{"HighestEqualsLowest", {seconds(1), seconds(1), 3}, "greater than lowest"},
        BadRangeCase{"HighestTooLarge",
                     {seconds(1), nanoseconds(Histogram::kMaxHighestNs + 1), 3},
                     "highest must be <="},
        BadRangeCase{"ZeroDigits", {microseconds(1), seconds(1), 0}, "significant_digits"},
        BadRangeCase{"SixDigits", {microseconds(1), seconds(1), 6}, "significant_digits"}),
    [](const ::testing::TestParamInfo<BadRangeCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::stats
