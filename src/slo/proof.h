// The evidence behind a rate or percentile SLO's PASS (docs/slo.md, "Confidence"): the bound at
// the profile's confidence, the sample it rests on, and what a run would need to prove the SLO.
// The SLO functions choose the outcome and the words; the numbers come from here. Pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "judge.h"
#include "slogate/stats/confidence.h"

namespace slogate::slo::internal {

// The level "what would prove it" is stated at when a profile asks for point estimates.
inline constexpr double kProofConfidence = 0.95;

// How a share's failures and trials are named in sentences: "error"/"errors" of "requests".
struct RateWords {
  std::string failure;   // "error"
  std::string failures;  // "errors"
  std::string trials;    // "requests"
  std::string share;     // " a non-ok share" where the threshold alone would not say what
};

// A share of failures judged against a largest allowed share.
struct RateQuestion {
  uint64_t failures = 0;
  uint64_t trials = 0;
  double largest_share = 0;  // the threshold on failures / trials
  bool strict = true;        // the share must stay below it (else at most it)
  // Per-time-window tallies to measure correlation from; empty for counter totals.
  std::vector<stats::WindowTally> windows;
  RateWords words;
};

// The evidence at `confidence` (0: point estimate; the bound is then left empty). `needed`
// says what would prove the SLO (at kProofConfidence when confidence is 0): "598 requests with
// no error would show < 0.5%", or "3000 requests prove < 0.5% with at most 8 errors".
Evidence RateEvidence(const RateQuestion& question, double confidence);
// True when the evidence has a bound and it lies within the question's threshold.
bool RateProven(const Evidence& evidence, const RateQuestion& question);

// A share of counter totals (`failures` of `trials`, rounded to whole counts) judged against
// at most `largest_share`: no time structure to measure correlation from.
RateQuestion CounterShare(double failures, double trials, double largest_share, RateWords words);

// A share within its threshold by the run's own value: PASS when the bound proves it (or as a
// labelled point estimate), else INCONCLUSIVE for want of evidence. `counted` reads
// "<failures> of <trials> bound <what> at " and is followed by the bound; `measured` states the
// run's own value.
Finding ShareWithin(const Judge& judge, const Evidence& evidence, const std::string& counted,
                    double threshold, const std::string& measured);

// The OK responses' p95 judged against `threshold`: the order-statistic upper bound at
// `confidence`, with a design effect from `windows` (OK responses and the slow ones among them
// per second) when given. `slow` is how many responses were at or above the threshold.
struct QuantileQuestion {
  const stats::Histogram* values = nullptr;
  std::chrono::nanoseconds threshold{0};
  uint64_t slow = 0;
  std::vector<stats::WindowTally> windows;
};
Evidence QuantileEvidence(const QuantileQuestion& question, double confidence);
// The fewest values that can bound a p95 at `confidence` (59 at 95%) after `design_effect`.
uint64_t FewestForP95(double confidence, double design_effect);

// "95% confidence" or "99.5% confidence".
std::string ConfidenceText(double confidence);
// A bound as a percentage with two significant digits, more when fewer would read as equal to
// `threshold`: 0.03917 -> "3.9%".
std::string BoundPercent(double bound, double threshold);
// How the bound allowed for requests close in time not being independent; `unmeasured` says
// why independence was assumed when the design effect could not be measured.
std::string DesignEffectText(const Evidence& evidence, std::string_view unmeasured);
// "; a point estimate, not proof (confidence \"none\"): <needed>" for confidence 0, else "". For
// a PASS only: a FAIL rests on the run's own value at any confidence.
std::string PointEstimateNote(const Evidence& evidence);

}  // namespace slogate::slo::internal
