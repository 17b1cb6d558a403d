// The gateway and replicator metrics the SLOs read (names as in docs/gateway-contract.md), and
// the selectors the suite must sample during a run for ReplicationLag and DlqDepth.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/scrape/scrape_types.h"

namespace slogate::slo {

inline constexpr std::string_view kWriteThroughAttempts = "gateway_write_through_attempts_total";
inline constexpr std::string_view kWriteThroughResults = "gateway_write_through_results_total";
inline constexpr std::string_view kWalResults = "gateway_write_through_wal_results_total";
inline constexpr std::string_view kDlqDepth = "gateway_dlq_depth";
inline constexpr std::string_view kReplicatorLag = "memory_replicator_lag_seconds";
inline constexpr std::string_view kReplicatorEvents = "memory_replicator_events_total";
// Optional server-side latency histogram (the reference gateway's; upstream has none).
inline constexpr std::string_view kRequestSecondsBucket = "gateway_request_seconds_bucket";
inline constexpr std::string_view kRequestSecondsCount = "gateway_request_seconds_count";

inline constexpr std::string_view kWalResultsOk =
    "gateway_write_through_wal_results_total{result=\"ok\"}";

// One selector a scrape::Sampler must sample (every Thresholds::sampling_interval) for the
// Observations::sampled series, and how: ReplicationLag and the counter checks look the series
// up by exactly this selector text.
struct SampledMetric {
  std::string_view selector;
  scrape::Aggregation aggregation = scrape::Aggregation::kSum;
  bool per_source = false;           // also keep each replicator's own value
  std::string_view merged_label;     // a label summed within a source ("" = none)
};

// The aggregation of every metric the suite reads is stated here and in docs/slo.md: lag is
// the worst replica's (max), counters and depths add up over endpoints and series (sum).
inline constexpr std::array<SampledMetric, 8> kSampledMetrics = {{
    {kReplicatorLag, scrape::Aggregation::kMax, true, ""},
    {kReplicatorEvents, scrape::Aggregation::kSum, true, "result"},
    {kDlqDepth, scrape::Aggregation::kSum, false, ""},
    // Counters are sampled too: a decrease between two samples is a reset the before/after
    // scrapes alone can miss (a series created during the run has no "before"); the WAL "ok"
    // counter is what the lag accounting compares with the replicated events.
    {kWriteThroughAttempts, scrape::Aggregation::kSum, false, ""},
    {kWriteThroughResults, scrape::Aggregation::kSum, false, ""},
    {kWalResults, scrape::Aggregation::kSum, false, ""},
    {kWalResultsOk, scrape::Aggregation::kSum, false, ""},
    {kRequestSecondsCount, scrape::Aggregation::kSum, false, ""},
}};

// The metric names each SLO reads, as PromQL names them (a histogram by its _bucket and _count
// series): the queries a finding shows and the Prometheus problems that make it INCONCLUSIVE
// follow this table. SLOs not listed (ErrorRate, LatencyP95) read only the client's own
// measurements; ZeroLoss reads the replicated events only to prove a loss the audit found.
struct SloMetrics {
  std::string_view slo;
  std::array<std::string_view, 3> metrics;  // "" after the last
};
inline constexpr std::array<SloMetrics, 7> kSloMetrics = {{
    {"WriteThroughAttempts", {kWriteThroughAttempts}},
    {"WriteThroughResultsOk", {kWriteThroughResults}},
    {"WalResultsOk", {kWalResults}},
    {"ReplicationLag", {kReplicatorLag, kReplicatorEvents, kWalResults}},
    {"DlqDepth", {kDlqDepth}},
    {"ZeroLoss", {kReplicatorEvents}},
    {"Reconciliation", {kRequestSecondsCount, kRequestSecondsBucket, kWriteThroughAttempts}},
}};

// The metric names `slo` reads (kSloMetrics); empty for an SLO that reads none.
std::vector<std::string_view> MetricsReadBy(std::string_view slo);

// Every metric name some SLO reads, each once, in kSloMetrics's order: what a run whose
// metrics come from Prometheus asks it for (scrape::PrometheusSource's `metrics`).
std::vector<std::string> MetricsRead();

}  // namespace slogate::slo
