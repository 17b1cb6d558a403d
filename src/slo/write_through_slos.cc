// WriteThroughAttempts, WriteThroughResultsOk, WalResultsOk: the gateway's write-through
// counters over the run (after scrape minus before scrape).
#include <algorithm>
#include <cmath>
#include <string>

#include "counters.h"
#include "proof.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

using internal::CounterRead;
using internal::CounterShare;
using internal::Judge;
using internal::Num;
using internal::Percent;
using internal::ShareWithin;

std::string Selector(std::string_view name, std::string_view result) {
  return std::string(name) + "{result=\"" + std::string(result) + "\"}";
}

// The gate of the three write-through SLOs: the write path, a reachable target, and
// write-through running on it (or the profile's presence rule says what its absence means).
std::optional<Finding> WriteThroughGate(const Judge& judge) {
  if (auto problem = internal::WritePathGate(judge)) return problem;
  return internal::FeatureOff(judge, internal::WriteThroughFeature(),
                              judge.slos().rules.write_through);
}

}  // namespace

Finding WriteThroughAttempts(const Observations& observations, const SloSet& slos) {
  Judge judge("WriteThroughAttempts", observations, slos);
  if (auto problem = WriteThroughGate(judge)) return *problem;
  const CounterRead attempts = internal::ReadIncrease(judge, kWriteThroughAttempts);
  if (attempts.problem) return *attempts.problem;
  const double acknowledged = static_cast<double>(internal::AcknowledgedWrites(observations.run));
  const double tolerance = slos.thresholds.write_through_attempts_tolerance;
  // Async write-through counts an attempt after the 200 is sent: attempts may trail the
  // 200s by the tolerance, never more.
  const double lowest = std::floor(acknowledged * (1 - tolerance));
  judge.Measured(attempts.increase, "count")
      .Threshold(lowest)
      .Add("attempts", attempts.increase, "count")
      .Add("responses_200", acknowledged, "count");
  const std::string counts = "attempts +" + Num(attempts.increase, 0) + " for " +
                             Num(acknowledged, 0) + " acknowledged (200) writes";
  if (attempts.increase <= 0) {
    return judge.Fail(counts +
                      ": the write-through counter did not increase (is write-through "
                      "enabled on the target?)");
  }
  if (attempts.increase < lowest) {
    return judge.Fail(counts + ": " + Num(attempts.increase, 0) + " < " + Num(lowest, 0) +
                      " (200s minus the " + Percent(tolerance) + " async tolerance)");
  }
  return judge.Pass(counts + " (>= " + Num(lowest, 0) + " with the " + Percent(tolerance) +
                    " async tolerance)");
}

Finding WriteThroughResultsOk(const Observations& observations, const SloSet& slos) {
  Judge judge("WriteThroughResultsOk", observations, slos);
  if (auto problem = WriteThroughGate(judge)) return *problem;
  const CounterRead all = internal::ReadIncrease(judge, kWriteThroughResults);
  if (all.problem) return *all.problem;
  const CounterRead ok = internal::ReadIncreaseOrZero(judge, Selector(kWriteThroughResults, "ok"));
  if (ok.problem) return *ok.problem;
  const double bound = slos.thresholds.min_write_through_ok_share;
  judge.Threshold(bound).Add("results", all.increase, "count").Add("ok", ok.increase, "count");
  if (all.increase <= 0) {
    return judge.Inconclusive(
        "no write-through result was counted during the run (results +0); "
        "the ok share is undefined");
  }
  const double share = ok.increase / all.increase;
  judge.Measured(share, "ratio");
  // The ok share's lower bound is one minus the non-ok share's upper bound.
  Evidence evidence = internal::RateEvidence(
      CounterShare(all.increase - ok.increase, all.increase, 1 - bound,
                   {"non-ok result", "non-ok results", "results", " a non-ok share"}),
      slos.rules.confidence);
  if (evidence.bound) evidence.bound = 1 - *evidence.bound;
  judge.WithEvidence(evidence);
  const std::string counts = " (" + Num(ok.increase, 0) + " ok of " + Num(all.increase, 0) + ")";
  if (share >= bound) {
    return ShareWithin(
        judge, evidence,
        Num(ok.increase, 0) + " ok of " + Num(all.increase, 0) + " bound the ok share at >= ",
        bound, "ok share " + Percent(share) + " >= " + Percent(bound) + " threshold" + counts);
  }
  return judge.Fail("ok share " + Percent(share) + " < " + Percent(bound) + " threshold" + counts);
}

Finding WalResultsOk(const Observations& observations, const SloSet& slos) {
  Judge judge("WalResultsOk", observations, slos);
  if (auto problem = WriteThroughGate(judge)) return *problem;
  const CounterRead all = internal::ReadIncrease(judge, kWalResults);
  if (all.problem) return *all.problem;
  const CounterRead ok = internal::ReadIncreaseOrZero(judge, Selector(kWalResults, "ok"));
  if (ok.problem) return *ok.problem;
  const CounterRead errors = internal::ReadIncreaseOrZero(judge, Selector(kWalResults, "error"));
  if (errors.problem) return *errors.problem;
  const double bound = slos.thresholds.max_wal_error_share;
  judge.Threshold(bound)
      .Add("wal_results", all.increase, "count")
      .Add("wal_ok", ok.increase, "count")
      .Add("wal_errors", errors.increase, "count");
  if (ok.increase <= 0) {
    judge.Measured(all.increase > 0 ? errors.increase / all.increase : 0, "ratio");
    return judge.Fail("WAL result=\"ok\" did not increase (ok +0, error +" +
                      Num(errors.increase, 0) + "): no write reached the WAL");
  }
  const double share = errors.increase / all.increase;
  judge.Measured(share, "ratio");
  const Evidence evidence =
      internal::RateEvidence(CounterShare(errors.increase, all.increase, bound,
                                          {"WAL error", "WAL errors", "results", ""}),
                             slos.rules.confidence);
  judge.WithEvidence(evidence);
  const std::string counts =
      " (" + Num(errors.increase, 0) + " errors, " + Num(ok.increase, 0) + " ok)";
  if (share <= bound) {
    return ShareWithin(
        judge, evidence,
        Num(errors.increase, 0) + " errors of " + Num(all.increase, 0) +
            " bound the WAL error share at ",
        bound,
        "WAL error share " + Percent(share) + " <= " + Percent(bound) + " threshold" + counts);
  }
  return judge.Fail("WAL error share " + Percent(share) + " > " + Percent(bound) + " threshold" +
                    counts);
}

}  // namespace slogate::slo
