// RunResult: everything one load run measured, as plain data.
//
// Produced by the load engine, consumed by slo (evaluation), report (output) and merge (shards).
// Latency histograms are kept whole (not just percentiles) so shards merge losslessly.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "slogate/stats/histogram.h"
#include "slogate/stats/windows.h"

namespace slogate::load {

// Why a request did not count as OK. Every request that is not OK lands in exactly one.
enum class ErrorCategory {
  kConnect,      // could not connect (refused, unreachable, DNS)
  kTimeout,      // no complete response within the per-request timeout
  kTls,          // TLS handshake or certificate failure
  kWrite,        // failed while sending the request
  kRead,         // failed while reading the response (reset, malformed HTTP)
  kStatus4xx,    // a 4xx other than 429
  kStatus429,    // 429 Too Many Requests
  kStatus5xx,    // any 5xx
  kStatusOther,  // any other status not in the OK set (1xx, 2xx/3xx not configured as OK)
  // An OK status whose event_id is longer than the engine keeps (256 bytes): not a gateway's
  // id, and kept it would make the run's memory the target's to grow. Counted, never stored.
  kEventIdTooLong,
  kOther,        // anything else libcurl reports
};

// "connect", "timeout", "tls", "write", "read", "status_4xx", "status_429", "status_5xx",
// "status_other", "event_id_too_long", "other": stable names used in JSON and reports.
std::string_view ErrorCategoryName(ErrorCategory category);

// A span of the run, as offsets from RunResult::started_at.
struct Interval {
  std::chrono::nanoseconds begin{0};
  std::chrono::nanoseconds end{0};
};

// One piece of the rate a schedule asked for: linear from rps_begin at `begin` to rps_end at
// `end` (offsets from RunResult::started_at). A burst schedule is steps, a ramp one slope.
struct RateSegment {
  std::chrono::nanoseconds begin{0};
  std::chrono::nanoseconds end{0};
  double rps_begin = 0;
  double rps_end = 0;

  friend bool operator==(const RateSegment&, const RateSegment&) = default;
};

// A rate plan longer than this (more than 255 bursts) is not kept: the report then draws the
// mean rate. Bounds the results file whatever the profile says.
inline constexpr size_t kMaxRateSegments = 512;
// No piece of a plan ends later than this after the run's start: twice the longest run
// (limits::kMaxDuration), room for shards started a while apart. Bounds what a file may say.
inline constexpr std::chrono::nanoseconds kMaxRateSegmentEnd = std::chrono::seconds(2'000'000);

// A generator's share of a schedule split across N generators (processes, pods): arrivals
// index, index + count, index + 2 * count, ... of the one schedule, so that the shards together
// send every arrival exactly once, at its time. {0, 1}: the whole schedule.
struct ShardSpec {
  int index = 0;
  int count = 1;

  friend bool operator==(const ShardSpec&, const ShardSpec&) = default;
};

// The most shards one run may be split into: far past any generator count that makes sense
// for one gateway, and small enough that a stride of shards × threads cannot overflow.
inline constexpr int kMaxShards = 10'000;

struct RunResult {
  // What was asked.
  std::string target_url;
  std::string path;
  double target_rps = 0;                 // mean rate the schedule asked for
  double peak_rps = 0;                   // highest rate the schedule asked for (bursts, ramps)
  std::chrono::nanoseconds duration{0};  // planned sending duration
  int concurrency = 0;                   // in-flight cap
  std::string schedule;                  // "constant", "ramp", "burst", "poisson"
  std::vector<Interval> burst_windows;   // high-rate windows of a burst schedule
  // The schedule's rate over time, in order and contiguous from 0 (a Poisson schedule's is its
  // mean rate); empty when it had more than kMaxRateSegments pieces, or the result predates it.
  std::vector<RateSegment> rate_plan;
  // Which share of the schedule this result sent: {0, 1} for a whole run (merged ones too).
  ShardSpec shard;
  // How the requests went out: "http1" (the engine's HTTP/1.1 framing on libcurl's
  // connections) or "curl" (a libcurl transfer each); shares sent both ways merge as
  // "curl+http1". Empty in results written before transports were named.
  std::string transport;

  // When it happened (wall clock, to line up with metric scrapes).
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point finished_at;  // after the drain
  // From the start to the later of the planned end and the last send (to the last send when
  // interrupted): the span achieved_rps is measured over.
  std::chrono::nanoseconds sending_time{0};
  bool interrupted = false;  // SIGINT/SIGTERM stopped sending early
  // RunHooks::abort stopped sending early: a breach was already certain. Arrivals not sent
  // because of it are counted in not_sent_at_stop.
  bool aborted = false;
  // LoadOptions::latency_mark of the run (per_second[i].ok_slow counts against it); zero: none.
  std::chrono::nanoseconds latency_mark{0};

  // Counts. scheduled = sent + dropped + not_sent_at_stop;
  //         sent = completed (ok + errors) + abandoned_in_flight.
  uint64_t scheduled = 0;  // arrivals the schedule produced
  uint64_t sent = 0;       // requests handed to the network
  uint64_t dropped = 0;    // arrivals that waited for a slot longer than the bound
  // Of `dropped`: those whose wait ran out while every slot was busy, i.e. the target answered
  // too slowly for the rate and the cap. The rest are the generator's own (its loop was late).
  uint64_t dropped_at_cap = 0;
  uint64_t not_sent_at_stop = 0;     // arrivals never sent because the run was stopped or aborted
  uint64_t completed = 0;            // responses or failures received
  uint64_t ok = 0;                   // status in the OK set
  uint64_t errors = 0;               // completed and not OK
  uint64_t abandoned_in_flight = 0;  // still in flight when the drain timeout expired
  double achieved_rps = 0;           // sent / sending_time
  std::map<ErrorCategory, uint64_t> errors_by_category;
  std::map<int, uint64_t> status_counts;  // every HTTP status seen (OK ones too)
  // The statuses of the completed requests that were not OK, with counts (the cause of an
  // error rate: "HTTP 401 x 600" reads differently from "HTTP 503 x 600").
  std::map<int, uint64_t> error_status_counts;

  // Latency from the *intended* send time (coordinated-omission corrected), OK and errors alike.
  stats::Histogram latency;
  // The same, split: OK responses only (LatencyP95 judges these), and completed requests that
  // were not OK (a refused connection or an instant 401 must not make a target look fast).
  stats::Histogram ok_latency;
  stats::Histogram failed_latency;
  // Service time: from the actual send to the response.
  stats::Histogram service_time;
  // Service time of OK responses only.
  stats::Histogram ok_service_time;
  // The generator's own delay of each send: from the later of its intended time and the moment
  // a slot was free, to the send. Waiting for a slot is not the generator's lateness.
  stats::Histogram send_lateness;
  // How long arrivals waited for a free slot (the concurrency cap was full): one value per
  // arrival that had to wait, none for the others.
  stats::Histogram slot_wait;
  // Per-second windows over the whole run.
  std::vector<stats::WindowSummary> per_second;

  // The distinct event_ids of the OK responses (zero-loss audit); each id once, in the order it
  // was first returned within its sending thread, threads one after the other.
  std::vector<std::string> event_ids;
  // OK responses that cannot be audited: no event_id in the body, or an event_id already
  // returned for an earlier OK response (counted once per repeat). Every OK response is an
  // acknowledged write: ok == event_ids.size() + ok_without_event_id + duplicate_event_ids
  // whenever event_ids are captured.
  uint64_t ok_without_event_id = 0;
  uint64_t duplicate_event_ids = 0;

  // Error rate over completed requests plus dropped arrivals (a drop is never silent).
  double ErrorRate() const {
    const uint64_t denominator = completed + dropped;
    return denominator == 0
               ? 0.0
               : static_cast<double>(errors + dropped) / static_cast<double>(denominator);
  }
};

}  // namespace slogate::load
