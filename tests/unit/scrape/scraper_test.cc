// The pure parts of the scraper; fetching is covered by tests/integration/scrape.
#include "slogate/scrape/scraper.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "scrape_test_sets.h"

namespace slogate::scrape {
namespace {

using testing::kGatewayUrl;
using testing::kReplicatorUrl;

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

}  // namespace
}  // namespace slogate::scrape
