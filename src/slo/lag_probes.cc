// ReplicationLag from read-back probes: each probe's true lag lies in
// [LagAtLeast(), LagAtMost()] (lag_probe_types.h), so a probe proves a breach or shows one
// write within the bound; a run is vouched for only when such probes cover all of it.
#include <algorithm>
#include <optional>
#include <vector>

#include "judge.h"
#include "lag_evidence.h"
#include "slogate/common/quote.h"
#include "slogate/stats/histogram.h"

namespace slogate::slo::internal {
namespace {

using scrape::LagProbe;
using scrape::ProbeOutcome;

void CountOutcome(const LagProbe& probe, ProbeEvidence& evidence) {
  switch (probe.outcome) {
    case ProbeOutcome::kReadable:
      ++evidence.readable;
      return;
    case ProbeOutcome::kNeverReadable:
      ++evidence.never_readable;
      return;
    case ProbeOutcome::kError:
      ++evidence.errors;
      return;
    case ProbeOutcome::kUnfinished:
      ++evidence.unfinished;
      return;
  }
}

std::string BreachText(const LagProbe& probe, const LagRange& range) {
  const double bound = ToSeconds(range.max_lag);
  const std::string at_least = SecondsText(ToSeconds(probe.LagAtLeast()));
  const std::string how = probe.outcome == ProbeOutcome::kReadable
                              ? "became readable only after at least " + at_least
                              : "was still not readable " + at_least + " later (" +
                                    std::string(scrape::ProbeOutcomeName(probe.outcome)) + ")";
  return "read-back of event_id " + QuoteForMessage(probe.event_id) + ", acknowledged at " +
         At(probe.acked_at, range.run_start) + ", " + how + ": lag > " + SecondsText(bound) +
         " threshold";
}

// The first gap longer than `bound` between decided probes (or from the warm-up end / to the
// end of sending), as a sentence.
std::optional<std::string> CoverageGap(const std::vector<WallTime>& decided, const LagRange& range,
                                       std::chrono::nanoseconds bound) {
  const std::string bound_text = SecondsText(ToSeconds(bound));
  if (decided.size() < kMinDecidedProbes) {
    return "only " + std::to_string(decided.size()) + " read-back probe(s) after the warm-up " +
           "were decided (at least " + std::to_string(kMinDecidedProbes) +
           " needed to vouch for the run)";
  }
  WallTime previous = range.judge_from;
  for (const WallTime at : decided) {
    if (at - previous > bound) {
      return "no decided read-back probe between " + At(previous, range.run_start) + " and " +
             At(at, range.run_start) + " (a gap longer than " + bound_text +
             " could hide an excursion)";
    }
    previous = at;
  }
  if (range.judge_until - previous > bound) {
    return "the last decided read-back probe was acknowledged at " + At(previous, range.run_start) +
           ", more than " + bound_text + " before the end of sending at " +
           At(range.judge_until, range.run_start);
  }
  return std::nullopt;
}

// Why a probe could not be decided, for the first of them.
std::string UndecidedText(const LagProbe& probe, const LagRange& range) {
  std::string text = "e.g. event_id " + QuoteForMessage(probe.event_id) + ", acknowledged at " +
                     At(probe.acked_at, range.run_start) + ", ";
  if (probe.outcome == ProbeOutcome::kReadable) {
    return text + "readable within " + SecondsText(ToSeconds(probe.LagAtMost())) +
           " but not known absent after " + SecondsText(ToSeconds(probe.LagAtLeast()));
  }
  text += "ended " + std::string(scrape::ProbeOutcomeName(probe.outcome));
  if (!probe.error.empty()) text += ": " + probe.error;
  return text;
}

}  // namespace

std::chrono::nanoseconds ProbeGapBound(std::chrono::nanoseconds max_lag, double per_second) {
  std::chrono::nanoseconds bound = 2 * max_lag;
  if (per_second > 0) {
    bound = std::max(bound, std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::duration<double>(4 / per_second)));
  }
  return bound;
}

ProbeEvidence JudgeProbes(const scrape::LagProbeResult& probes, const LagRange& run_range) {
  // A run that stopped sending before the warm-up ended has no acknowledgement after it: its
  // probes are all judged rather than none.
  LagRange range = run_range;
  if (range.judge_until <= range.judge_from) range.judge_from = range.run_start;
  ProbeEvidence evidence;
  std::vector<LagPoint> points;
  std::vector<WallTime> decided;
  const LagProbe* first_undecided = nullptr;
  stats::Histogram measured;  // the decided readable probes' measured lag
  for (const LagProbe& probe : probes.probes) {
    CountOutcome(probe, evidence);
    if (probe.acked_at < range.judge_from || probe.acked_at > range.judge_until) continue;
    const bool readable = probe.outcome == ProbeOutcome::kReadable;
    evidence.at_least_s = std::max(evidence.at_least_s, ToSeconds(probe.LagAtLeast()));
    if (probe.LagAtLeast() > range.max_lag) {
      ++evidence.breaches;
      const double at_least = ToSeconds(probe.LagAtLeast());
      evidence.breach_at_least_s = std::max(evidence.breach_at_least_s, at_least);
      points.push_back({probe.acked_at, BreachText(probe, range), at_least});
    } else if (readable && probe.LagAtMost() <= range.max_lag) {
      ++evidence.within;
      points.push_back({probe.acked_at, "", 0});
    } else {
      // Perhaps late, perhaps not (a failed read-back proves no absence): a hole in the
      // evidence that coverage must not bridge — unless it lies in a burst's allowed span,
      // where even a breach is tolerated if the span recovers.
      ++evidence.undecided;
      const bool tolerated = AllowedSpan(range.allowed, probe.acked_at) != nullptr;
      if (first_undecided == nullptr && !tolerated) first_undecided = &probe;
      continue;
    }
    if (readable) measured.Record(probe.LagAtMost());
    decided.push_back(probe.acked_at);
  }
  if (measured.count() > 0) {
    evidence.p95_s = ToSeconds(measured.Percentile(0.95));
    evidence.max_s = ToSeconds(measured.Max());
  }
  // Probes are kept in order of acknowledgement; sort anyway, the walk needs time order.
  std::stable_sort(points.begin(), points.end(),
                   [](const LagPoint& a, const LagPoint& b) { return a.at < b.at; });
  std::sort(decided.begin(), decided.end());
  evidence.verdict = WalkVerdict(WalkLagPoints(points, range));
  if (evidence.verdict.verdict == LagVerdict::kFail) return evidence;
  const auto bound = ProbeGapBound(range.max_lag, probes.options.per_second);
  if (const auto gap = CoverageGap(decided, range, bound)) {
    evidence.verdict.verdict = LagVerdict::kInconclusive;
    evidence.verdict.detail = "the read-back probes cannot vouch for the whole run: " + *gap;
  } else if (first_undecided != nullptr) {
    evidence.verdict.verdict = LagVerdict::kInconclusive;
    evidence.verdict.detail = "the read-back probes cannot vouch for the whole run: " +
                              std::to_string(evidence.undecided) +
                              " could not be decided, and any of them outside a burst's "
                              "recovery window may have been late (" +
                              UndecidedText(*first_undecided, range) + ")";
  }
  return evidence;
}

}  // namespace slogate::slo::internal
