// A run's causes in a line each, for people: why requests failed, what was acknowledged, and
// latency split by outcome. The console report, the HTML report and `slogate run` print these,
// so the wording is the same everywhere. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>

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

}  // namespace slogate::report
