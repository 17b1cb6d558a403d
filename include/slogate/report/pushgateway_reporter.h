// PushgatewayReporter: pushes a run's key figures to a Prometheus Pushgateway, so dashboards
// and alerts can follow conformance runs over time.
//
// The figures (text format 0.0.4, every series labelled profile and environment) are listed in
// docs/report.md: per-SLO outcome as a state set (slogate_slo_outcome{slo,outcome} 1 for the
// outcome that holds, 0 for the others), measured values and thresholds, corrected latency
// quantiles, error ratio, achieved and target rate, dropped arrivals, lag and DLQ maxima, and the
// run's timestamp. They replace the group /metrics/job/<job>/instance/<instance> (HTTP PUT).
#pragma once

#include <chrono>
#include <string>

#include "slogate/common/result.h"
#include "slogate/report/reporter.h"

namespace slogate::report {

struct PushgatewayOptions {
  std::string url;                // base URL, e.g. http://pushgateway:9091
  std::string job = "slogate";    // grouping key: job (required, non-empty)
  std::string instance;           // grouping key: instance (empty is allowed)
  std::chrono::milliseconds timeout{5000};
};

// The exposition pushed for `document`. Pure; thread-safe.
std::string PushgatewayExposition(const ResultsDocument& document);

// `<url>/metrics/job/<job>/instance/<instance>`; values that are empty or contain '/' use the
// `<label>@base64/<base64url>` form, others are percent-encoded. Errors name the bad option.
Result<std::string> PushgatewayGroupUrl(const PushgatewayOptions& options);

class PushgatewayReporter : public Reporter {
 public:
  explicit PushgatewayReporter(PushgatewayOptions options);
  // PUTs the exposition; a non-2xx answer or a transport failure is an error naming the URL.
  Status Report(const ResultsDocument& document) override;

 private:
  PushgatewayOptions options_;
};

}  // namespace slogate::report
