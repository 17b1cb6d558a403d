// ErrorRate and LatencyP95: judged from the client's own measurements (RunResult).
#include <string>

#include "judge.h"

namespace slogate::slo {

using internal::Judge;

namespace {

// True when the run breaches only because of arrivals dropped at a full cap: without them
// (still counted in the denominator, as they were asked for) it would be within the bound.
bool CapDropsAloneBreach(const load::RunResult& run, double bound) {
  const uint64_t denominator = run.completed + run.dropped;
  if (run.dropped_at_cap == 0 || denominator == 0) return false;
  const uint64_t other_failures = run.errors + (run.dropped - run.dropped_at_cap);
  return static_cast<double>(other_failures) / static_cast<double>(denominator) < bound;
}

}  // namespace

Finding ErrorRate(const Observations& observations, const SloSet& slos) {
  Judge judge("ErrorRate", observations, slos);
  const load::RunResult& run = observations.run;
  const double rate = run.ErrorRate();
  const double bound = slos.thresholds.max_error_rate;
  judge.Measured(rate, "ratio")
      .Threshold(bound)
      .Add("completed", static_cast<double>(run.completed), "count")
      .Add("errors", static_cast<double>(run.errors), "count")
      .Add("dropped", static_cast<double>(run.dropped), "count")
      .Add("dropped_at_cap", static_cast<double>(run.dropped_at_cap), "count");
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  if (auto problem = internal::GeneratorBehind(judge)) return *problem;
  const std::string counts = " (" + std::to_string(run.errors) + " errors + " +
                             std::to_string(run.dropped) + " dropped of " +
                             std::to_string(run.completed + run.dropped) + ")";
  if (rate < bound) {
    return judge.Pass("error rate " + internal::Percent(rate) + " < " + internal::Percent(bound) +
                      " threshold" + counts);
  }
  if (CapDropsAloneBreach(run, bound)) {
    if (auto problem = internal::CapTooSmallForTheSlo(judge)) return *problem;
  }
  return judge.Fail("error rate " + internal::Percent(rate) + " >= " + internal::Percent(bound) +
                    " threshold" + counts);
}

Finding LatencyP95(const Observations& observations, const SloSet& slos) {
  Judge judge("LatencyP95", observations, slos);
  const load::RunResult& run = observations.run;
  const auto p95 = run.latency.Percentile(0.95);
  const auto bound = slos.thresholds.latency_p95;
  judge.Measured(internal::ToMillis(p95), "ms")
      .Threshold(internal::ToMillis(bound))
      .Add("p50_ms", internal::ToMillis(run.latency.Percentile(0.50)), "ms")
      .Add("p99_ms", internal::ToMillis(run.latency.Percentile(0.99)), "ms")
      .Add("service_time_p95_ms", internal::ToMillis(run.service_time.Percentile(0.95)), "ms")
      .Add("slot_waits", static_cast<double>(run.slot_wait.count()), "count");
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  if (auto problem = internal::GeneratorBehind(judge)) return *problem;
  if (run.latency.count() == 0) {
    return judge.Inconclusive("no latency was recorded");
  }
  std::string detail = " (corrected, over " + std::to_string(run.latency.count()) +
                       " requests; service-time p95 " +
                       internal::Millis(run.service_time.Percentile(0.95));
  if (run.slot_wait.count() > 0) {
    // The target answered too slowly for the rate under the cap: arrivals queued for a slot,
    // and that wait is part of the latency its users would see.
    detail += "; " + std::to_string(run.slot_wait.count()) + " arrivals waited for one of the " +
              std::to_string(run.concurrency) + " slots, p95 wait " +
              internal::Millis(run.slot_wait.Percentile(0.95));
  }
  detail += ")";
  if (p95 < bound) {
    return judge.Pass("p95 " + internal::Millis(p95) + " < " + internal::Millis(bound) +
                      " threshold" + detail);
  }
  // Within the threshold on the wire, over it only with the waits for a slot added.
  if (run.service_time.Percentile(0.95) < bound && run.slot_wait.count() > 0) {
    if (auto problem = internal::CapTooSmallForTheSlo(judge)) return *problem;
  }
  return judge.Fail("p95 " + internal::Millis(p95) + (p95 == bound ? " >= " : " > ") +
                    internal::Millis(bound) + " threshold" + detail);
}

}  // namespace slogate::slo
