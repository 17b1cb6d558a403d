// Reads values back from a prometheus-cpp registry, as a scrape would see them.
#pragma once

#include <prometheus/registry.h>

#include <optional>
#include <string>

namespace slogate::testing {

// The value of the counter or gauge `name` whose labels include `label`=`value` (any series
// when `label` is empty); nullopt when no such series exists yet.
inline std::optional<double> MetricValue(prometheus::Registry& registry, const std::string& name,
                                         const std::string& label = "",
                                         const std::string& value = "") {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric) {
      bool matches = label.empty();
      for (const auto& pair : metric.label) {
        if (pair.name == label && pair.value == value) matches = true;
      }
      if (!matches) continue;
      if (family.type == prometheus::MetricType::Counter) return metric.counter.value;
      if (family.type == prometheus::MetricType::Gauge) return metric.gauge.value;
    }
  }
  return std::nullopt;
}

// Sample count and sum of the unlabelled histogram `name`.
inline std::pair<uint64_t, double> HistogramCountAndSum(prometheus::Registry& registry,
                                                        const std::string& name) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name || family.metric.empty()) continue;
    return {family.metric[0].histogram.sample_count, family.metric[0].histogram.sample_sum};
  }
  return {0, 0.0};
}

}  // namespace slogate::testing
