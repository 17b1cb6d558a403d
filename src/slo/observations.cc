#include "slogate/slo/observations.h"

#include <algorithm>

namespace slogate::slo {

const scrape::SampledSeries* Observations::FindSeries(std::string_view selector) const {
  const auto found = std::find_if(
      sampled.begin(), sampled.end(),
      [&](const scrape::SampledSeries& series) { return series.selector == selector; });
  return found == sampled.end() ? nullptr : &*found;
}

}  // namespace slogate::slo
