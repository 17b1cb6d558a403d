// PrometheusSource: a run's server-side metrics read from a Prometheus server's HTTP API
// (PROMETHEUS_URL) instead of scraped directly from each /metrics endpoint — for gateways that
// run as several replicas behind a load balancer, where the metrics already live in Prometheus.
//
// The result has the same shape as direct scrapes (a "before" and an "after" ScrapeSet and one
// SampledSeries per sampled selector), so the SLOs judge both the same way; PrometheusEvidence
// adds the queries that were run and what they could not show (docs/scrape.md).
//
//  - Counters are read as raw samples (a range selector evaluated at one instant), never as
//    increase()/rate(), whose extrapolation to the window's edges is not an exact count:
//    "before" holds each series' last sample at or before the run's start, "after" its first
//    sample at or after the run's end. A series whose raw samples go down between the two is a
//    counter reset (PrometheusEvidence::problems names it); one that appears during the run
//    counts from 0, as with direct scrapes.
//  - Sampled series (lag, DLQ depth, replicated events) are raw samples too, one point per
//    window of the sampling step (at least the scrape interval) made of each series' first
//    sample in it (prometheus_import.h says why not a range query's steps), aggregated as
//    slo::kSampledMetrics says (max for lag, sum otherwise), per source where asked (a source
//    is a Prometheus `instance`).
//  - After the run, Read waits (at most max_wait) until Prometheus holds a sample from after
//    the end of the sampled range of every series it needs; one that never arrives is a
//    problem, never a silent zero, and so is a target scraped during the run whose `up` is not
//    1 after it.
//
// Every query adds the selector's label matchers. Credentials are sent, never printed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/scrape/prometheus_types.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

struct PrometheusOptions {
  std::string url;  // base URL of the server, e.g. http://prometheus:9090 (no trailing /api)
  // Label matchers added to every query, e.g. {namespace="staging"}; may be empty.
  std::string selector;
  std::string bearer_token;  // Authorization: Bearer (secret)
  std::string basic_user;    // HTTP basic auth, with basic_password (secret)
  std::string basic_password;
  std::chrono::milliseconds request_timeout{10000};        // each HTTP request
  std::chrono::milliseconds max_wait{120000};              // the ingestion wait after the run
  std::size_t max_response_bytes = std::size_t{64} << 20;  // larger answers are an error
  const std::atomic<bool>* stop = nullptr;  // a set flag abandons waits and transfers
};

// What Read returns: the run's metrics in the shape direct scrapes have, and the evidence.
struct PrometheusRead {
  ScrapeSet before;
  ScrapeSet after;
  std::vector<SampledSeries> sampled;  // one per selector given to Read, in that order
  PrometheusEvidence evidence;
};

class PrometheusSource {
 public:
  explicit PrometheusSource(PrometheusOptions options);

  // Before the run: Prometheus answers, the selector matches scrape targets (targets that are
  // down are not an error: like a metrics endpoint that is down, they leave the findings that
  // need their metrics INCONCLUSIVE after the run), and the latest sample of each of `metrics`
  // at `at` — a "before" set for the pre-flight checks.
  // Errors: "prometheus_unreachable" (connection, TLS, timeout, HTTP status), "prometheus_error"
  // (the API's errorType and error), "prometheus_no_targets" (the selector matches no scrape
  // target at all), "bad_prometheus_answer" (not the API's JSON, or past max_response_bytes or
  // the limits of prometheus_answer.h), "bad_selector" (PROM_SELECTOR), "interrupted".
  Result<ScrapeSet> Check(WallTime at, const std::vector<std::string>& metrics);

  // After the run: measures Prometheus's clock against ours (time()) and moves the run's times
  // onto it (clock_offset.h), waits until every series of `metrics` has a sample at or after
  // `sampled_until` (at most max_wait), then reads the raw samples of each of `metrics` for the
  // "before"/"after" sets (RawSampleImport: read before `started`, first at or after `ended`)
  // and each of `sampled` in windows of `step` (at least the scrape interval) from `started` to
  // `sampled_until`, their times moved back onto our clock. What cannot be read is recorded in
  // evidence.problems (and, for an unreachable server, in the sets' endpoint errors).
  PrometheusRead Read(WallTime started, WallTime ended, WallTime sampled_until,
                      std::chrono::milliseconds step, const std::vector<std::string>& metrics,
                      const std::vector<SampledSelector>& sampled);

  // The longest scrape interval of the selected targets as Check found it; zero before Check
  // or when Prometheus did not say. A sampled point through Prometheus spans at least this.
  std::chrono::milliseconds scrape_interval() const { return scrape_interval_; }

 private:
  PrometheusOptions options_;
  std::chrono::milliseconds scrape_interval_{0};
};

}  // namespace slogate::scrape
