// The three kinds of ReplicationLag evidence, each judged on its own (docs/slo.md,
// "ReplicationLag"); replication_lag.cc decides which of them decides.
//   - probes: acknowledged writes read back through the audit URL while the load ran — the
//     lag measured by the suite itself;
//   - accounting: writes acknowledged more than max_lag ago against events replicated, from
//     sampled counters — a deficit proves a breach whatever any gauge says;
//   - gauge: the target's memory_replicator_lag_seconds, read when the replicator moved — a
//     claim that corroborates, and decides only when there are no probes.
#pragma once

#include <cstdint>
#include <string>

#include "lag_rule.h"
#include "slogate/scrape/lag_probe_types.h"
#include "slogate/slo/observations.h"

namespace slogate::slo::internal {

struct ProbeEvidence {
  // FAIL on a breach, PASS only with coverage (at least kMinDecidedProbes decided probes and no
  // gap longer than ProbeGapBound), else INCONCLUSIVE.
  EvidenceVerdict verdict;
  // Every probe by outcome.
  uint64_t readable = 0;
  uint64_t never_readable = 0;
  uint64_t errors = 0;
  uint64_t unfinished = 0;
  // Probes acknowledged inside the judged range: within the bound, breaches, undecided.
  uint64_t within = 0;
  uint64_t breaches = 0;
  uint64_t undecided = 0;
  double p95_s = 0;  // measured lag (LagAtMost) of the judged readable probes
  double max_s = 0;
  double breach_at_least_s = 0;  // the largest LagAtLeast of a breaching probe
  double at_least_s = 0;         // the largest LagAtLeast of any judged probe
};

// Coverage is what vouches (the gap bound below); a run shorter than one gap needs only one
// decided probe.
inline constexpr uint64_t kMinDecidedProbes = 1;
// The longest gap between decided probes that still vouches for the run:
// max(2 x max_lag, 4 / per_second).
std::chrono::nanoseconds ProbeGapBound(std::chrono::nanoseconds max_lag, double per_second);

ProbeEvidence JudgeProbes(const scrape::LagProbeResult& probes, const LagRange& range);

struct AccountingEvidence {
  // Empty when the accounting could run; else why not (no events counter sampled...).
  std::string unavailable;
  // FAIL on a deficit (breach), INCONCLUSIVE on a counter reset; PASS means "no deficit",
  // which alone never vouches for the lag.
  EvidenceVerdict verdict;
  std::string acknowledged_from;  // which count W(t) came from
  uint64_t judged = 0;            // samples judged
  double max_deficit = 0;
  // How many writes W(base) may be overstated by: its upper bound less the writes known to have
  // been acknowledged by the base sample's time. A deficit up to this size can hide; it is up to
  // two windows of throughput when the samples are coarse (a Prometheus scrape interval).
  // Negative when unknown.
  double base_slack = -1;
};

AccountingEvidence JudgeAccounting(const Observations& observations, const LagRange& range);

struct GaugeEvidence {
  // Non-empty when required data is missing: what (for MissingData), or `unreachable` when
  // every sample failed.
  std::string missing;
  std::string unreachable;
  // Non-empty when the gauge came from Prometheus and it could not show it for this run: why
  // (Observations::prometheus); nothing else is set then.
  std::string untrusted;
  EvidenceVerdict verdict;  // as the gauge alone would judge
  bool exposed = false;     // the gauge had a value in some sample
  bool per_source = false;  // live per replicator (the lag and events sources lined up)
  double max_live_lag = 0;  // highest live value among judged samples, seconds
  uint64_t judged = 0;
  uint64_t stale = 0;   // judged samples whose gauge was not live
  uint64_t failed = 0;  // samples whose scrape failed
  std::string first_error;
};

GaugeEvidence JudgeGauge(const Observations& observations, const LagRange& range);

}  // namespace slogate::slo::internal
