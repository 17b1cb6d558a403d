// A selector a test spells out itself: a typo fails the test instead of silently matching
// nothing. Header-only, so curl-free test targets can use it without linking test_support.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "slogate/promtext/selector.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::testing {

inline promtext::Selector MustParseSelector(const std::string& text) {
  Result<promtext::Selector> selector = promtext::Selector::Parse(text);
  EXPECT_TRUE(selector.ok()) << text;
  return selector.ok() ? *selector : promtext::Selector();
}

// The same as a Sampler's selector with `aggregation`, not per source.
inline scrape::SampledSelector MustParseSampled(
    const std::string& text, scrape::Aggregation aggregation = scrape::Aggregation::kSum) {
  return scrape::SampledSelector{MustParseSelector(text), aggregation, false, {}};
}

}  // namespace slogate::testing
