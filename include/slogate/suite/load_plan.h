// From a validated Config to the load engine's options for one (profile, endpoint) run.
//
// Pure and thread-safe: the mapping is unit-tested on its own so the conformance fixture only
// wires components together.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "slogate/common/result.h"
#include "slogate/config/config.h"
#include "slogate/load/load_options.h"
#include "slogate/load/schedule.h"
#include "slogate/slo/plan.h"

namespace slogate::suite {

// The load options of `profile` driven through `endpoint` against `target_url` (scheme://host
// [:port]). Burst windows must share one length and a fixed period (what the engine's burst
// schedule expresses); anything else is an error naming the profile. The latency mark is the
// LatencyP95 threshold, so slow OK answers are counted live and per second.
Result<load::LoadOptions> MakeLoadOptions(const config::Config& config,
                                          const config::LoadProfile& profile,
                                          const config::Endpoint& endpoint,
                                          const std::string& target_url);

// A warning, before the run, when the profile's concurrency cap is smaller than what its peak
// rate may need in flight with answers as slow as the latency threshold allows (rate x
// latency). Such a cap can fill for a target within the SLO, and the client SLOs then come
// out INCONCLUSIVE rather than judging the target. nullopt when the cap is large enough.
std::optional<std::string> CapTooSmallWarning(const std::string& profile_name,
                                              const load::LoadOptions& options,
                                              std::chrono::nanoseconds latency_threshold);

// The requests a run of `schedule` can be counted on to send, which is what a proof plan is
// sized by: the rate integral rounded down for a piecewise-linear schedule (it sends that many
// within one); for a Poisson one, two standard deviations (2 sqrt(N)) fewer, since its count
// varies by about sqrt(N) and the plan must not promise more than the run gives.
uint64_t PlannedRequests(const load::Schedule& schedule);

// The other side of the same count, for fail-fast, which must never call a breach certain that
// more requests could still undo: the most arrivals `options.schedule` produces (its rate
// integral plus one; for a Poisson schedule, five standard deviations more). 0 when the
// schedule is invalid.
uint64_t PlannedArrivalsAtMost(const load::LoadOptions& options);


// What a run of `profile` can prove as `config` judges it (its thresholds, the profile's
// confidence), sized by PlannedRequests of the schedule MakeLoadOptions gives it. Every
// endpoint of a profile runs the same schedule, so the plan is the profile's. Errors: the
// profile's schedule is invalid (named as MakeLoadOptions names it).
Result<slo::ProofPlan> PlanProfile(const config::Config& config,
                                   const config::LoadProfile& profile);

}  // namespace slogate::suite
