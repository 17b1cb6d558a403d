// The pure parts of the scraper; fetching is covered by tests/integration/scrape.
#include "slogate/scrape/scraper.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "scrape_test_sets.h"

namespace slogate::scrape {
namespace {

using testing::kGatewayUrl;
using testing::kReplicatorUrl;
using testing::MakeEndpoint;
using testing::MakeFailedEndpoint;
using testing::MakeSample;
using testing::MakeSet;

promtext::Selector MustParse(const std::string& text) {
  Result<promtext::Selector> selector = promtext::Selector::Parse(text);
  EXPECT_TRUE(selector.ok()) << text;
  return selector.ok() ? *selector : promtext::Selector();
}

TEST(AcceptHeaderTest, PrefersOpenMetricsWithTextFallback) {
  EXPECT_EQ(AcceptHeader(ScrapeOptions{}),
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
}

TEST(AcceptHeaderTest, AsksForTextOnlyWhenOpenMetricsIsNotPreferred) {
  ScrapeOptions options;
  options.prefer_openmetrics = false;
  EXPECT_EQ(AcceptHeader(options), "text/plain;version=0.0.4,*/*;q=0.1");
}

TEST(ScraperTest, RejectsAnEmptyEndpointList) {
  EXPECT_THROW(Scraper({}, ScrapeOptions{}), std::invalid_argument);
}

TEST(ScraperTest, RejectsAUrlListedTwice) {
  try {
    Scraper scraper({kGatewayUrl, kReplicatorUrl, kGatewayUrl}, ScrapeOptions{});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "a metrics URL is listed twice");
  }
}

TEST(SumAcrossTest, SumsOverEndpoints) {
  ScrapeSet set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("lag", {}, 1.5)}),
                           MakeEndpoint(kReplicatorUrl, {MakeSample("lag", {}, 2)})});
  EXPECT_EQ(SumAcross(set, MustParse("lag")), 3.5);
}

TEST(SumAcrossTest, NothingMatchingIsNullopt) {
  ScrapeSet set = MakeSet({MakeSample("lag", {}, 1.5)});
  EXPECT_EQ(SumAcross(set, MustParse("depth")), std::nullopt);
}

TEST(SumAcrossTest, SkipsFailedEndpoints) {
  ScrapeSet set = MakeSet({MakeEndpoint(kGatewayUrl, {MakeSample("lag", {}, 1.5)}),
                           MakeFailedEndpoint(kReplicatorUrl, "refused")});
  EXPECT_EQ(SumAcross(set, MustParse("lag")), 1.5);
  EXPECT_FALSE(set.AllOk());
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
