// Reading counter increases between the before/after scrapes, with every way that can go
// wrong turned into the right Finding: a metrics endpoint down or a counter reset is
// INCONCLUSIVE, a missing metric is INCONCLUSIVE when required and SKIPPED when optional.
#pragma once

#include <optional>
#include <string_view>

#include "judge.h"

namespace slogate::slo::internal {

// Either the increase or the finding that explains why there is none.
struct CounterRead {
  double increase = 0;
  std::optional<Finding> problem;
  bool missing = false;  // the problem is that no series matched (or nothing was scraped)
};

// Increase of `selector` between observations().before and .after. A selector with no
// matching series in either scrape is a missing metric.
CounterRead ReadIncrease(const Judge& judge, std::string_view selector);

// As ReadIncrease, but no matching series means an increase of 0 (a labelled series such as
// results{result="error"} only appears once it is first used).
CounterRead ReadIncreaseOrZero(const Judge& judge, std::string_view selector);

// The finding for data that `requirement` says must or may be there but is not.
Finding MissingData(const Judge& judge, std::string_view what);

}  // namespace slogate::slo::internal
