#include "slogate/scrape/delta.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "scrape_test_sets.h"
#include "slogate/promtext/selector.h"

namespace slogate::scrape {
namespace {

using ::testing::HasSubstr;
using testing::kGatewayUrl;
using testing::kReplicatorUrl;
using testing::MakeEndpoint;
using ::slogate::testing::MustParseSelector;
using testing::MakeSample;
using testing::MakeSet;
using testing::TestLabels;
using testing::TestSample;

const TestLabels kOk = {{"path", "/v1/session/message"}, {"result", "ok"}};
const TestLabels kError = {{"path", "/v1/session/message"}, {"result", "server_error"}};

struct DeltaCase {
  std::string name;
  std::vector<TestSample> before;
  std::vector<TestSample> after;
  std::string selector;
  double value;
  bool reset;
  std::string detail;  // a part of reset_detail; empty when there is no reset
};

class DeltaOfTest : public ::testing::TestWithParam<DeltaCase> {};

TEST_P(DeltaOfTest, ComputesIncreaseAndDetectsResets) {
  const DeltaCase& test = GetParam();
  Result<CounterDelta> delta =
      DeltaOf(MakeSet(test.before), MakeSet(test.after), MustParseSelector(test.selector));
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_DOUBLE_EQ(delta->value, test.value);
  EXPECT_EQ(delta->reset, test.reset);
  if (test.reset) {
    EXPECT_THAT(delta->reset_detail, HasSubstr(test.detail));
  } else {
    EXPECT_EQ(delta->reset_detail, "");
  }
}

const std::string kResults = "gateway_write_through_results_total";

INSTANTIATE_TEST_SUITE_P(
    Cases, DeltaOfTest,
    ::testing::Values(
        DeltaCase{"OneSeriesIncreases",
                  {MakeSample(kResults, kOk, 10)},
                  {MakeSample(kResults, kOk, 15)},
                  kResults,
                  5,
                  false,
                  ""},
        DeltaCase{"NoChangeIsZero",
                  {MakeSample(kResults, kOk, 7)},
                  {MakeSample(kResults, kOk, 7)},
                  kResults,
                  0,
                  false,
                  ""},
        DeltaCase{"SumsMatchingSeries",
                  {MakeSample(kResults, kOk, 10), MakeSample(kResults, kError, 1)},
                  {MakeSample(kResults, kOk, 20), MakeSample(kResults, kError, 3)},
                  kResults,
                  12,
                  false,
                  ""},
        DeltaCase{"LabelMatcherSelectsOneSeries",
                  {MakeSample(kResults, kOk, 10), MakeSample(kResults, kError, 1)},
                  {MakeSample(kResults, kOk, 20), MakeSample(kResults, kError, 3)},
                  kResults + "{result=\"ok\"}",
                  10,
                  false,
                  ""},
        DeltaCase{"SeriesFirstSeenAfterCountsFromZero",
                  {MakeSample(kResults, kOk, 10)},
                  {MakeSample(kResults, kOk, 10), MakeSample(kResults, kError, 4)},
                  kResults,
                  4,
                  false,
                  ""},
        DeltaCase{"NothingBeforeCountsFromZero",
                  {MakeSample("other_total", {}, 1)},
                  {MakeSample(kResults, kOk, 6)},
                  kResults,
                  6,
                  false,
                  ""},
        DeltaCase{"DecreaseIsReset",
                  {MakeSample(kResults, kOk, 10)},
                  {MakeSample(kResults, kOk, 3)},
                  kResults,
                  3,
                  true,
                  "gateway_write_through_results_total{path=\"/v1/session/message\","
                  "result=\"ok\"} at http://127.0.0.1:9400/metrics decreased from 10 to 3"},
        DeltaCase{"CreatedChangeIsReset",
                  {MakeSample(kResults, kOk, 10),
                   MakeSample("gateway_write_through_results_created", kOk, 1000)},
                  {MakeSample(kResults, kOk, 12),
                   MakeSample("gateway_write_through_results_created", kOk, 1060)},
                  kResults,
                  12,
                  true,
                  "was re-created (_created 1000 -> 1060)"},
        DeltaCase{"UnchangedCreatedIsNoReset",
                  {MakeSample(kResults, kOk, 10),
                   MakeSample("gateway_write_through_results_created", kOk, 1000)},
                  {MakeSample(kResults, kOk, 12),
                   MakeSample("gateway_write_through_results_created", kOk, 1000)},
                  kResults,
                  2,
                  false,
                  ""},
        DeltaCase{"CreatedSamplesAreNotCounted",
                  {MakeSample(kResults, kOk, 10),
                   MakeSample("gateway_write_through_results_created", kOk, 1000)},
                  {MakeSample(kResults, kOk, 12),
                   MakeSample("gateway_write_through_results_created", kOk, 1000)},
                  "{result=\"ok\"}",
                  2,
                  false,
                  ""},
        DeltaCase{"VanishedSeriesIsReset",
                  {MakeSample(kResults, kOk, 10), MakeSample(kResults, kError, 1)},
                  {MakeSample(kResults, kOk, 12)},
                  kResults,
                  2,
                  true,
                  "result=\"server_error\"} at http://127.0.0.1:9400/metrics vanished"},
        DeltaCase{"AllSeriesVanishedIsReset",
                  {MakeSample(kResults, kOk, 10)},
                  {MakeSample("process_start_time_seconds", {}, 5)},
                  kResults,
                  0,
                  true,
                  "vanished"},
        DeltaCase{"ManyResetsAreSummarised",
                  {MakeSample("c_total", {{"i", "1"}}, 5), MakeSample("c_total", {{"i", "2"}}, 5),
                   MakeSample("c_total", {{"i", "3"}}, 5), MakeSample("c_total", {{"i", "4"}}, 5),
                   MakeSample("c_total", {{"i", "5"}}, 5)},
                  {MakeSample("c_total", {{"i", "1"}}, 1), MakeSample("c_total", {{"i", "2"}}, 1),
                   MakeSample("c_total", {{"i", "3"}}, 1), MakeSample("c_total", {{"i", "4"}}, 1),
                   MakeSample("c_total", {{"i", "5"}}, 1)},
                  "c_total",
                  5,
                  true,
                  "; and 2 more series"}),
    [](const ::testing::TestParamInfo<DeltaCase>& param_info) { return param_info.param.name; });

TEST(DeltaOfTest, SeriesOfTwoEndpointsAreDistinct) {
  // The same name and labels on two endpoints are two series: one endpoint restarting must
  // not be hidden by the other one's growth.
  const TestSample before = MakeSample("events_total", {}, 10);
  ScrapeSet old_set =
      MakeSet({MakeEndpoint(kGatewayUrl, {before}), MakeEndpoint(kReplicatorUrl, {before})});
  ScrapeSet new_set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("events_total", {}, 2)}),
                               MakeEndpoint(kReplicatorUrl, {MakeSample("events_total", {}, 30)})});
  Result<CounterDelta> delta = DeltaOf(old_set, new_set, MustParseSelector("events_total"));
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_TRUE(delta->reset);
  EXPECT_DOUBLE_EQ(delta->value, 22);
  EXPECT_THAT(delta->reset_detail, HasSubstr("events_total at " + std::string(kGatewayUrl)));
}

TEST(DeltaOfTest, SumsAcrossEndpoints) {
  ScrapeSet old_set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("a_total", {}, 1)}),
                               MakeEndpoint(kReplicatorUrl, {MakeSample("a_total", {}, 2)})});
  ScrapeSet new_set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("a_total", {}, 4)}),
                               MakeEndpoint(kReplicatorUrl, {MakeSample("a_total", {}, 8)})});
  Result<CounterDelta> delta = DeltaOf(old_set, new_set, MustParseSelector("a_total"));
  ASSERT_TRUE(delta.ok()) << delta.error().message;
  EXPECT_FALSE(delta->reset);
  EXPECT_DOUBLE_EQ(delta->value, 9);
}

TEST(DeltaOfTest, MissingMetricIsAnError) {
  Result<CounterDelta> delta =
      DeltaOf(MakeSet({MakeSample("a_total", {}, 1)}), MakeSet({MakeSample("a_total", {}, 2)}),
              MustParseSelector("gateway_dlq_depth"));
  ASSERT_FALSE(delta.ok());
  EXPECT_EQ(delta.error().code, "missing_metric");
  EXPECT_EQ(delta.error().message, "no series matches gateway_dlq_depth in 1 scraped endpoint(s)");
}

TEST(DeltaOfTest, FailedScrapeIsAnError) {
  ScrapeSet failed = MakeSet({testing::MakeFailedEndpoint(
      kReplicatorUrl, "GET http://127.0.0.1:9412/metrics: Connection refused")});
  Result<CounterDelta> delta =
      DeltaOf(MakeSet({MakeSample("a_total", {}, 1)}), failed, MustParseSelector("a_total"));
  ASSERT_FALSE(delta.ok());
  EXPECT_EQ(delta.error().code, "scrape_failed");
  EXPECT_EQ(delta.error().message,
            "cannot compute a_total: the scrape after failed: GET "
            "http://127.0.0.1:9412/metrics: Connection refused");
}

TEST(DeltaOfTest, NaNCounterIsAnError) {
  Result<CounterDelta> delta =
      DeltaOf(MakeSet({MakeSample("a_total", {}, 1)}),
              MakeSet({MakeSample("a_total", {}, std::numeric_limits<double>::quiet_NaN())}),
              MustParseSelector("a_total"));
  ASSERT_FALSE(delta.ok());
  EXPECT_EQ(delta.error().code, "bad_counter_value");
  EXPECT_THAT(delta.error().message, HasSubstr("a_total at http://127.0.0.1:9400/metrics"));
}

std::vector<TestSample> Buckets(const std::string& name, const TestLabels& labels,
                                const std::vector<std::pair<std::string, double>>& counts) {
  std::vector<TestSample> samples;
  for (const auto& [le, count] : counts) {
    TestLabels with_le = labels;
    with_le.push_back({"le", le});
    samples.push_back(MakeSample(name, with_le, count));
  }
  return samples;
}

const std::string kBucket = "memory_replicator_replication_seconds_bucket";

TEST(BucketDeltaTest, SubtractsPerLeAndSumsSeries) {
  std::vector<TestSample> before =
      Buckets(kBucket, {{"a", "1"}}, {{"0.1", 5}, {"1", 8}, {"+Inf", 9}});
  std::vector<TestSample> other =
      Buckets(kBucket, {{"a", "2"}}, {{"0.1", 1}, {"1", 1}, {"+Inf", 1}});
  before.insert(before.end(), other.begin(), other.end());
  std::vector<TestSample> after =
      Buckets(kBucket, {{"a", "1"}}, {{"0.1", 15}, {"1", 28}, {"+Inf", 30}});
  other = Buckets(kBucket, {{"a", "2"}}, {{"0.1", 2}, {"1", 4}, {"+Inf", 5}});
  after.insert(after.end(), other.begin(), other.end());

  Result<std::vector<promtext::Bucket>> buckets =
      BucketDelta(MakeSet(before), MakeSet(after), MustParseSelector(kBucket));
  ASSERT_TRUE(buckets.ok()) << buckets.error().message;
  ASSERT_EQ(buckets->size(), 3u);
  EXPECT_DOUBLE_EQ((*buckets)[0].upper_bound, 0.1);
  EXPECT_DOUBLE_EQ((*buckets)[0].cumulative_count, 11);
  EXPECT_DOUBLE_EQ((*buckets)[1].upper_bound, 1);
  EXPECT_DOUBLE_EQ((*buckets)[1].cumulative_count, 23);
  EXPECT_TRUE(std::isinf((*buckets)[2].upper_bound));
  EXPECT_DOUBLE_EQ((*buckets)[2].cumulative_count, 25);
}

TEST(BucketDeltaTest, NewHistogramCountsFromZero) {
  Result<std::vector<promtext::Bucket>> buckets =
      BucketDelta(MakeSet({MakeSample("up", {}, 1)}),
                  MakeSet(Buckets(kBucket, {}, {{"0.5", 2}, {"+Inf", 3}})), MustParseSelector(kBucket));
  ASSERT_TRUE(buckets.ok()) << buckets.error().message;
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_DOUBLE_EQ((*buckets)[0].cumulative_count, 2);
  EXPECT_DOUBLE_EQ((*buckets)[1].cumulative_count, 3);
}

TEST(BucketDeltaTest, ResetIsAnError) {
  Result<std::vector<promtext::Bucket>> buckets =
      BucketDelta(MakeSet(Buckets(kBucket, {}, {{"0.5", 20}, {"+Inf", 30}})),
                  MakeSet(Buckets(kBucket, {}, {{"0.5", 2}, {"+Inf", 3}})), MustParseSelector(kBucket));
  ASSERT_FALSE(buckets.ok());
  EXPECT_EQ(buckets.error().code, "counter_reset");
  EXPECT_THAT(buckets.error().message,
              HasSubstr("memory_replicator_replication_seconds_bucket{le=\"0.5\"} at "
                        "http://127.0.0.1:9400/metrics decreased from 20 to 2"));
}

TEST(BucketDeltaTest, MissingHistogramIsAnError) {
  Result<std::vector<promtext::Bucket>> buckets = BucketDelta(
      MakeSet({MakeSample("up", {}, 1)}), MakeSet({MakeSample("up", {}, 1)}), MustParseSelector(kBucket));
  ASSERT_FALSE(buckets.ok());
  EXPECT_EQ(buckets.error().code, "missing_metric");
}

}  // namespace
}  // namespace slogate::scrape
