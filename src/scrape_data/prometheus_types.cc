#include "slogate/scrape/prometheus_types.h"

#include <utility>

namespace slogate::scrape {

void PrometheusEvidence::Record(PromQuery query) {
  for (PromQuery& recorded : queries) {
    if (recorded.metric == query.metric && recorded.promql == query.promql &&
        recorded.start == query.start && recorded.end == query.end && recorded.step == query.step) {
      recorded.purpose += "; also " + query.purpose;
      return;
    }
  }
  queries.push_back(std::move(query));
}

std::vector<const PromQuery*> PrometheusEvidence::QueriesFor(std::string_view metric) const {
  std::vector<const PromQuery*> found;
  for (const PromQuery& query : queries) {
    if (query.metric == metric) found.push_back(&query);
  }
  return found;
}

}  // namespace slogate::scrape
