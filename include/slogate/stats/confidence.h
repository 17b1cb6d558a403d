// Confidence bounds for the SLOs judged on a rate or a percentile, and the sample sizes that
// make a bound tight enough to prove an SLO.
//
// A run is a sample: 0 errors in 75 requests does not show an error rate under 0.5%, it shows
// one under 3.9% (95%, one-sided). Rates get exact binomial (Clopper–Pearson) bounds;
// percentiles get order-statistic bounds, which are the same binomial question asked of the
// share of values above a candidate. Requests close in time are not independent (a slow second
// makes many slow requests), so a design effect measured across time windows shrinks the
// sample to its effective size before bounding. docs/slo.md ("Confidence") gives the formulas.
//
// Pure functions; thread-safe. `confidence` is a one-sided level in (0, 1), e.g. 0.95.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "slogate/stats/histogram.h"

namespace slogate::stats {

// One-sided Clopper–Pearson bounds of a binomial proportion from `failures` of `trials`.
// Counts may be non-integer (effective counts after a design effect): the bounds are the Beta
// quantiles that define Clopper–Pearson, which accept real parameters.
// Preconditions: 0 <= failures <= trials, trials > 0, 0 < confidence < 1.
// Upper: the largest proportion p not rejected, i.e. P(Bin(trials, p) <= failures) = 1 - c;
// 1 when failures == trials.
double RateUpperBound(double failures, double trials, double confidence);
// Lower: P(Bin(trials, p) >= failures) = 1 - c; 0 when failures == 0.
double RateLowerBound(double failures, double trials, double confidence);

// Order statistics: the 1-based rank k for which the k-th smallest of `n` values is an upper
// confidence bound of the q-quantile, i.e. the smallest k with P(Bin(n, q) <= k - 1) >=
// confidence, after shrinking n by `design_effect` (>= 1) as RateUpperBound does. nullopt when
// no rank <= n qualifies (n too small: for q = 0.95 at 95%, 59 values are needed).
std::optional<uint64_t> QuantileUpperRank(uint64_t n, double q, double confidence,
                                          double design_effect = 1);
// The histogram's value at that rank (the highest value equivalent to the bucket holding the
// k-th smallest value, as Histogram::Percentile reports values), or nullopt.
std::optional<std::chrono::nanoseconds> QuantileUpperBound(const Histogram& values, double q,
                                                           double confidence,
                                                           double design_effect = 1);

// The other side: the 1-based rank k for which the k-th smallest of `n` values is a lower
// confidence bound of the q-quantile, i.e. the largest k with P(Bin(n, q) >= k) >= confidence
// (the share of values below it, bounded from above from its k - 1 values below, is at most q).
// Small samples have one where QuantileUpperRank has none: the 13th smallest of 15 values for
// q = 0.95 at 95% (the p95 itself is the largest); at 95% every n >= 1 has one. nullopt for
// q outside (0, 1), or when not even the smallest value qualifies (n == 0; n == 1 at 99%).
std::optional<uint64_t> QuantileLowerRank(uint64_t n, double q, double confidence);
// The histogram's value at that rank, taken at the low end of its bucket (never above the
// k-th smallest value), or nullopt.
std::optional<std::chrono::nanoseconds> QuantileLowerBound(const Histogram& values, double q,
                                                           double confidence);

// Planning. The most failures out of `trials` whose upper bound is still below `bound`
// (strictly below when `strict`, else at most), at `confidence`; nullopt when not even 0
// failures would do.
std::optional<uint64_t> MostFailuresProvable(uint64_t trials, double bound, double confidence,
                                             bool strict = true);
// The fewest trials with no failure at all whose upper bound is below `bound` (as above):
// 598 for 0.5% at 95%.
uint64_t FewestTrialsWithoutFailure(double bound, double confidence, bool strict = true);

// One time window's count of trials and of failures among them (requests and errors of one
// second, or OK responses and those slower than the threshold).
struct WindowTally {
  uint64_t trials = 0;
  uint64_t failures = 0;
};

// How much correlation in time inflates the variance of a proportion, compared with
// independent trials: the sample behaves like trials / factor independent ones.
struct DesignEffect {
  double factor = 1;        // >= 1
  bool measured = false;    // false: too little data to measure it; independence assumed
  int block_windows = 0;    // windows per block at the block length that gave `factor`
  std::size_t blocks = 0;   // blocks at that length
};

// Blocks of 1, 2, 4, ... consecutive windows while at least kMinBlocks blocks remain; at each
// length the Pearson dispersion of the blocks' failure counts (chi-square over its degrees of
// freedom, expected counts from the pooled proportion); the largest, and at least 1. Not
// measured (factor 1) when there is no failure, no success, or fewer than kMinBlocks windows
// with trials.
inline constexpr std::size_t kMinBlocks = 10;
DesignEffect EstimateDesignEffect(const std::vector<WindowTally>& windows);

}  // namespace slogate::stats
