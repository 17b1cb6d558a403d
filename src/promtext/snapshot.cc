#include "slogate/promtext/snapshot.h"

#include <algorithm>

namespace slogate::promtext {

std::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kGaugeHistogram:
      return "gaugehistogram";
    case MetricType::kSummary:
      return "summary";
    case MetricType::kInfo:
      return "info";
    case MetricType::kStateSet:
      return "stateset";
    case MetricType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const Label* Labels::Find(std::string_view name) const {
  for (const Label& label : *this) {
    if (label.name == name) return &label;
  }
  return nullptr;
}

bool operator==(Labels a, Labels b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

const Family* Snapshot::FindFamily(std::string_view name) const {
  for (const Family& family : families) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

}  // namespace slogate::promtext
