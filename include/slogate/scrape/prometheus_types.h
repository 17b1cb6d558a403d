// Plain data of a run whose server-side metrics were read from a Prometheus server
// (PROMETHEUS_URL) instead of scraped directly: the queries that were run, and what they could
// not show. Produced by scrape::PrometheusSource, carried in slo::Observations, attached to the
// findings that read each metric, and written by every report.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

// One query sent to Prometheus's HTTP API, exactly as sent, so that a reviewer can paste it into
// Prometheus and see the same data.
struct PromQuery {
  std::string metric;  // the metric family it reads, e.g. gateway_write_through_results_total
  std::string promql;  // the expression, e.g. gateway_dlq_depth{namespace="staging"}[95s]
  // step == 0: an instant query (/api/v1/query) evaluated at `end`; `start` is the earliest
  // sample time it was asked to cover (for a range selector, end minus its range).
  // step > 0: a range query (/api/v1/query_range) from `start` to `end` at `step`.
  WallTime start;
  WallTime end;
  std::chrono::milliseconds step{0};
  std::string purpose;  // "raw samples for the counter increase", "sampled at the step", ...
};

// What a Prometheus-sourced run records beside the data it turned into scrape sets and sampled
// series.
struct PrometheusEvidence {
  std::string url;       // the Prometheus server (PROMETHEUS_URL), without credentials
  std::string selector;  // PROM_SELECTOR as given, e.g. {namespace="staging",job="gateway"}
  // The scrape interval Prometheus reports for the selected targets (the longest of them);
  // zero when it could not be read. Named in the messages about late samples.
  std::chrono::milliseconds scrape_interval{0};
  // When the last needed sample from after the run arrived, and how long the suite waited for it.
  std::chrono::milliseconds ingestion_wait{0};
  std::vector<PromQuery> queries;  // every query whose answer the findings read
  // Per metric family: why its data from Prometheus cannot be trusted for this run, e.g.
  // "Prometheus has no sample of gateway_dlq_depth{instance=\"10.0.0.7:8080\"} after the run
  // ended (its last is 12.0 s before the end; scrape interval 30 s?)". A finding that reads a
  // metric named here is INCONCLUSIVE with this text.
  std::map<std::string, std::string, std::less<>> problems;

  // Adds `query` to `queries`, or, when the same expression over the same range was recorded
  // for the same metric already (a gauge read both at the edges and as a sampled series), adds
  // its purpose to that one: a reviewer is shown each query once.
  void Record(PromQuery query);

  // The queries that read `metric`.
  std::vector<const PromQuery*> QueriesFor(std::string_view metric) const;
};

}  // namespace slogate::scrape
