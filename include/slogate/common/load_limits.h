// The one set of rules for the values that shape a load run — RPS, DURATION, CONCURRENCY and
// the URLs — shared by `slogate run` (load) and the suite's configuration (config), so both
// accept and reject exactly the same values with the same words.
//
// Each function returns the value or the problem; the problem quotes the text but not where
// it came from (the caller prefixes the variable or flag). Pure and thread-safe.
#pragma once

#include <chrono>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::limits {

// One process drives about 25k req/s per sending thread (load/engine.cc) with at most one
// sending thread per core, so a million a second is what a 40-core machine could honestly
// drive; beyond that one shards (`slogate run` copies at rate/N, then `slogate merge`). A rate
// past it from one process is a typo, not a plan: 1e9 only queues and drops arrivals, and
// past ~1e19 the arrival counts overflow. Every rate a user gives (RPS, a profile's rps,
// start_rps and burst rps, --ramp-from, --burst-rps) has this cap.
inline constexpr double kMaxRps = 1e6;

// Per-second windows stop at one million seconds (stats/windows.h: ~11.5 days).
inline constexpr std::chrono::seconds kMaxDuration{1'000'000};

// The longest single wait a user may ask for — a request timeout, a queue wait, a drain before
// the audit, a scrape timeout: long enough for any target worth gating, short enough that a
// typo ("10000h") cannot hold a CI job past its own time limit.
inline constexpr std::chrono::minutes kMaxWait{10};

// Every in-flight request holds a socket (a file descriptor and an ephemeral port); past
// this the process runs out of both long before the cap would matter.
inline constexpr int kMaxConcurrency = 100'000;

// A rate in requests per second: > 0 and <= kMaxRps; fractions and k/M suffixes ("0.5", "1.5k").
Result<double> ParseRps(std::string_view text);

// How long to send: > 0 and <= kMaxDuration; a bare number is seconds ("15", "90s", "2m").
Result<std::chrono::nanoseconds> ParseRunDuration(std::string_view text);

// A rate that may be 0 (a ramp's start, a burst window's rate): >= 0 and <= kMaxRps.
Result<double> ParseRateOrZero(std::string_view text);

// A wait: > 0 and <= kMaxWait; a bare number is seconds ("10", "500ms", "2m").
Result<std::chrono::nanoseconds> ParseWait(std::string_view text);

// An offset or a length inside a run (a burst's start, length or period): >= 0 and
// <= kMaxDuration; a bare number is seconds.
Result<std::chrono::nanoseconds> ParseRunOffset(std::string_view text);

// The in-flight cap: a whole number from 1 to kMaxConcurrency.
Result<int> ParseConcurrency(std::string_view text);

// An http:// or https:// URL with a host, a port 1..65535 when one is given, and no
// whitespace; a path, query or fragment may follow.
Status CheckHttpUrl(std::string_view url);

// CheckHttpUrl, and no path, query or fragment (one trailing '/' is allowed): the base that a
// request path (TARGET_PATH) is appended to.
Status CheckBaseUrl(std::string_view url);

}  // namespace slogate::limits
