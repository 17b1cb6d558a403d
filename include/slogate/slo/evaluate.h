// SLO evaluation: Observations + SloSet -> one Finding per SLO and an overall Verdict.
//
// Pure (no I/O, no printing) and thread-safe. Each SLO has its own function so it can be
// unit-tested alone; Evaluate calls them in kSloNames order. The exact rules are in
// docs/slo.md.
#pragma once

#include <string>
#include <vector>

#include "slogate/config/config.h"
#include "slogate/slo/finding.h"
#include "slogate/slo/observations.h"

namespace slogate::slo {

// What the findings are judged against: one environment's thresholds and which SLOs' data
// is required.
struct SloSet {
  config::Environment environment = config::Environment::kLocal;
  config::Thresholds thresholds;
  config::Checks checks;
  config::VerdictRules rules;  // the profile's confidence, windows, fail-fast, presence rules
  // The profile's own checks over the target's metrics, judged after the built-in SLOs.
  std::vector<config::MetricCheck> metric_checks;
};

// The SloSet of a validated Config (its environment's thresholds and its checks), with the
// default VerdictRules; the second form takes `profile`'s rules.
SloSet SloSetFor(const config::Config& config);
SloSet SloSetFor(const config::Config& config, const config::LoadProfile& profile);

// Client error rate (completed errors plus dropped arrivals over completed plus dropped)
// must be < max_error_rate.
Finding ErrorRate(const Observations& observations, const SloSet& slos);
// Corrected (from intended send time) p95 of the OK responses must be < latency_p95; fewer
// than 20 OK responses is INCONCLUSIVE.
Finding LatencyP95(const Observations& observations, const SloSet& slos);
// Write-through attempts delta > 0 and >= 200s x (1 - write_through_attempts_tolerance).
Finding WriteThroughAttempts(const Observations& observations, const SloSet& slos);
// results{result="ok"} share of all write-through results >= min_write_through_ok_share.
Finding WriteThroughResultsOk(const Observations& observations, const SloSet& slos);
// WAL results{result="ok"} increased and the error share <= max_wal_error_share.
Finding WalResultsOk(const Observations& observations, const SloSet& slos);
// Replication lag within max_lag outside burst/recovery windows, judged from read-back probes,
// write accounting and the target's lag gauge (docs/slo.md, "ReplicationLag").
Finding ReplicationLag(const Observations& observations, const SloSet& slos);
// DLQ depth after the run <= max_dlq_depth and not above its value before the run.
Finding DlqDepth(const Observations& observations, const SloSet& slos);
// Every audited acknowledged event_id was readable from the replica after the drain, and no
// acknowledged write went unaudited (docs/slo.md, "ZeroLoss").
Finding ZeroLoss(const Observations& observations, const SloSet& slos);
// Server-side counts and (when exposed) server p95 agree with the client's.
Finding Reconciliation(const Observations& observations, const SloSet& slos);
// One of the profile's metric checks (config::MetricCheck): an increase, a ratio of increases
// or a gauge over the run against its condition, gated as the client SLOs are (a target that
// never answered, a generator behind schedule). docs/slo.md, "Metric checks".
Finding MetricCheckFinding(const Observations& observations, const SloSet& slos,
                           const config::MetricCheck& check);

// What an interrupted or aborted run can show: a PASS becomes INCONCLUSIVE, saying how much of
// the schedule was sent (and for an abort, when and why); a FAIL or SKIPPED stands. Evaluate
// applies it to every finding; a team's own case applies it to its own (suite/slo_case.h does).
Finding UnlessInterrupted(Finding finding, const Observations& observations);

// All of the above, in kSloNames order then the metric checks in profile order, and the
// combined outcome. When the run was
// interrupted (RunResult::interrupted) or aborted on a certain breach (RunResult::aborted), no
// finding passes: a would-be PASS is INCONCLUSIVE, a FAIL stays a FAIL, a SKIPPED stays
// SKIPPED. Observations::early_stop is carried into Verdict::early_stop.
Verdict Evaluate(const Observations& observations, const SloSet& slos);

}  // namespace slogate::slo
