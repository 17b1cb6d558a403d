// The ReplicationLag rule on plain, time-ordered data (docs/slo.md, "ReplicationLag").
//
// memory_replicator_lag_seconds is only set when the replicator applies an event, so its value
// alone cannot tell an idle replicator (old value, nothing to do) from a stalled one (frozen
// value, writes piling up). The rule reads it together with memory_replicator_events_total
// and the client's acknowledged writes:
//   - a lag sample is *live* only when the event counter moved since the previous sample;
//   - a sample is a *stall* when writes were acknowledged after the replicator's last
//     observed progress and more than max_lag before the sample, and it still has not moved;
//   - a breach is a live lag > max_lag, or a stall.
// After the warm-up, a breach outside every burst window (plus its recovery window) fails;
// inside one, the last sample of that window must not be a breach.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slogate/scrape/scrape_types.h"

namespace slogate::slo::internal {

using WallTime = scrape::WallTime;

struct LagSample {
  WallTime at;
  std::optional<double> lag_seconds;  // empty: the gauge was not exposed at that moment
  double events = 0;                  // replicator events counter (0 before its first event)
};

struct TimeSpan {
  WallTime begin;
  WallTime end;
};

// Writes acknowledged during [begin, end]: a client-side second of the run, or the span
// between two samples of the gateway's write-through attempts counter (finer, so a stall just
// over the bound is not hidden by whole-second granularity).
struct AckSpan {
  WallTime begin;
  WallTime end;
  uint64_t acked = 0;
};

struct LagRuleInput {
  std::vector<LagSample> samples;  // valid samples only, time order
  std::vector<AckSpan> acks;       // time order
  std::vector<TimeSpan> allowed;   // burst window + recovery window, merged, time order
  WallTime run_start;
  WallTime judge_from;   // run_start + warm-up
  WallTime judge_until;  // end of sending (coverage is required up to here)
  std::chrono::nanoseconds max_lag{0};
};

enum class LagVerdict { kPass, kFail, kInconclusive };

struct LagRuleResult {
  LagVerdict verdict = LagVerdict::kInconclusive;
  std::string detail;       // why, with times as offsets from the run start
  double max_live_lag = 0;  // highest live lag among judged samples, seconds
  double worst = 0;         // the value behind a FAIL (lag or stall age), seconds
  uint64_t judged_samples = 0;
  uint64_t stale_samples = 0;  // judged samples whose gauge was stale (no new event)
};

LagRuleResult ApplyLagRule(const LagRuleInput& input);

}  // namespace slogate::slo::internal
