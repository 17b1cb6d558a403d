// Builds the HTML report's charts from a ResultsDocument (data selection only; svg_chart draws).
#pragma once

#include "slogate/report/results_document.h"
#include "svg_chart.h"

namespace slogate::report {

// Completions and errors per second, with the scheduled rate (RunResult::rate_plan) as a
// dashed line of steps or slopes, or the mean target rate when there is no plan.
Chart ThroughputChart(const ResultsDocument& document);
// Corrected p50/p95/p99 per second, in ms, with the p95 threshold when a finding has one.
Chart LatencyChart(const ResultsDocument& document);
// The percentile spectrum (p0 to p99.99, x = -log10 of the share above) of corrected latency
// and service time, in ms, like wrk2's and HdrHistogram's plots.
Chart LatencySpectrumChart(const ResultsDocument& document);
// Sampled replication lag with the lag threshold (ReplicationLag finding, else 2 s), the burst
// windows shaded and, lighter, the recovery window after each (config thresholds); marked on
// it, the spans the gauge read over the threshold, the spans the replicator stalled (sampled
// counters) and, as dotted levels, the end-to-end lag the probes measured.
Chart LagChart(const ResultsDocument& document);
// Sampled DLQ depth.
Chart DlqChart(const ResultsDocument& document);

}  // namespace slogate::report
