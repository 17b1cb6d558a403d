// The plain half of the end-to-end lag probes: options and results. No I/O; slo reads
// LagProbeResult without linking the prober (lag_prober.h).
//
// While the load runs, a few acknowledged writes per second are read back through the audit
// URL until each is readable. The time from the client receiving the 200 to the first 200 of
// the read-back is the replication lag the SLO is about, measured by the suite itself rather
// than claimed by the target's gauge.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "slogate/scrape/scrape_types.h"
#include "slogate/stats/histogram.h"

namespace slogate::scrape {

struct LagProbeOptions {
  // The audit URL, with the placeholder {event_id} (as AuditOptions::url_template).
  std::string url_template;
  std::string bearer_token;  // sent as "Authorization: Bearer"; never logged
  // Probes started per second at most: each tick, the next acknowledged write is probed.
  double per_second = 4;
  int max_in_flight = 4;  // probe requests in flight at once, on the prober's own connections
  // A probe asks again at most this long after a 404 (the first waits are shorter, see
  // docs/scrape.md): the resolution of each measured lag.
  std::chrono::milliseconds poll_interval{100};
  // A write not readable this long after its acknowledgement ends as kNeverReadable.
  std::chrono::milliseconds max_wait{30000};
  std::chrono::milliseconds request_timeout{2000};
  // Probes kept at most (memory bound); acknowledgements past it are not probed and counted.
  std::size_t max_probes = 20000;
};

enum class ProbeOutcome {
  kReadable,       // a read-back answered 200
  kNeverReadable,  // still 404 at max_wait after the acknowledgement
  kError,          // the last read-back failed otherwise (status other than 200/404, transport)
  kUnfinished,     // the prober was stopped before the write became readable
};

// "readable", "never_readable", "error", "unfinished".
std::string_view ProbeOutcomeName(ProbeOutcome outcome);

// One probed acknowledged write. Its true lag (acknowledgement to readable) lies in
// [LagAtLeast(), LagAtMost()]: not readable when the last 404 was asked for, readable when the
// first 200 came back.
struct LagProbe {
  std::string event_id;  // as acknowledged (bounded by the response capture)
  WallTime acked_at;     // when the client received the write's 200
  // When the last read-back that answered 404 was sent; equal to acked_at when none did.
  WallTime last_absent_at;
  // When the first 200 of a read-back was received; meaningful for kReadable only.
  WallTime readable_at;
  ProbeOutcome outcome = ProbeOutcome::kUnfinished;
  std::uint32_t requests = 0;
  std::string error;  // the last failure of a kError probe (names the URL, not the token)

  std::chrono::nanoseconds LagAtLeast() const { return last_absent_at - acked_at; }
  // For kReadable; for the other outcomes the lag is unbounded above.
  std::chrono::nanoseconds LagAtMost() const { return readable_at - acked_at; }
};

struct LagProbeResult {
  LagProbeOptions options;           // what was asked (bearer_token cleared)
  std::vector<LagProbe> probes;      // in order of acked_at
  stats::Histogram readable_lag;     // LagAtMost() of every kReadable probe
  std::uint64_t acks_offered = 0;    // acknowledged writes the load reported
  std::uint64_t ids_too_long = 0;    // of those: event ids too long to probe (over 128 bytes)
  std::uint64_t over_limit = 0;      // ticks with no probe started because max_probes was reached
  std::uint64_t requests = 0;        // read-back requests sent, all probes
  std::uint64_t request_errors = 0;  // of those: neither 200 nor 404
  std::string first_error;           // the first of those, naming the URL
  // Time the read-backs took, summed over requests (their cost to the target), and the
  // prober's own wall time from start to stop.
  std::chrono::nanoseconds request_time{0};
  std::chrono::nanoseconds active_time{0};
};

}  // namespace slogate::scrape
