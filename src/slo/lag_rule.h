// What the three kinds of ReplicationLag evidence share (docs/slo.md, "ReplicationLag"): the
// judged range of the run, the burst/recovery tolerance, and the shape of one verdict.
//
// Each kind of evidence (read-back probes, write accounting, the target's lag gauge) turns its
// data into time-ordered LagPoints, each within the bound or a breach. WalkLagPoints then
// applies the one tolerance rule: a breach outside every allowed span (burst window plus its
// recovery window) fails at once; inside one, it is tolerated only if the last point inside
// that span is within the bound.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "slogate/config/config.h"
#include "slogate/load/run_result.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::slo::internal {

using WallTime = scrape::WallTime;

struct TimeSpan {
  WallTime begin;
  WallTime end;
};

// The part of the run a lag is judged over.
struct LagRange {
  WallTime run_start;
  WallTime judge_from;   // run_start + warm-up
  WallTime judge_until;  // end of sending
  std::chrono::nanoseconds max_lag{0};
  std::vector<TimeSpan> allowed;  // burst window + recovery window, merged, time order
};

// One judged moment: within the bound when `breach` is empty.
struct LagPoint {
  WallTime at;
  std::string breach;  // what broke the bound, with its time
  double value = 0;    // the lag behind a breach, seconds
};

struct WalkResult {
  bool failed = false;
  std::string detail;         // the FAIL detail, naming the burst window when one was involved
  double worst = 0;           // the value behind a FAIL, seconds
  std::size_t recovered = 0;  // burst excursions that came back within their recovery window
};

// The judged range of a run that started at `run_start`, with `bursts` (offsets from the
// start, as RunResult::burst_windows) and `sending` the time it sent for: from the end of the
// warm-up to the end of sending, each burst widened by the recovery window (merged where they
// touch), max_lag from `bounds`. The finished run's and a live run's range alike.
LagRange JudgedLagRange(WallTime run_start, const std::vector<load::Interval>& bursts,
                        std::chrono::nanoseconds sending, const config::Thresholds& bounds);

// The allowed span holding `at`, or nullptr.
const TimeSpan* AllowedSpan(const std::vector<TimeSpan>& allowed, WallTime at);

// The tolerance rule above over time-ordered points. Pure.
WalkResult WalkLagPoints(const std::vector<LagPoint>& points, const LagRange& range);

enum class LagVerdict { kPass, kFail, kInconclusive };

// One kind of evidence's verdict. `detail` says why (a breach, a coverage gap, a reset); for a
// PASS it is empty. `worst` is the lag behind a FAIL, seconds.
struct EvidenceVerdict {
  LagVerdict verdict = LagVerdict::kInconclusive;
  std::string detail;
  double worst = 0;
  std::size_t recovered = 0;
};

// FAIL when the walk failed, else PASS (a caller whose evidence must also cover the run turns
// that into INCONCLUSIVE when it does not).
EvidenceVerdict WalkVerdict(const WalkResult& walk);

// "+12.25 s": a moment as an offset from the run start.
std::string At(WallTime at, WallTime run_start);
double SecondsBetween(WallTime from, WallTime to);

}  // namespace slogate::slo::internal
