// Number formatting shared by the human-readable reporters (console, HTML).
// Locale-independent (std::to_chars). Pure; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "slogate/common/wall_time.h"
#include "slogate/slo/finding.h"
#include "slogate/stats/histogram.h"

namespace slogate::report {

// `value` with at most `digits` significant digits, no exponent for ordinary magnitudes:
// 212.4, 0.005, 1500.
std::string FormatSignificant(double value, int digits = 4);

// A finding's number in its unit: "0.120%" for "ratio", "212.4 ms" for "ms" (and for "s" below
// one second), "2.31 s", "3 events", "3" for "count" or no unit. "-" when empty.
std::string FormatMeasured(std::optional<double> value, std::string_view unit);

// A count with thousands separated by commas: 1310 -> "1,310".
std::string FormatCount(std::uint64_t count);

// A duration for people: "850 µs", "212.4 ms", "2.31 s".
std::string FormatLatency(std::chrono::nanoseconds value);

// A number of seconds (as the config and the gauges give them) the same way; one that no
// duration holds (NaN, infinite, a billion seconds or more either way) as a plain number of s.
std::string FormatSeconds(double seconds);

// FormatLatency of the histogram's q-quantile, or "-" when it holds no value (a percentile of
// nothing is not 0).
std::string FormatPercentile(const stats::Histogram& histogram, double q);

// "2026-11-27T10:54:24Z" and "2026-11-27T10:54:24.125Z" (UTC; the latter a time Prometheus's
// API and expression browser take as it is).
using wall_time::FormatUtc;
using wall_time::FormatUtcMillis;

// The outcome as shown to people: OutcomeName ("PASS", "FAIL", "INCONCLUSIVE", "SKIPPED").
std::string_view OutcomeText(slo::Outcome outcome);

// Inverse of slo::OutcomeName; empty for any other text.
std::optional<slo::Outcome> OutcomeFromName(std::string_view name);

}  // namespace slogate::report
