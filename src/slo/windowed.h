// Windowed SLOs: ErrorRate and LatencyP95 judged per sliding window of the run as well as over
// the whole run, when the profile asks for it (config::WindowedSlo; docs/slo.md, "Windowed").
//
// A whole-run number averages a bad stretch away: 40 s of 14% errors inside a quiet hour is
// 0.2%. Windows of `window` seconds slide one second at a time over RunResult::per_second,
// within the sending time only; a breach that lasts at least `sustained` seconds of
// consecutive windows FAILs a finding the whole run would have passed, naming its worst window.
// Pure; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "slogate/slo/evaluate.h"
#include "slogate/stats/confidence.h"

namespace slogate::slo::internal {

// How one SLO judges a window. Tallies are per second: trials and failures (completions and
// errors, or OK responses and those at or above the latency threshold).
struct WindowRule {
  int64_t window_seconds = 1;     // >= 1
  int64_t sustained_seconds = 1;  // >= 1: consecutive breaching windows that make a breach
  uint64_t min_trials = 1;        // fewer in a window: not judged
  std::function<bool(const stats::WindowTally&)> breaches;
};

// One window: seconds [start_second, start_second + window_seconds) of the run.
struct WindowTallied {
  int64_t start_second = 0;
  stats::WindowTally tally;
  double share() const;  // failures / trials
};

struct WindowScan {
  int64_t windows = 0;  // whole windows within the sending time
  int64_t judged = 0;   // of those, with at least min_trials
  // The highest share among the windows of sustained breaches when there is one, else among
  // all judged windows; earliest on a tie. Meaningless while judged == 0.
  WindowTallied worst;
  int64_t longest_breach_seconds = 0;    // longest run of consecutive breaching windows
  int64_t sustained_breach_seconds = 0;  // windows in runs of at least sustained_seconds
  int sustained_breaches = 0;            // how many such runs
};

// Slides the rule's windows one second at a time over `seconds` (one tally per whole second of
// the sending time, from second 0). A window that is not judged ends a run of breaches.
WindowScan ScanWindows(const std::vector<stats::WindowTally>& seconds, const WindowRule& rule);

// The smallest number of completions in which a single error stays below `max_error_rate`:
// fewer, and one stray error would read as a breach of the window.
uint64_t MinCompletionsPerWindow(double max_error_rate);

// `whole_run` (ErrorRate or LatencyP95 judged over the whole run) with the profile's windows
// applied: unchanged when windows are off or the measurement cannot be trusted (target
// unreachable, generator behind); a sustained breach turns a PASS, or an INCONCLUSIVE whose
// whole-run value is within the threshold (not enough evidence), into a FAIL naming the worst
// window; otherwise the message notes what the windows showed. Measurements gain the windows'
// figures whenever they were scanned.
Finding WithErrorRateWindows(Finding whole_run, const Observations& observations,
                             const SloSet& slos);
Finding WithLatencyWindows(Finding whole_run, const Observations& observations, const SloSet& slos);

}  // namespace slogate::slo::internal
