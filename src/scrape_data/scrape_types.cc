#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

std::optional<double> SumAcross(const ScrapeSet& set, const promtext::Selector& selector) {
  std::optional<double> total;
  for (const EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) continue;
    const std::optional<double> sum = promtext::Sum(*endpoint.snapshot, selector);
    if (sum.has_value()) total = total.value_or(0.0) + *sum;
  }
  return total;
}

std::optional<Error> FirstFailure(const ScrapeSet& set) {
  for (const EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) return endpoint.snapshot.error();
  }
  return std::nullopt;
}

}  // namespace slogate::scrape
