#include "slogate/slo/metric_names.h"

#include <algorithm>

namespace slogate::slo {

std::vector<std::string_view> MetricsReadBy(std::string_view slo) {
  std::vector<std::string_view> metrics;
  for (const SloMetrics& entry : kSloMetrics) {
    if (entry.slo != slo) continue;
    for (std::string_view metric : entry.metrics) {
      if (!metric.empty()) metrics.push_back(metric);
    }
  }
  return metrics;
}

std::vector<std::string> MetricsRead() {
  std::vector<std::string> metrics;
  for (const SloMetrics& entry : kSloMetrics) {
    for (std::string_view metric : entry.metrics) {
      if (metric.empty()) continue;
      if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) {
        metrics.emplace_back(metric);
      }
    }
  }
  return metrics;
}

}  // namespace slogate::slo
