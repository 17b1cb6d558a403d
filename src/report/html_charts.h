// Builds the HTML report's charts from a ResultsDocument (data selection only; svg_chart draws).
#pragma once

#include "slogate/report/results_document.h"
#include "svg_chart.h"

namespace slogate::report {

// Completions and errors per second, with the target rate as a threshold line.
Chart ThroughputChart(const ResultsDocument& document);
// Corrected p50/p95/p99 per second, in ms, with the p95 threshold when a finding has one.
Chart LatencyChart(const ResultsDocument& document);
// Sampled replication lag with the lag threshold (ReplicationLag finding, else 2 s), the burst
// windows shaded and, lighter, the recovery window after each (config thresholds).
Chart LagChart(const ResultsDocument& document);
// Sampled DLQ depth.
Chart DlqChart(const ResultsDocument& document);

}  // namespace slogate::report
