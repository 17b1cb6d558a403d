// A run's causes in a line each, for people: why requests failed, what was acknowledged, and
// latency split by outcome; the thresholds a run overrode; the live progress line. The console
// report, the HTML report, the suite and `slogate run` print these, so the wording is the same
// everywhere. Pure and thread-safe, except OverwriteProgressLine, which writes to a terminal.
#pragma once

#include <cstddef>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "slogate/load/engine.h"
#include "slogate/load/run_result.h"

namespace slogate::report {

// At most this many causes are named in ErrorCausesLine; the rest are summed as "+N more".
inline constexpr size_t kMaxNamedCauses = 8;

// "errors: HTTP 401 × 600" or "errors: HTTP 429 × 12, connect × 3": the failing HTTP statuses
// (error_status_counts), then the categories that failed below HTTP (connect, timeout, tls,
// write, read, other), most frequent first. A run read from a file that has no statuses names
// the status categories instead ("status_5xx × 3"). At most kMaxNamedCauses causes, then
// "+N more (M requests)". Empty when no request failed.
std::string ErrorCausesLine(const load::RunResult& run);

// "acknowledged 600: 570 with distinct event_ids, 30 without, 0 repeated" — every OK response
// is an acknowledged write, and only the distinct ids can be audited. "acknowledged 600
// (event_ids not kept)" when ids were not captured. Empty when nothing was acknowledged.
std::string AcknowledgedLine(const load::RunResult& run);

// "p95 of 588 OK responses 12.3 ms, of 12 failed requests 1.1 ms" (corrected latency, from
// the intended send time; "-" for a side without requests). A target that fails fast shows
// here, not in the OK figure.
std::string LatencySplitLine(const load::RunResult& run);

// "thresholds overridden for this run (SLO_THRESHOLDS / --threshold): latency_p95=200ms,
// max_error_rate=0.01" from a results file's config.overrides.thresholds (config::ToJson); empty
// when the run used the profile file's thresholds as they are. The table's THRESHOLD column shows
// the values in force; this says they are not the file's.
std::string OverriddenThresholdsText(const nlohmann::json& config);

// The live line of a run in progress, for a terminal (slogate run, the suite):
// "  12.0s  sent 240 (20/s of 20/s)  in flight 2  errors 0  dropped 0  p95 3.1 ms" (the p95 of
// the last whole second; "-" before there is one), and with `lag_peak_seconds` (the suite,
// sampling the target's metrics) "  lag max 120 ms": the highest replication lag the gauge has
// read so far.
std::string ProgressLine(const load::Progress& progress,
                         std::optional<double> lag_peak_seconds = std::nullopt);

// ProgressLine written over the previous one on `terminal` (a carriage return first, the rest
// of the line cleared after it), flushed.
void OverwriteProgressLine(std::FILE* terminal, const load::Progress& progress,
                           std::optional<double> lag_peak_seconds = std::nullopt);

}  // namespace slogate::report
