#include "slogate/slo/observations.h"

namespace slogate::slo {

const scrape::SampledSeries* Observations::FindSeries(std::string_view selector) const {
  return scrape::FindSampled(sampled, selector);
}

}  // namespace slogate::slo
