// Rules that span several samples of a family, checked once all lines are read: histogram
// buckets (le labels, order, cumulative counts, +Inf), summary quantiles, OpenMetrics counter,
// stateset and info values.
#include <cmath>
#include <string>

#include "exposition_parser.h"
#include "slogate/common/units.h"
#include "slogate/promtext/label_value.h"
#include "text_scan.h"

namespace slogate::promtext::internal {
namespace {

// True when the two label sets are equal once their `le` labels are ignored.
bool SameSeriesExceptLe(const Labels& a, const Labels& b) {
  size_t i = 0;
  size_t j = 0;
  while (true) {
    if (i < a.size() && a[i].name == "le") ++i;
    if (j < b.size() && b[j].name == "le") ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (!(a[i] == b[j])) return false;
    ++i;
    ++j;
  }
}

std::string LabelsText(const Labels& labels, std::string_view skip) {
  std::string text = "{";
  for (const Label& label : labels) {
    if (label.name == skip) continue;
    if (text.size() > 1) text += ',';
    text += label.name;
    text += "=\"" + EscapeLabelValue(label.value) + '"';
  }
  return text + '}';
}

}  // namespace

bool ExpositionParser::CheckFamilies() {
  for (size_t family = 0; family < snapshot_.families.size(); ++family) {
    if (!CheckFamily(family)) return false;
  }
  return true;
}

bool ExpositionParser::CheckFamily(size_t family) {
  const Family& target = snapshot_.families[family];
  switch (target.type) {
    case MetricType::kHistogram:
    case MetricType::kGaugeHistogram:
      return CheckBuckets(family);
    case MetricType::kSummary:
      return CheckSummary(family);
    case MetricType::kCounter:
      return CheckCounter(family);
    case MetricType::kStateSet:
      return CheckStateSet(family);
    case MetricType::kInfo:
      return CheckInfo(family);
    case MetricType::kGauge:
    case MetricType::kUnknown:
      return true;
  }
  return true;
}

// Buckets of one series (same labels but `le`) form a run of consecutive _bucket samples: `le`
// increases, counts never decrease, and the run ends with le="+Inf".
bool ExpositionParser::CheckBuckets(size_t family) {
  const Family& target = snapshot_.families[family];
  const std::string bucket_name = target.name + "_bucket";
  bool in_run = false;
  double last_le = 0;
  size_t last = 0;
  const auto close_run = [&]() {
    if (!in_run || last_le == INFINITY) return true;
    return FailAtSample(family, last, "missing_inf_bucket",
                        "histogram series " + target.name +
                            LabelsText(target.samples[last].labels, "le") +
                            " has no le=\"+Inf\" bucket");
  };
  for (size_t i = 0; i < target.samples.size(); ++i) {
    const Sample& sample = target.samples[i];
    if (sample.name != bucket_name) {
      if (!close_run()) return false;
      in_run = false;
      continue;
    }
    const Label* le_label = sample.labels.Find("le");
    if (le_label == nullptr) {
      return FailAtSample(family, i, "missing_le", "histogram bucket has no \"le\" label");
    }
    const std::optional<double> le = ParseValue(le_label->value);
    if (!le || std::isnan(*le)) {
      return FailAtSample(family, i, "bad_le",
                          "invalid bucket bound le=\"" + std::string(le_label->value) + "\"");
    }
    if (std::isnan(sample.value) || sample.value < 0) {
      return FailAtSample(
          family, i, "bad_bucket_count",
          "bucket count must be a non-negative number, got " + units::FormatNumber(sample.value));
    }
    if (in_run && SameSeriesExceptLe(sample.labels, target.samples[last].labels)) {
      if (*le <= last_le) {
        return FailAtSample(family, i, "bucket_order",
                            "bucket le=\"" + std::string(le_label->value) +
                                "\" comes after a bucket with a bound not lower than it; "
                                "buckets must be in increasing order of le");
      }
      if (sample.value < target.samples[last].value) {
        return FailAtSample(
            family, i, "non_cumulative",
            "bucket le=\"" + std::string(le_label->value) + "\" has count " +
                units::FormatNumber(sample.value) + ", less than the previous bucket's " +
                units::FormatNumber(target.samples[last].value) + "; buckets are cumulative");
      }
    } else {
      if (!close_run()) return false;
      in_run = true;
    }
    last_le = *le;
    last = i;
  }
  return close_run();
}

bool ExpositionParser::CheckSummary(size_t family) {
  const Family& target = snapshot_.families[family];
  for (size_t i = 0; i < target.samples.size(); ++i) {
    const Sample& sample = target.samples[i];
    if (sample.name != target.name) continue;
    const Label* quantile_label = sample.labels.Find("quantile");
    if (quantile_label == nullptr) {
      return FailAtSample(
          family, i, "missing_quantile",
          "summary sample \"" + std::string(sample.name) + "\" has no \"quantile\" label");
    }
    const std::optional<double> quantile = ParseValue(quantile_label->value);
    if (!quantile || !(*quantile >= 0 && *quantile <= 1)) {
      return FailAtSample(family, i, "bad_quantile",
                          "quantile=\"" + std::string(quantile_label->value) +
                              "\" is not a number between 0 and 1");
    }
  }
  return true;
}

// OpenMetrics: a counter's total is a non-negative number. 0.0.4 does not say; a negative
// counter there is only warned about.
bool ExpositionParser::CheckCounter(size_t family) {
  const Family& target = snapshot_.families[family];
  const std::string total_name = is_om_ ? target.name + "_total" : target.name;
  for (size_t i = 0; i < target.samples.size(); ++i) {
    const Sample& sample = target.samples[i];
    if (sample.name != total_name) continue;
    if (!std::isnan(sample.value) && sample.value >= 0) continue;
    const std::string message = "counter \"" + std::string(sample.name) + "\" has value " +
                                units::FormatNumber(sample.value) +
                                "; counters are non-negative numbers";
    if (is_om_) return FailAtSample(family, i, "bad_counter_value", message);
    WarnAtSample(family, i, message);
  }
  return true;
}

// OpenMetrics stateset: each sample has a label named after the family; values are 0 or 1.
bool ExpositionParser::CheckStateSet(size_t family) {
  const Family& target = snapshot_.families[family];
  for (size_t i = 0; i < target.samples.size(); ++i) {
    const Sample& sample = target.samples[i];
    if (sample.labels.Find(target.name) == nullptr) {
      return FailAtSample(family, i, "missing_state_label",
                          "stateset sample needs a label named \"" + target.name + "\"");
    }
    if (sample.value != 0 && sample.value != 1) {
      return FailAtSample(
          family, i, "bad_stateset_value",
          "stateset value must be 0 or 1, got " + units::FormatNumber(sample.value));
    }
  }
  return true;
}

// OpenMetrics info: the value is always 1.
bool ExpositionParser::CheckInfo(size_t family) {
  const Family& target = snapshot_.families[family];
  for (size_t i = 0; i < target.samples.size(); ++i) {
    if (target.samples[i].value != 1) {
      return FailAtSample(
          family, i, "bad_info_value",
          "info value must be 1, got " + units::FormatNumber(target.samples[i].value));
    }
  }
  return true;
}

bool ExpositionParser::FailAtSample(size_t family, size_t sample, std::string code,
                                    std::string message) {
  error_ = MakeError(std::move(code), std::move(message), states_[family].sample_lines[sample], 1);
  return false;
}

void ExpositionParser::WarnAtSample(size_t family, size_t sample, std::string message) {
  snapshot_.warnings.push_back(
      Warning{std::move(message), states_[family].sample_lines[sample], 1});
}

}  // namespace slogate::promtext::internal
