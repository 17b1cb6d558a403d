// SeedSummary: the one-run JSON summary that `slogate run` prints.
//
// It keeps every field of the upstream harness's output (same names, same units: seconds,
// nearest-rank percentiles) so existing dashboards and scripts keep working, and adds the
// fields that make the numbers trustworthy (drops, send lateness, service time, error
// categories). docs/report.md maps each field to its RunResult source.
#pragma once

#include <nlohmann/json.hpp>

#include "slogate/load/run_result.h"

namespace slogate::report {

// Seed-compatible summary of `run`. Latencies in seconds; p50/p95/p99/avg come from the
// coordinated-omission-corrected histogram (from the intended send time). Pure; thread-safe.
nlohmann::json SeedSummary(const load::RunResult& run);

}  // namespace slogate::report
