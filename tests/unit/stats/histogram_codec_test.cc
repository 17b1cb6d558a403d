#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "slogate/common/base64url.h"
#include "slogate/stats/histogram.h"
#include "text_codec.h"

namespace slogate::stats {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

Histogram RandomHistogram(uint64_t seed, const HistogramRange& range, int values) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> latency(std::log(2e6), 2.5);
  std::uniform_int_distribution<uint64_t> repeat(1, 1000);
  Histogram histogram(range);
  for (int i = 0; i < values; ++i) {
    histogram.RecordCount(nanoseconds(std::llround(latency(rng))), repeat(rng));
  }
  return histogram;
}

// "shist1:<range>:" followed by the base64url of the given varints.
std::string Encode(std::initializer_list<uint64_t> varints,
                   const std::string& range = "1000:60000000000:3") {
  std::string bytes;
  for (uint64_t value : varints) codec::AppendVarint(value, bytes);
  return "shist1:" + range + ":" + base64url::Encode(bytes);
}

// ---------------------------------------------------------------------------------------------
// Round trips.

struct RoundTripCase {
  std::string name;
  HistogramRange range;
  int values;
};

class HistogramRoundTripTest : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(HistogramRoundTripTest, DeserializeOfSerializeEqualsOriginal) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const Histogram original = RandomHistogram(seed, GetParam().range, GetParam().values);
    const std::string text = original.Serialize();
    // Wide ranges need more buckets than a stored histogram may have; the codec holds them.
    const auto decoded = Histogram::Deserialize(text, size_t{1} << 23);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message << " for " << text.substr(0, 80);
    EXPECT_EQ(*decoded, original);
    EXPECT_EQ(decoded->Percentile(0.99), original.Percentile(0.99));
    EXPECT_EQ(decoded->Mean(), original.Mean());
    EXPECT_EQ(decoded->Serialize(), text);
    // JSON- and URL-safe characters only.
    EXPECT_EQ(text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789:-_"),
              std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Histograms, HistogramRoundTripTest,
    ::testing::Values(RoundTripCase{"Empty", HistogramRange{}, 0},
                      RoundTripCase{"OneValue", HistogramRange{}, 1},
                      RoundTripCase{"ManyValues", HistogramRange{}, 20'000},
                      RoundTripCase{"ClampedBothEnds", {milliseconds(1), seconds(1), 2}, 5'000},
                      RoundTripCase{"FiveDigits", {nanoseconds(1), seconds(600), 5}, 5'000}),
    [](const ::testing::TestParamInfo<RoundTripCase>& param_info) {
      return param_info.param.name;
    });

TEST(HistogramCodecTest, HugeCountsAndSumsRoundTrip) {
  Histogram histogram;
  histogram.RecordCount(seconds(60), uint64_t{1} << 62);
  histogram.RecordCount(microseconds(1), (uint64_t{1} << 62) - 1);
  const auto decoded = Histogram::Deserialize(histogram.Serialize());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, histogram);
}

TEST(HistogramCodecTest, EncodingIsCompactForTypicalRuns) {
  // 100k latencies around 1 ms: a few hundred occupied buckets, not 27k.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> latency(1e6, 1e5);
  Histogram histogram;
  for (int i = 0; i < 100'000; ++i) histogram.Record(nanoseconds(std::llround(latency(rng))));
  EXPECT_LT(histogram.Serialize().size(), size_t{4096});
}

TEST(HistogramCodecTest, MutatedEncodingsAreRejectedOrSelfConsistent) {
  const std::string valid = RandomHistogram(9, HistogramRange{}, 200).Serialize();
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<size_t> position(0, valid.size() - 1);
  std::uniform_int_distribution<int> character(32, 126);
  int rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = valid;
    mutated[position(rng)] = static_cast<char>(character(rng));
    const auto decoded = Histogram::Deserialize(mutated);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.error().code, "bad_histogram");
      ++rejected;
      continue;
    }
    const auto again = Histogram::Deserialize(decoded->Serialize());
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again, *decoded);
  }
  EXPECT_GT(rejected, 1000);
}

// ---------------------------------------------------------------------------------------------
// Corrupt input: each case must fail with a message that says what is wrong.

struct CorruptCase {
  std::string name;
  std::string text;
  std::string message_part;
};

class HistogramCorruptInputTest : public ::testing::TestWithParam<CorruptCase> {};

TEST_P(HistogramCorruptInputTest, ReturnsBadHistogramNamingTheProblem) {
  const auto decoded = Histogram::Deserialize(GetParam().text);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, "bad_histogram");
  EXPECT_NE(decoded.error().message.find(GetParam().message_part), std::string::npos)
      << decoded.error().message;
}

// Header varints: clamped, min, max, sum_low, sum_high; then (gap, count) pairs.
// 1000 ns sits in bucket 1000; 2000 ns in bucket 2000 (both below 2048: exact buckets).
INSTANTIATE_TEST_SUITE_P(
    Encodings, HistogramCorruptInputTest,
    ::testing::Values(
        CorruptCase{"Empty", "", "start with 'shist1:'"},
        CorruptCase{"WrongPrefix", "hist1:1000:60000000000:3:AAAAAA", "start with 'shist1:'"},
        CorruptCase{"MissingField", "shist1:1000:60000000000:3", "field 'significant_digits'"},
        CorruptCase{"NotANumber", "shist1:1k:60000000000:3:AAAAAA", "'lowest_ns'"},
        CorruptCase{"NegativeNumber", "shist1:1000:-6:3:AAAAAA", "'highest_ns'"},
        CorruptCase{"BadRange", "shist1:1000:60000000000:9:AAAAAA", "significant_digits"},
        // 5 digits over 52 days: ~4.7M buckets, 37 MiB once a value falls in every page.
        CorruptCase{"RangeTooWide", "shist1:1:4503599627370496:5:AAAAAA",
                    "needs 4718593 buckets, more than the 131072 a stored histogram may have "
                    "(1us..1m at 3 significant digits, what slogate records, needs 27389)"},
        CorruptCase{"BadBase64Character", "shist1:1000:60000000000:3:AA!AAA", "offset 2"},
        CorruptCase{"ImpossibleBase64Length", "shist1:1000:60000000000:3:AAAAA", "length 5"},
        CorruptCase{"NonZeroPaddingBits", "shist1:1000:60000000000:3:AAAAAB", "padding bits"},
        CorruptCase{"TruncatedHeader", Encode({0, 0, 0}), "truncated or overlong header"},
        CorruptCase{"TruncatedBucket", Encode({0, 1000, 1000, 1000, 0, 1000}), "truncated bucket"},
        CorruptCase{"IndexBeyondRange", Encode({0, 1000, 1000, 1000, 0, 99'999'999, 1}),
                    "beyond the range"},
        CorruptCase{"ZeroCount", Encode({0, 1000, 1000, 0, 0, 1000, 0}), "zero bucket count"},
        CorruptCase{"CountOverflow", Encode({0, 1000, 2000, 0, 0, 1000, ~uint64_t{0}, 999, 1}),
                    "overflows"},
        CorruptCase{"OverlongVarint",
                    "shist1:1000:60000000000:3:" + base64url::Encode(std::string(11, '\xff')),
                    "overlong header varint"},
        CorruptCase{"ClampedExceedsTotal", Encode({2, 1000, 1000, 1000, 0, 1000, 1}),
                    "clamped count exceeds"},
        CorruptCase{"MinOutsideItsBucket", Encode({0, 1500, 2000, 3500, 0, 1000, 1, 999, 1}),
                    "min/max do not fall"},
        CorruptCase{"MaxAboveRange", Encode({0, 1000, 70'000'000'000, 1000, 0, 1000, 1}),
                    "outside the range"},
        CorruptCase{"SumTooSmall", Encode({0, 1000, 2000, 10, 0, 1000, 1, 999, 1}),
                    "sum is not between"},
        CorruptCase{"EmptyWithMinMax", Encode({0, 1000, 1000, 0, 0}), "non-zero min/max"},
        CorruptCase{"EmptyWithSum", Encode({0, 0, 0, 5, 0}), "non-zero sum"}),
    [](const ::testing::TestParamInfo<CorruptCase>& param_info) { return param_info.param.name; });

// ---------------------------------------------------------------------------------------------
// The byte helpers.

TEST(TextCodecTest, VarintsRoundTripAtEveryLength) {
  std::string bytes;
  std::vector<uint64_t> values;
  for (int bits = 0; bits < 64; ++bits) values.push_back((uint64_t{1} << bits) - 1);
  values.push_back(~uint64_t{0});
  for (uint64_t value : values) codec::AppendVarint(value, bytes);
  size_t offset = 0;
  for (uint64_t value : values) EXPECT_EQ(codec::ReadVarint(bytes, &offset), value);
  EXPECT_EQ(offset, bytes.size());
  EXPECT_FALSE(codec::ReadVarint(bytes, &offset).has_value());
}

}  // namespace
}  // namespace slogate::stats
