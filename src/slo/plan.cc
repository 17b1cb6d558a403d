// PlanProof / PlanText: what a run of a given size can prove, from the same bounds the verdicts
// use (stats/confidence.h), before anything is sent.
#include "slogate/slo/plan.h"

#include <algorithm>
#include <optional>
#include <string>

#include "judge.h"
#include "proof.h"
#include "slogate/stats/confidence.h"

namespace slogate::slo {
namespace {

using internal::ConfidenceText;
using internal::kProofConfidence;  // what a point-estimate profile learns its size would prove
using internal::Millis;
using internal::Percent;

// LatencyP95 judges this quantile.
constexpr double kLatencyQuantile = 0.95;

// One SLO as the plan words it: "<claim> is provable with at most N <failures>".
struct Claim {
  std::string slo;
  std::string claim;     // "ErrorRate < 0.5%"
  std::string failure;   // "error"
  std::string failures;  // "errors"
  std::string none;      // "no error"
};

// How many failures `requests` may hold with the SLO still proved, and the fewest requests that
// prove it with none.
struct Capacity {
  std::optional<uint64_t> most_failures;
  uint64_t needed = 0;
};

Capacity RateCapacity(uint64_t requests, double bound, double confidence, bool strict) {
  Capacity capacity;
  capacity.needed = stats::FewestTrialsWithoutFailure(bound, confidence, strict);
  if (requests > 0) {
    capacity.most_failures = stats::MostFailuresProvable(requests, bound, confidence, strict);
  }
  return capacity;
}

// p95 < threshold is proved when the order statistic that bounds the p95 from above is still
// below the threshold: at most n - k of the n responses may be at or above it.
Capacity LatencyCapacity(uint64_t requests, double confidence) {
  Capacity capacity;
  capacity.needed = internal::FewestForP95(confidence, /*design_effect=*/1);
  if (requests == 0) return capacity;
  if (const auto k = stats::QuantileUpperRank(requests, kLatencyQuantile, confidence)) {
    capacity.most_failures = requests - *k;
  }
  return capacity;
}

std::string Count(uint64_t value) { return std::to_string(value); }

// "ErrorRate < 0.5% is provable with at most 8 errors", "... is provable only with no error"
// or "75 requests cannot prove ErrorRate < 0.5% even with no error (598 needed)".
std::string CapacityText(const Claim& claim, uint64_t requests, const Capacity& capacity) {
  if (capacity.most_failures == 0u) return claim.claim + " is provable only with " + claim.none;
  if (capacity.most_failures) {
    return claim.claim + " is provable with at most " + Count(*capacity.most_failures) + " " +
           (*capacity.most_failures == 1 ? claim.failure : claim.failures);
  }
  return Count(requests) + " requests cannot prove " + claim.claim + " even with " + claim.none +
         " (" + Count(capacity.needed) + " needed)";
}

PlanLine MakeLine(const Claim& claim, uint64_t requests, const Capacity& capacity,
                  bool point_estimates) {
  PlanLine line;
  line.slo = claim.slo;
  line.needed = capacity.needed;
  if (point_estimates) {
    line.text = claim.slo + " is judged by its point estimate; at " +
                ConfidenceText(kProofConfidence) + ": " + CapacityText(claim, requests, capacity);
    return line;
  }
  line.provable = capacity.most_failures.has_value();
  line.most_failures = capacity.most_failures;
  line.text = CapacityText(claim, requests, capacity);
  return line;
}

std::string Heading(const ProofPlan& plan) {
  const std::string size = plan.profile + ": " + Count(plan.requests) + " requests";
  if (plan.confidence <= 0) {
    return size + ", confidence \"none\": verdicts are point estimates, not proof; what it "
                  "could prove at " + ConfidenceText(kProofConfidence) +
           ", assuming independent requests:";
  }
  return size + ", proof at " + ConfidenceText(plan.confidence) +
         " assuming independent requests (errors or slow responses that cluster in "
         "time widen the run's own bounds):";
}

std::string Warning(const ProofPlan& plan) {
  if (plan.confidence <= 0) {
    return "warning: " + plan.profile + " judges by point estimates (confidence \"none\"): a "
           "PASS says the run met the SLOs, not that the target does\n";
  }
  std::string unproved;
  uint64_t needed = 0;
  for (const PlanLine& line : plan.lines) {
    if (line.provable) continue;
    unproved += (unproved.empty() ? "" : ", ") + line.slo;
    needed = std::max(needed, line.needed);
  }
  return "warning: " + plan.profile + " cannot prove " + unproved + " at " +
         ConfidenceText(plan.confidence) + ": a run that meets them is INCONCLUSIVE, not "
         "PASS; " + Count(needed) + " requests would be needed (raise RPS or DURATION)\n";
}

}  // namespace

bool ProofPlan::AllProvable() const {
  return std::all_of(lines.begin(), lines.end(),
                     [](const PlanLine& line) { return line.provable; });
}

ProofPlan PlanProof(std::string_view profile, uint64_t requests, const SloSet& slos) {
  ProofPlan plan;
  plan.profile = std::string(profile);
  plan.requests = requests;
  plan.confidence = slos.rules.confidence;
  const bool point_estimates = plan.confidence <= 0;
  const double confidence = point_estimates ? kProofConfidence : plan.confidence;
  const config::Thresholds& thresholds = slos.thresholds;

  const std::string latency = Millis(thresholds.latency_p95);
  const double non_ok_share = 1 - thresholds.min_write_through_ok_share;
  const Claim error_rate{"ErrorRate", "ErrorRate < " + Percent(thresholds.max_error_rate),
                         "error", "errors", "no error"};
  const Claim latency_p95{"LatencyP95", "LatencyP95 < " + latency,
                          "request taking " + latency + " or more",
                          "requests taking " + latency + " or more",
                          "no request taking " + latency + " or more"};
  const Claim write_through{
      "WriteThroughResultsOk",
      "WriteThroughResultsOk (ok share >= " + Percent(thresholds.min_write_through_ok_share) + ")",
      "non-ok write-through result", "non-ok write-through results", "no non-ok result"};
  const Claim wal{"WalResultsOk",
                  "WalResultsOk (error share <= " + Percent(thresholds.max_wal_error_share) + ")",
                  "WAL error", "WAL errors", "no WAL error"};

  // ErrorRate is strict (<); the shares' thresholds are inclusive (>=, <=).
  plan.lines = {
      MakeLine(error_rate, requests,
               RateCapacity(requests, thresholds.max_error_rate, confidence, /*strict=*/true),
               point_estimates),
      MakeLine(latency_p95, requests, LatencyCapacity(requests, confidence), point_estimates),
      MakeLine(write_through, requests,
               RateCapacity(requests, non_ok_share, confidence, /*strict=*/false),
               point_estimates),
      MakeLine(wal, requests,
               RateCapacity(requests, thresholds.max_wal_error_share, confidence,
                            /*strict=*/false),
               point_estimates),
  };
  return plan;
}

std::string PlanText(const ProofPlan& plan) {
  std::string text = Heading(plan) + "\n";
  for (const PlanLine& line : plan.lines) text += "  " + line.text + "\n";
  if (!plan.AllProvable()) text += Warning(plan);
  return text;
}

}  // namespace slogate::slo
