#include "slogate/scrape/prometheus_types.h"

namespace slogate::scrape {

std::vector<const PromQuery*> PrometheusEvidence::QueriesFor(std::string_view metric) const {
  std::vector<const PromQuery*> found;
  for (const PromQuery& query : queries) {
    if (query.metric == metric) found.push_back(&query);
  }
  return found;
}

}  // namespace slogate::scrape
