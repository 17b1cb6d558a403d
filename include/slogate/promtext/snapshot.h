// The parsed form of one metrics exposition: families of samples, exactly as exposed.
//
// Plain data, produced by promtext::Parse* and consumed by scrape (deltas, sampling) and slo
// (evaluation). No I/O, no behaviour beyond lookups.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slogate::promtext {

// Which grammar the exposition was written in. Chosen by the caller from the Content-Type.
enum class Format {
  kPrometheusText004,  // text/plain; version=0.0.4
  kOpenMetrics100,     // application/openmetrics-text; version=1.0.0
};

enum class MetricType {
  kCounter,
  kGauge,
  kHistogram,
  kGaugeHistogram,
  kSummary,
  kInfo,
  kStateSet,
  kUnknown,  // "untyped" in 0.0.4, "unknown" in OpenMetrics, or no TYPE line at all.
};

// "counter", "gauge", ... as written in a TYPE line ("unknown" for kUnknown).
std::string_view MetricTypeName(MetricType type);

struct Label {
  std::string name;
  std::string value;  // unescaped
  friend bool operator==(const Label&, const Label&) = default;
};

// Labels of one sample, sorted by name, names unique (the parser rejects duplicates).
using Labels = std::vector<Label>;

struct Exemplar {
  Labels labels;
  double value = 0;
  std::optional<double> timestamp_seconds;
};

struct Sample {
  // Full sample name as exposed: "foo_bucket", "foo_total", "foo_created", "foo".
  std::string name;
  Labels labels;
  double value = 0;  // NaN and ±Inf are kept as such
  // Exposed timestamp, in seconds since the epoch (0.0.4's integer milliseconds are converted).
  std::optional<double> timestamp_seconds;
  std::optional<Exemplar> exemplar;  // OpenMetrics only
};

struct Family {
  std::string name;  // the family name from TYPE/HELP, or the sample name when untyped
  MetricType type = MetricType::kUnknown;
  std::string help;  // unescaped
  std::string unit;  // OpenMetrics UNIT, empty otherwise
  std::vector<Sample> samples;
};

// A non-fatal oddity the parser accepted (see docs/promtext.md for which cases warn).
struct Warning {
  std::string message;
  int line = 0;
  int column = 0;
};

struct Snapshot {
  Format format = Format::kPrometheusText004;
  std::vector<Family> families;  // in exposition order
  std::vector<Warning> warnings;

  // The family with this exact name, or nullptr.
  const Family* FindFamily(std::string_view name) const;
};

}  // namespace slogate::promtext
