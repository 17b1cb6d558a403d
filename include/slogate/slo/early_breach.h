// CertainBreach: the fail-fast rule of abort_on_breach, judged on a live run.
//
// A breach is certain only when nothing the rest of the run could send would undo it: the
// errors so far already exceed what the whole schedule may have, more responses so far were at
// or above the latency threshold than a 95th percentile of the whole run allows, or a read-back
// probe outside the warm-up, bursts and their recovery windows has been unreadable (404) for
// longer than max_lag. Signals that would only make a finding INCONCLUSIVE (connect errors, a
// failing audit route, drops at the concurrency cap, slow answers a too small cap may have
// caused) never count. Pure; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "slogate/load/engine.h"
#include "slogate/load/run_result.h"
#include "slogate/scrape/lag_probe_types.h"
#include "slogate/slo/evaluate.h"
#include "slogate/slo/finding.h"

namespace slogate::slo {

struct LiveRun {
  std::chrono::system_clock::time_point started_at;  // the load's start (wall clock)
  // Arrivals the whole schedule produces, as an upper count: a Poisson schedule's count varies
  // around its mean, and the caller allows for that (the rules divide by this).
  uint64_t planned = 0;
  // The run's in-flight cap and peak rate: slow answers are not a certain breach while the cap
  // is too small for the rate at the threshold's latency (the finding may blame the profile).
  int concurrency = 0;
  double peak_rps = 0;
  std::vector<load::Interval> burst_windows;  // as RunResult::burst_windows
  load::Progress progress;                // totals so far (progress.elapsed: since the start)
  // LagProber::KnownLaggingBeyond(max_lag): probes already known to be later than max_lag.
  std::vector<scrape::LagProbe> lagging;
  bool write_path = true;
};

// The first SLO whose breach is certain, with the reason; nullopt when none is (yet), when
// abort_on_breach is off, or before its grace period has passed.
std::optional<EarlyStop> CertainBreach(const LiveRun& live, const SloSet& slos);

}  // namespace slogate::slo
