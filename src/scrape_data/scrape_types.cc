#include "slogate/scrape/scrape_types.h"

#include <algorithm>
#include <cmath>

namespace slogate::scrape {

std::string_view AggregationName(Aggregation aggregation) {
  return aggregation == Aggregation::kMax ? "max" : "sum";
}

std::optional<double> SumAcross(const ScrapeSet& set, const promtext::Selector& selector) {
  return AggregateAcross(set, selector, Aggregation::kSum);
}

std::optional<double> AggregateAcross(const ScrapeSet& set, const promtext::Selector& selector,
                                      Aggregation aggregation) {
  std::optional<double> total;
  for (const EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) continue;
    if (aggregation == Aggregation::kSum) {
      const std::optional<double> sum = promtext::Sum(*endpoint.snapshot, selector);
      if (sum.has_value()) total = total.value_or(0.0) + *sum;
      continue;
    }
    for (const promtext::Sample* sample : promtext::Select(*endpoint.snapshot, selector)) {
      // A NaN must not vanish in a comparison: it makes the maximum NaN, as it makes a sum.
      if (std::isnan(sample->value)) return sample->value;
      total = total ? std::max(*total, sample->value) : sample->value;
    }
  }
  return total;
}

std::optional<Error> FirstFailure(const ScrapeSet& set) {
  for (const EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) return endpoint.snapshot.error();
  }
  return std::nullopt;
}

const SampledSeries* FindSampled(const std::vector<SampledSeries>& all, std::string_view selector) {
  const auto found = std::find_if(all.begin(), all.end(), [&](const SampledSeries& series) {
    return series.selector == selector;
  });
  return found == all.end() ? nullptr : &*found;
}

}  // namespace slogate::scrape
