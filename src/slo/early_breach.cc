// The fail-fast rule (early_breach.h): each SLO's breach is certain only when the counts so far
// break it for every way the rest of the run could go.
#include "slogate/slo/early_breach.h"

#include <cmath>
#include <string>

#include "judge.h"
#include "lag_rule.h"
#include "slogate/common/quote.h"

namespace slogate::slo {
namespace {

using internal::Num;
using internal::Percent;

// The most of `planned` that may fail while the share stays strictly under `bound` (the SLO
// holds when failures / requests < bound): ceil(bound x planned) - 1. Rounding in the product
// can only raise it, i.e. abort later, never sooner.
uint64_t MostAllowed(double bound, uint64_t planned) {
  const double limit = std::ceil(bound * static_cast<double>(planned));
  return limit < 1 ? 0 : static_cast<uint64_t>(limit) - 1;
}

// ErrorRate: the run's rate is (errors + dropped) / (completed + dropped), and completed +
// dropped never exceeds `planned`, so once the errors alone pass what `planned` requests may
// have, no rest of the run brings the rate under the threshold. Connect errors count only once
// the target has answered something: a target that every request failed to reach is
// INCONCLUSIVE (internal::TargetUnreachable), but one that answered and then stopped accepting
// connections failed its users, and the final judgement counts those errors too. Drops are
// left out (at the cap they are the target's slowness, but the rule does not need them).
std::optional<EarlyStop> ErrorRateCertain(const LiveRun& live, const SloSet& slos) {
  const load::Progress& progress = live.progress;
  const uint64_t connect_errors = std::min(progress.errors, progress.connect_errors);
  const bool answered = progress.ok > 0 || progress.errors > connect_errors;
  const uint64_t errors = answered ? progress.errors : 0;
  const double bound = slos.thresholds.max_error_rate;
  const uint64_t allowed = MostAllowed(bound, live.planned);
  if (live.planned == 0 || errors <= allowed) return std::nullopt;
  return EarlyStop{progress.elapsed, "ErrorRate",
                   std::to_string(errors) + " errors so far" +
                       (connect_errors > 0 ? " (" + std::to_string(connect_errors) +
                                                 " of them could not connect)"
                                           : std::string()) +
                       " already exceed the " + std::to_string(allowed) +
                       " that the whole run of at most " + std::to_string(live.planned) +
                       " requests may have for an error rate under " + Percent(bound)};
}

// LatencyP95: a nearest-rank p95 of n OK responses is below the threshold only when fewer than
// n - ceil(0.95 n) <= 0.05 x planned of them are at or above it. ok_slow counts those (the
// engine compares each corrected latency with the threshold as its latency mark).
std::optional<EarlyStop> LatencyP95Certain(const LiveRun& live, const SloSet& slos) {
  const auto threshold = slos.thresholds.latency_p95;
  if (live.planned == 0 || threshold <= std::chrono::nanoseconds(0)) return std::nullopt;
  // Waits for a slot count in the corrected latency; with a cap too small for the rate the
  // finding may blame the profile (INCONCLUSIVE), so the slow answers prove nothing yet.
  if (internal::InFlightTheCapMayLack(live.concurrency, live.peak_rps, threshold) > 0) {
    return std::nullopt;
  }
  const double allowed = 0.05 * static_cast<double>(live.planned);
  const uint64_t slow = live.progress.ok_slow;
  // With fewer OK responses the finding is INCONCLUSIVE; OK responses so far are kept.
  if (live.progress.ok < internal::kMinOkForLatency) return std::nullopt;
  if (static_cast<double>(slow) <= allowed) return std::nullopt;
  return EarlyStop{live.progress.elapsed, "LatencyP95",
                   std::to_string(slow) + " OK responses so far took " +
                       internal::Millis(threshold) + " or longer, more than the " +
                       Num(allowed, 1) + " (5%) that a p95 under " + internal::Millis(threshold) +
                       " allows in the whole run of at most " + std::to_string(live.planned) +
                       " requests"};
}

// ReplicationLag: a read-back that answered 404 more than max_lag after its acknowledgement
// proves that write late, whatever comes after; ReplicationLag fails on such a probe unless it
// was acknowledged in the warm-up or inside a burst's recovery span (the run's own range).
std::optional<EarlyStop> ReplicationLagCertain(const LiveRun& live, const SloSet& slos) {
  if (!live.write_path || live.lagging.empty()) return std::nullopt;
  const internal::LagRange range = internal::JudgedLagRange(
      live.started_at, live.burst_windows, live.progress.elapsed, slos.thresholds);
  for (const scrape::LagProbe& probe : live.lagging) {
    if (probe.LagAtLeast() <= range.max_lag) continue;
    if (probe.acked_at < range.judge_from || probe.acked_at > range.judge_until) continue;
    if (internal::AllowedSpan(range.allowed, probe.acked_at) != nullptr) continue;
    return EarlyStop{
        live.progress.elapsed, "ReplicationLag",
        "the read-back of event_id " + QuoteForMessage(probe.event_id) + ", acknowledged at " +
            internal::At(probe.acked_at, range.run_start) + ", still answered 404 " +
            internal::SecondsText(internal::ToSeconds(probe.LagAtLeast())) +
            " later, over the " + internal::SecondsText(internal::ToSeconds(range.max_lag)) +
            " bound outside the warm-up and every burst's recovery window"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<EarlyStop> CertainBreach(const LiveRun& live, const SloSet& slos) {
  const config::AbortOnBreach& rule = slos.rules.abort_on_breach;
  if (!rule.enabled || live.progress.elapsed < rule.grace) return std::nullopt;
  if (auto stop = ErrorRateCertain(live, slos)) return stop;
  if (auto stop = LatencyP95Certain(live, slos)) return stop;
  return ReplicationLagCertain(live, slos);
}

}  // namespace slogate::slo
