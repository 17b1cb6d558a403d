#include "family_rules.h"

#include <array>
#include <span>
#include <string>

namespace slogate::promtext::internal {
namespace {

constexpr std::array<std::string_view, 9> kKnownSuffixes = {
    "", "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"};

std::span<const std::string_view> AllowedSuffixes(MetricType type, Format format) {
  static constexpr std::array<std::string_view, 1> kPlain = {""};
  static constexpr std::array<std::string_view, 3> kHistogram004 = {"_bucket", "_sum", "_count"};
  static constexpr std::array<std::string_view, 3> kSummary004 = {"", "_sum", "_count"};
  static constexpr std::array<std::string_view, 2> kCounterOm = {"_total", "_created"};
  static constexpr std::array<std::string_view, 4> kHistogramOm = {"_bucket", "_count", "_sum",
                                                                   "_created"};
  static constexpr std::array<std::string_view, 3> kGaugeHistogramOm = {"_bucket", "_gcount",
                                                                        "_gsum"};
  static constexpr std::array<std::string_view, 4> kSummaryOm = {"", "_count", "_sum", "_created"};
  static constexpr std::array<std::string_view, 1> kInfoOm = {"_info"};
  if (format == Format::kPrometheusText004) {
    if (type == MetricType::kHistogram) return kHistogram004;
    if (type == MetricType::kSummary) return kSummary004;
    return kPlain;
  }
  switch (type) {
    case MetricType::kCounter:
      return kCounterOm;
    case MetricType::kHistogram:
      return kHistogramOm;
    case MetricType::kGaugeHistogram:
      return kGaugeHistogramOm;
    case MetricType::kSummary:
      return kSummaryOm;
    case MetricType::kInfo:
      return kInfoOm;
    case MetricType::kGauge:
    case MetricType::kStateSet:
    case MetricType::kUnknown:
      return kPlain;
  }
  return kPlain;
}

}  // namespace

std::optional<MetricType> ParseTypeKeyword(std::string_view keyword, Format format) {
  if (keyword == "counter") return MetricType::kCounter;
  if (keyword == "gauge") return MetricType::kGauge;
  if (keyword == "histogram") return MetricType::kHistogram;
  if (keyword == "summary") return MetricType::kSummary;
  if (format == Format::kPrometheusText004) {
    if (keyword == "untyped") return MetricType::kUnknown;
    return std::nullopt;
  }
  if (keyword == "gaugehistogram") return MetricType::kGaugeHistogram;
  if (keyword == "info") return MetricType::kInfo;
  if (keyword == "stateset") return MetricType::kStateSet;
  if (keyword == "unknown") return MetricType::kUnknown;
  return std::nullopt;
}

bool SampleBelongsTo(std::string_view sample_name, std::string_view family_name, MetricType type,
                     Format format) {
  if (!sample_name.starts_with(family_name)) return false;
  const std::string_view suffix = sample_name.substr(family_name.size());
  for (const std::string_view allowed : AllowedSuffixes(type, format)) {
    if (suffix == allowed) return true;
  }
  return false;
}

std::optional<std::string_view> FamilySuffix(std::string_view sample_name,
                                             std::string_view family_name) {
  if (!sample_name.starts_with(family_name)) return std::nullopt;
  const std::string_view suffix = sample_name.substr(family_name.size());
  for (const std::string_view known : kKnownSuffixes) {
    if (suffix == known) return suffix;
  }
  return std::nullopt;
}

std::string ExpectedSampleNames(std::string_view family_name, MetricType type, Format format) {
  std::string names;
  const auto suffixes = AllowedSuffixes(type, format);
  for (size_t i = 0; i < suffixes.size(); ++i) {
    if (i > 0) names += i + 1 == suffixes.size() ? " or " : ", ";
    names += family_name;
    names += suffixes[i];
  }
  return names;
}

}  // namespace slogate::promtext::internal
