// ReplicationLag: which evidence decides (docs/slo.md, "ReplicationLag"). A breach proven by
// read-back probes or by write accounting fails; the target's gauge decides only when there
// are no probes, and otherwise is checked against what the probes measured.
#include <algorithm>
#include <string>

#include "counters.h"
#include "lag_evidence.h"

namespace slogate::slo {
namespace {

using internal::Judge;
using internal::LagVerdict;
using internal::SecondsText;
using internal::ToSeconds;

internal::LagRange RunRange(const load::RunResult& run, const config::Thresholds& bounds) {
  const auto sending =
      run.sending_time > std::chrono::nanoseconds(0) ? run.sending_time : run.duration;
  return internal::JudgedLagRange(run.started_at, run.burst_windows, sending, bounds);
}

std::string ProbeSummary(const internal::ProbeEvidence& probes) {
  const uint64_t judged = probes.within + probes.breaches + probes.undecided;
  return std::to_string(judged) + " read-back probes (" + std::to_string(probes.within) +
         " within, " + std::to_string(probes.breaches) + " over the bound, " +
         std::to_string(probes.undecided) + " undecided; p95 " + SecondsText(probes.p95_s) +
         ", max " + SecondsText(probes.max_s) + ")";
}

std::string AccountingSummary(const internal::AccountingEvidence& accounting) {
  if (!accounting.unavailable.empty()) {
    return "no write accounting (" + accounting.unavailable + ")";
  }
  std::string text = "accounting over " + std::to_string(accounting.judged) + " samples against " +
                     accounting.acknowledged_from;
  if (accounting.verdict.verdict == LagVerdict::kInconclusive) return text + " (counter reset)";
  if (accounting.max_deficit <= 0) {
    if (accounting.base_slack < 1) return text + " (no deficit)";
    return text + " (no deficit; a deficit of up to " + internal::Num(accounting.base_slack, 0) +
           " writes cannot show: that many were acknowledged around its base sample)";
  }
  text += " (max deficit " + internal::Num(accounting.max_deficit, 0);
  // A deficit's own sentence names the replicators that stopped.
  if (accounting.verdict.verdict == LagVerdict::kFail) text += "; " + accounting.verdict.detail;
  return text + ")";
}

// With probes: does the gauge tell the same story as the read-backs? (docs/slo.md states it.)
std::string GaugeAgainstProbes(const internal::GaugeEvidence& gauge,
                               const internal::ProbeEvidence& probes, double bound) {
  if (!gauge.untrusted.empty()) return "lag gauge not compared (" + gauge.untrusted + ")";
  if (probes.within + probes.breaches == 0) return "lag gauge not compared (no decided probe)";
  const bool gauge_over = gauge.max_live_lag > bound;
  const bool probes_over = probes.breaches > 0;
  const bool gauge_silent = !gauge.exposed || gauge.max_live_lag == 0;
  if (gauge_over == probes_over && !(gauge_silent && probes.at_least_s > 1)) {
    return gauge.exposed ? "lag gauge agrees" : "lag gauge not exposed";
  }
  const std::string reads = !gauge.exposed ? "was never exposed"
                            : gauge_silent ? "never moved off 0 s"
                                           : "reads " + SecondsText(gauge.max_live_lag);
  const std::string measured = probes_over || gauge_silent
                                   ? "at least " + SecondsText(probes.at_least_s)
                                   : "at most " + SecondsText(probes.max_s);
  return "the target's lag gauge " + reads + " while read-back measured " + measured +
         ": its lag metric is wrong";
}

std::string GaugeAlone(const internal::GaugeEvidence& gauge) {
  if (!gauge.untrusted.empty()) return "lag gauge unread";
  if (!gauge.exposed) return "no lag gauge";
  return "lag gauge: live lag at most " + SecondsText(gauge.max_live_lag) + " over " +
         std::to_string(gauge.judged) + " samples after the warm-up (" +
         std::to_string(gauge.stale) + " without a new event" +
         (gauge.per_source ? ", per replicator" : "") + ")";
}

void AddMeasurements(Judge& judge, const internal::ProbeEvidence* probes,
                     const internal::AccountingEvidence& accounting,
                     const internal::GaugeEvidence& gauge) {
  if (probes != nullptr) {
    judge.Add("probes_readable", static_cast<double>(probes->readable), "count")
        .Add("probes_never_readable", static_cast<double>(probes->never_readable), "count")
        .Add("probes_error", static_cast<double>(probes->errors), "count")
        .Add("probes_unfinished", static_cast<double>(probes->unfinished), "count")
        .Add("probes_within", static_cast<double>(probes->within), "count")
        .Add("probes_over_bound", static_cast<double>(probes->breaches), "count")
        .Add("probes_undecided", static_cast<double>(probes->undecided), "count")
        .Add("probe_p95_lag_s", probes->p95_s, "s")
        .Add("probe_max_lag_s", probes->max_s, "s");
  }
  judge.Add("accounting_samples", static_cast<double>(accounting.judged), "count")
      .Add("accounting_max_deficit", std::max(0.0, accounting.max_deficit), "count")
      .Add("gauge_max_live_lag_s", gauge.max_live_lag, "s")
      .Add("gauge_judged_samples", static_cast<double>(gauge.judged), "count")
      .Add("gauge_stale_samples", static_cast<double>(gauge.stale), "count")
      .Add("failed_samples", static_cast<double>(gauge.failed), "count");
}

enum class Decider { kProbes, kAccounting, kGauge };

// The finding of the evidence that decided; `pass_value` is the lag a PASS reports.
Finding Decide(Judge& judge, Decider decider, const internal::EvidenceVerdict& verdict,
               double pass_value, const std::string& evidence) {
  const double bound = ToSeconds(judge.slos().thresholds.max_lag);
  judge.Add("decided_by_probes", decider == Decider::kProbes ? 1 : 0, "bool")
      .Add("decided_by_accounting", decider == Decider::kAccounting ? 1 : 0, "bool")
      .Add("decided_by_gauge", decider == Decider::kGauge ? 1 : 0, "bool");
  const std::string recovered = verdict.recovered > 0
                                    ? "; " + std::to_string(verdict.recovered) +
                                          " burst excursion(s) recovered within the recovery window"
                                    : "";
  switch (verdict.verdict) {
    case LagVerdict::kFail:
      judge.Measured(verdict.worst, "s");
      return judge.Fail(verdict.detail + "; evidence: " + evidence);
    case LagVerdict::kPass:
      judge.Measured(pass_value, "s");
      return judge.Pass("lag at most " + SecondsText(pass_value) + " <= " + SecondsText(bound) +
                        "; evidence: " + evidence + recovered);
    case LagVerdict::kInconclusive:
      break;
  }
  return judge.Inconclusive(verdict.detail + "; evidence: " + evidence);
}

}  // namespace

Finding ReplicationLag(const Observations& observations, const SloSet& slos) {
  Judge judge("ReplicationLag", observations, slos);
  if (auto problem = internal::WritePathGate(judge)) return *problem;
  if (observations.run.ok == 0) {
    return judge.Inconclusive("no write was acknowledged (0 OK responses of " +
                              std::to_string(observations.run.completed) +
                              "), so there was nothing to replicate");
  }
  const auto off =
      internal::FeatureOff(judge, internal::ReplicatorFeature(), slos.rules.replicator);
  if (off) return *off;
  const double bound = internal::ToSeconds(slos.thresholds.max_lag);
  judge.Threshold(bound);
  const internal::LagRange range = RunRange(observations.run, slos.thresholds);
  std::optional<internal::ProbeEvidence> probes;
  if (observations.lag_probes) probes = internal::JudgeProbes(*observations.lag_probes, range);
  const internal::AccountingEvidence accounting = internal::JudgeAccounting(observations, range);
  const internal::GaugeEvidence gauge = internal::JudgeGauge(observations, range);
  AddMeasurements(judge, probes ? &*probes : nullptr, accounting, gauge);
  const auto& accounted = accounting.verdict;
  if (probes) {
    const std::string evidence = ProbeSummary(*probes) + ", " + AccountingSummary(accounting) +
                                 ", " + GaugeAgainstProbes(gauge, *probes, bound);
    if (probes->verdict.verdict == LagVerdict::kPass && accounted.verdict != LagVerdict::kFail &&
        observations.run.duplicate_event_ids > 0) {
      // A repeated id may name an older write already replicated: a read-back of it shows
      // nothing about the new write's lag.
      internal::EvidenceVerdict repeated;
      repeated.detail = std::to_string(observations.run.duplicate_event_ids) +
                        " acknowledged writes repeated an earlier write's event_id, so a read-back "
                        "may have found an older write instead of the one probed";
      return Decide(judge, Decider::kProbes, repeated, 0, evidence);
    }
    if (probes->verdict.verdict == LagVerdict::kFail || accounted.verdict != LagVerdict::kFail) {
      return Decide(judge, Decider::kProbes, probes->verdict, probes->max_s, evidence);
    }
    return Decide(judge, Decider::kAccounting, accounted, 0, evidence);
  }
  const std::string evidence =
      "no read-back probes, " + AccountingSummary(accounting) + ", " + GaugeAlone(gauge);
  if (accounted.verdict == LagVerdict::kFail) {
    return Decide(judge, Decider::kAccounting, accounted, 0, evidence);
  }
  if (!gauge.untrusted.empty()) {
    return judge.Inconclusive(gauge.untrusted + "; evidence: " + evidence);
  }
  if (!gauge.unreachable.empty()) {
    return judge.Inconclusive("metrics endpoint unreachable during sampling: " + gauge.unreachable);
  }
  if (!gauge.missing.empty()) return internal::MissingData(judge, gauge.missing);
  internal::EvidenceVerdict verdict = gauge.verdict;
  if (verdict.verdict == LagVerdict::kInconclusive && gauge.failed > 0) {
    verdict.detail +=
        " (" + std::to_string(gauge.failed) + " samples failed: " + gauge.first_error + ")";
  }
  return Decide(judge, Decider::kGauge, verdict, gauge.max_live_lag, evidence);
}

}  // namespace slogate::slo
