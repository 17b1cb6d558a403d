// SumAcross, AggregateAcross and FirstFailure over hand-built scrape sets.
#include "slogate/scrape/scrape_types.h"

#include <gtest/gtest.h>

#include <string>

#include "scrape_test_sets.h"

namespace slogate::scrape {
namespace {

using testing::kGatewayUrl;
using testing::kReplicatorUrl;
using testing::MakeEndpoint;
using ::slogate::testing::MustParseSelector;
using testing::MakeFailedEndpoint;
using testing::MakeSample;
using testing::MakeSet;

TEST(SumAcrossTest, SumsOverEndpoints) {
  ScrapeSet set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("lag", {}, 1.5)}),
                           MakeEndpoint(kReplicatorUrl, {MakeSample("lag", {}, 2)})});
  EXPECT_EQ(SumAcross(set, MustParseSelector("lag")), 3.5);
}

TEST(SumAcrossTest, NothingMatchingIsNullopt) {
  ScrapeSet set = MakeSet({MakeSample("lag", {}, 1.5)});
  EXPECT_EQ(SumAcross(set, MustParseSelector("depth")), std::nullopt);
}

TEST(SumAcrossTest, SkipsFailedEndpoints) {
  ScrapeSet set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("lag", {}, 1.5)}),
                           MakeFailedEndpoint(kReplicatorUrl, "refused")});
  EXPECT_EQ(SumAcross(set, MustParseSelector("lag")), 1.5);
  EXPECT_FALSE(set.AllOk());
}

TEST(AggregateAcrossTest, MaxTakesTheWorstEndpointNotTheSum) {
  // Two replicators each 1.2 s behind are 1.2 s behind.
  ScrapeSet set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("lag", {}, 1.2)}),
                           MakeEndpoint(kReplicatorUrl, {MakeSample("lag", {}, 1.2)})});
  EXPECT_EQ(AggregateAcross(set, MustParseSelector("lag"), Aggregation::kMax), 1.2);
  EXPECT_EQ(AggregateAcross(set, MustParseSelector("lag"), Aggregation::kSum), 2.4);
}

TEST(AggregateAcrossTest, MaxCoversEverySeriesOfAnEndpoint) {
  ScrapeSet set = MakeSet({MakeSample("lag", {{"partition", "0"}}, 0.3),
                           MakeSample("lag", {{"partition", "1"}}, 2.5)});
  EXPECT_EQ(AggregateAcross(set, MustParseSelector("lag"), Aggregation::kMax), 2.5);
}

TEST(AggregateAcrossTest, NothingMatchingIsNulloptForEitherAggregation) {
  ScrapeSet set = MakeSet({MakeSample("lag", {}, 1.5)});
  EXPECT_EQ(AggregateAcross(set, MustParseSelector("depth"), Aggregation::kMax), std::nullopt);
  EXPECT_EQ(AggregateAcross(set, MustParseSelector("depth"), Aggregation::kSum), std::nullopt);
}

TEST(AggregationNameTest, NamesBoth) {
  EXPECT_EQ(AggregationName(Aggregation::kSum), "sum");
  EXPECT_EQ(AggregationName(Aggregation::kMax), "max");
}

TEST(FirstFailureTest, NamesTheFirstFailedEndpoint) {
  ScrapeSet set = MakeSet({MakeEndpoint(kGatewayUrl, {}), MakeFailedEndpoint(kReplicatorUrl, "a"),
                           MakeFailedEndpoint(kReplicatorUrl, "b")});
  ASSERT_TRUE(FirstFailure(set).has_value());
  EXPECT_EQ(FirstFailure(set)->message, "a");
  EXPECT_FALSE(FirstFailure(MakeSet({MakeSample("x", {}, 1)})).has_value());
}

}  // namespace
}  // namespace slogate::scrape
