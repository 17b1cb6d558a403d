// What the end-to-end lag probes found and cost, bounded for the report: counts by outcome,
// the lag percentiles of the readable probes, the extra requests and their time — never one
// entry per probe (a long run probes thousands of writes).
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "slogate/common/result.h"
#include "slogate/scrape/lag_probe_types.h"

namespace slogate::report {

struct LagProbeSummary {
  double per_second = 0;                      // as configured
  std::chrono::nanoseconds poll_interval{0};  // as configured
  std::uint64_t acks_offered = 0;             // acknowledged writes the load reported
  std::uint64_t probed = 0;                   // probes started
  std::uint64_t readable = 0;                 // by outcome
  std::uint64_t never_readable = 0;
  std::uint64_t errors = 0;
  std::uint64_t unfinished = 0;
  std::uint64_t over_limit = 0;
  std::uint64_t ids_too_long = 0;
  // Lag (acknowledgement to readable) of the readable probes; empty when none was readable.
  std::optional<std::chrono::nanoseconds> lag_p50;
  std::optional<std::chrono::nanoseconds> lag_p95;
  std::optional<std::chrono::nanoseconds> lag_max;
  // The longest a probe that never became readable was known not to be (its last 404).
  std::optional<std::chrono::nanoseconds> unreadable_for_at_least;
  // The probes' cost: read-back requests sent, of them failures, their summed duration, and
  // the prober's wall time.
  std::uint64_t requests = 0;
  std::uint64_t request_errors = 0;
  std::string first_error;
  std::chrono::nanoseconds request_time{0};
  std::chrono::nanoseconds active_time{0};
};

// Pure; thread-safe.
LagProbeSummary SummarizeLagProbes(const scrape::LagProbeResult& result);

// The "lag_probes" object of the results file (docs/report.md), and back; errors name the
// field under `path`.
nlohmann::json LagProbeSummaryJson(const LagProbeSummary& summary);
Result<LagProbeSummary> ReadLagProbeSummary(const nlohmann::json& object, const std::string& path);

// One console line: "lag probes: 112 writes read back (p95 210 ms, max 430 ms), 1,310 extra
// GETs taking 2.1 s in all", with the probes that were not read back and the request errors
// added when there are any.
std::string LagProbeLine(const LagProbeSummary& summary);

}  // namespace slogate::report
