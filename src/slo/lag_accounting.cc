// ReplicationLag from write accounting (docs/slo.md, "Write accounting"): W(t), writes
// acknowledged by t, against E(t), events replicated by t, from sampled counters. At a sample
// j, deficit = W(at_j - max_lag) - W(base) - (E(j) - E(base)) > 0 proves that many writes
// acknowledged more than max_lag before at_j were not replicated at at_j.
//
// Sampled values are read during their scrape, which starts at the point's `at` and ends
// before the next scrape starts (the sampler scrapes one set after the other). So W at time t
// is bounded from below by a sample whose *next* scrape started by t, and W at the base from
// above by the first sample after the base: both err towards a smaller deficit.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "counters.h"
#include "judge.h"
#include "lag_evidence.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo::internal {
namespace {

// W is known to be at least `count` from `known_at` on.
struct AckStep {
  WallTime known_at;
  double count = 0;
};

const scrape::SampledSeries* ExposedSeries(const Observations& observations,
                                           std::string_view selector) {
  const scrape::SampledSeries* series = observations.FindSeries(selector);
  if (series == nullptr) return nullptr;
  const bool any = std::any_of(series->points.begin(), series->points.end(),
                               [](const scrape::SamplePoint& point) { return point.value; });
  return any ? series : nullptr;
}

// The first decrease between consecutive scraped points of a counter (a point with no series
// yet counts 0), as a sentence.
std::optional<std::string> Decrease(const std::vector<const scrape::SamplePoint*>& points,
                                    std::string_view name, WallTime run_start) {
  for (size_t k = 1; k < points.size(); ++k) {
    const double before = points[k - 1]->value.value_or(0);
    const double now = points[k]->value.value_or(0);
    if (now < before) {
      return "the sampled " + std::string(name) + " went down from " + Num(before, 0) + " to " +
             Num(now, 0) + " at " + At(points[k]->at, run_start) + " (counter reset mid-run)";
    }
  }
  return std::nullopt;
}

std::vector<const scrape::SamplePoint*> Scraped(const scrape::SampledSeries& series) {
  std::vector<const scrape::SamplePoint*> points;
  for (const scrape::SamplePoint& point : series.points) {
    if (point.error.empty()) points.push_back(&point);
  }
  return points;
}

// Server-side W: the WAL "ok" counter; a sample's value is known once the next scrape starts.
std::vector<AckStep> WalSteps(const scrape::SampledSeries& wal) {
  std::vector<AckStep> steps;
  for (size_t k = 0; k + 1 < wal.points.size(); ++k) {
    if (!wal.points[k].error.empty()) continue;
    steps.push_back({wal.points[k + 1].at, wal.points[k].value.value_or(0)});
  }
  return steps;
}

// Client-side W: OK responses per whole second, known at the end of that second.
std::vector<AckStep> ClientSteps(const load::RunResult& run) {
  std::vector<AckStep> steps;
  double total = 0;
  for (const stats::WindowSummary& window : run.per_second) {
    total += static_cast<double>(window.count - std::min(window.errors, window.count));
    steps.push_back({run.started_at + std::chrono::seconds(window.second + 1), total});
  }
  return steps;
}

// The client's OK responses in seconds that began before `until`: an upper bound of the writes
// acknowledged by then.
double ClientAckedBefore(const load::RunResult& run, WallTime until) {
  double total = 0;
  for (const stats::WindowSummary& window : run.per_second) {
    if (run.started_at + std::chrono::seconds(window.second) >= until) continue;
    total += static_cast<double>(window.count - std::min(window.errors, window.count));
  }
  return total;
}

// The WAL counter read by the first scrape that started at or after `from`: every write it
// counts was acknowledged before that read, so it bounds the writes acknowledged by `from`
// from above. +inf when no such scrape exists (nothing can be proven then).
double WalUpperAt(const scrape::SampledSeries& wal, WallTime from) {
  for (const scrape::SamplePoint& point : wal.points) {
    if (point.at >= from && point.error.empty()) return point.value.value_or(0);
  }
  return INFINITY;
}

double LowerAt(const std::vector<AckStep>& steps, WallTime t) {
  double count = 0;
  for (const AckStep& step : steps) {
    if (step.known_at <= t) count = std::max(count, step.count);
  }
  return count;
}

// How many writes W(base) may be overstated by: its upper bound less the writes known to have
// been acknowledged by the base sample's time. The client's count is 0 then (its run had not
// begun); a WAL count needs a sample read by then. -1 when unknown (no such sample, or no upper
// bound at all).
double BaseSlack(const std::vector<AckStep>& acked, double acked_at_base, WallTime base_at,
                 bool from_wal) {
  if (!std::isfinite(acked_at_base)) return -1;
  const bool known = std::any_of(acked.begin(), acked.end(),
                                 [base_at](const AckStep& step) { return step.known_at <= base_at; });
  if (from_wal && !known) return -1;
  return std::max(0.0, acked_at_base - LowerAt(acked, base_at));
}

// Replicators (sources of the events counter) that did not move between `from` and `to`,
// each with the time since which it applied nothing.
std::string StoppedReplicators(const scrape::SampledSeries& events,
                               const std::vector<const scrape::SamplePoint*>& points, size_t from,
                               size_t to, WallTime run_start) {
  std::string named;
  for (size_t s = 0; s < events.sources.size(); ++s) {
    const auto value = [&](size_t k) {
      const auto& by_source = points[k]->by_source;
      return s < by_source.size() ? by_source[s] : NAN;
    };
    if (std::isnan(value(from)) || std::isnan(value(to)) || value(from) != value(to)) continue;
    size_t since = from;
    while (since > 0 && value(since - 1) == value(to)) --since;
    named += "; replicator " + events.sources[s] + " applied nothing since " +
             At(points[since]->at, run_start);
  }
  return named;
}

// Replicators that expose a lag gauge but never counted an event: one stopped before its
// first event has no events series at all (labelled series appear on first use).
std::string SilentReplicators(const scrape::SampledSeries* lag,
                              const scrape::SampledSeries& events) {
  std::string named;
  if (lag == nullptr) return named;
  for (const std::string& source : lag->sources) {
    if (std::find(events.sources.begin(), events.sources.end(), source) != events.sources.end()) {
      continue;
    }
    named += "; replicator " + source + " exposes a lag gauge but counted no replicated event";
  }
  return named;
}

// The counts one accounting is made of.
struct Accounts {
  const scrape::SampledSeries& events;
  const scrape::SampledSeries* lag;                    // for replicators with no events series
  std::vector<const scrape::SamplePoint*> replicated;  // scraped points of the events counter
  size_t base = 0;                                     // index into `replicated`
  std::vector<AckStep> acked;                          // W(t) from below
  double acked_at_base = 0;                            // W(base) from above
  std::string acked_from;                              // which count W is
};

// The judgement of sample j: within the bound, or a breach naming the late writes and the
// replicators that stopped.
LagPoint JudgeSample(const Accounts& accounts, size_t j, const LagRange& range,
                     AccountingEvidence& evidence) {
  const auto& points = accounts.replicated;
  const WallTime at = points[j]->at;
  const WallTime t = at - range.max_lag;
  const double replicated = points[j]->value.value_or(0) - points[accounts.base]->value.value_or(0);
  const double acked = LowerAt(accounts.acked, t) - accounts.acked_at_base;
  const double deficit = acked - replicated;
  ++evidence.judged;
  evidence.max_deficit = std::max(evidence.max_deficit, deficit);
  // Values are finite (the sampler marks a non-finite one as a failed point); `!(> 0)` keeps
  // any that slipped through from reading as a breach.
  if (!(deficit > 0)) return {at, "", 0};
  // The oldest of the unreplicated writes was acknowledged by the first step that shows it.
  const auto oldest = std::find_if(
      accounts.acked.begin(), accounts.acked.end(),
      [&](const AckStep& step) { return step.count - accounts.acked_at_base > replicated; });
  if (oldest == accounts.acked.end()) return {at, "", 0};  // no step explains it: no proof
  size_t before_t = j;
  while (before_t > 0 && points[before_t]->at > t) --before_t;
  return {at,
          "write accounting: at least " + Num(deficit, 0) + " write(s) acknowledged by " +
              At(oldest->known_at, range.run_start) + " were not replicated at " +
              At(at, range.run_start) + " (acknowledged +" + Num(acked, 0) + " per " +
              accounts.acked_from + ", replicated +" + Num(replicated, 0) + " since " +
              At(points[accounts.base]->at, range.run_start) + ")" +
              StoppedReplicators(accounts.events, points, before_t, j, range.run_start) +
              SilentReplicators(accounts.lag, accounts.events),
          SecondsBetween(oldest->known_at, at)};
}

}  // namespace

AccountingEvidence JudgeAccounting(const Observations& observations, const LagRange& range) {
  AccountingEvidence evidence;
  for (std::string_view metric : {kReplicatorEvents, kWalResults}) {
    if (auto problem = PrometheusProblemText(observations, metric)) {
      evidence.unavailable = *problem;
      return evidence;
    }
  }
  if (auto coarse = PrometheusTooCoarseFor(observations, range.max_lag)) {
    evidence.unavailable = *coarse;
    return evidence;
  }
  const scrape::SampledSeries* events = ExposedSeries(observations, kReplicatorEvents);
  if (events == nullptr) {
    evidence.unavailable = "no sampled " + std::string(kReplicatorEvents);
    return evidence;
  }
  Accounts accounts{*events, observations.FindSeries(kReplicatorLag), Scraped(*events), 0, {}, 0,
                    {}};
  const scrape::SampledSeries* wal = ExposedSeries(observations, kWalResultsOk);
  accounts.acked_from = wal != nullptr ? "the WAL ok counter" : "the client's OK responses";
  evidence.acknowledged_from = accounts.acked_from;
  std::optional<std::string> reset =
      Decrease(accounts.replicated, kReplicatorEvents, range.run_start);
  if (!reset && wal != nullptr) reset = Decrease(Scraped(*wal), kWalResultsOk, range.run_start);
  if (reset) {
    evidence.verdict.detail = "write accounting: " + *reset;
    return evidence;
  }
  // The base: the last sample at or before the run start, else the first one. Its events were
  // read before the next sample started, so the writes acknowledged by then bound W(base).
  const auto& points = accounts.replicated;
  for (size_t k = 0; k < points.size() && points[k]->at <= range.run_start; ++k) accounts.base = k;
  std::vector<LagPoint> judged;
  if (accounts.base + 1 < points.size()) {
    const WallTime base_end = points[accounts.base + 1]->at;
    accounts.acked = wal != nullptr ? WalSteps(*wal) : ClientSteps(observations.run);
    accounts.acked_at_base =
        wal != nullptr ? WalUpperAt(*wal, base_end) : ClientAckedBefore(observations.run, base_end);
    evidence.base_slack = BaseSlack(accounts.acked, accounts.acked_at_base,
                                    points[accounts.base]->at, wal != nullptr);
    for (size_t j = accounts.base + 1; j < points.size(); ++j) {
      if (points[j]->at >= range.judge_from) {
        judged.push_back(JudgeSample(accounts, j, range, evidence));
      }
    }
  }
  evidence.verdict = WalkVerdict(WalkLagPoints(judged, range));
  return evidence;
}

}  // namespace slogate::slo::internal
