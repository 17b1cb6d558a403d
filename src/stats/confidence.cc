// Clopper–Pearson bounds are quantiles of Beta distributions, so everything here rests on the
// regularized incomplete beta function I_x(a, b) and its inverse in x:
//
//   P(Bin(n, p) <= k) = 1 - I_p(k + 1, n - k)        (and = I_{1-p}(n - k, k + 1))
//
// I_x(a, b) is evaluated from its continued fraction (DLMF 8.17.22), which converges quickly
// for x < (a + 1) / (a + b + 2); above that point the symmetry I_x(a, b) = 1 - I_{1-x}(b, a)
// moves x into that region. The inverse is a Newton iteration on I_x(a, b) = t kept inside a
// shrinking bracket [lo, hi] (bisection whenever Newton would leave it), so it always
// converges and is monotone in t. long double leaves room for the 1e-9 relative accuracy the
// tests demand of bounds from 1e-6 up.
#include "slogate/stats/confidence.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace slogate::stats {
namespace {

using Real = long double;

constexpr Real kEpsilon = 1e-17L;
constexpr int kMaxFractionTerms = 1'000'000;  // the fraction needs ~sqrt(max(a, b)) terms
constexpr int kMaxInverseSteps = 400;

// lgamma through its reentrant variant where the C library has one: plain lgamma writes the
// global `signgam`, which would make these functions racy.
Real LogGamma(Real x) {
#if defined(__GLIBC__)
  int sign = 0;
  return lgammal_r(x, &sign);
#else
  return std::lgamma(x);
#endif
}

Real LogBeta(Real a, Real b) { return LogGamma(a) + LogGamma(b) - LogGamma(a + b); }

// ln(x^a (1-x)^b / B(a, b)), the prefactor of the continued fraction.
Real LogFront(Real x, Real a, Real b) {
  return a * std::log(x) + b * std::log1p(-x) - LogBeta(a, b);
}

// Replaces a zero denominator of the modified Lentz recurrence by a tiny value.
Real AwayFromZero(Real v) {
  constexpr Real kTiny = std::numeric_limits<Real>::min() * 1e10L;
  return std::fabs(v) < kTiny ? kTiny : v;
}

// The continued fraction of I_x(a, b) * a * B(a, b) / (x^a (1-x)^b), by the modified Lentz
// method: the even and odd coefficients d_2m, d_2m+1 of DLMF 8.17.22.
Real BetaFraction(Real x, Real a, Real b) {
  Real c = 1;
  Real d = 1 / AwayFromZero(1 - (a + b) * x / (a + 1));
  Real value = d;
  for (int m = 1; m <= kMaxFractionTerms; ++m) {
    const Real two_m = 2 * static_cast<Real>(m);
    const Real even = static_cast<Real>(m) * (b - m) * x / ((a + two_m - 1) * (a + two_m));
    d = 1 / AwayFromZero(1 + even * d);
    c = AwayFromZero(1 + even / c);
    value *= d * c;
    const Real odd = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1));
    d = 1 / AwayFromZero(1 + odd * d);
    c = AwayFromZero(1 + odd / c);
    const Real step = d * c;
    value *= step;
    if (std::fabs(step - 1) < kEpsilon) break;
  }
  return value;
}

// Regularized incomplete beta I_x(a, b) for a, b > 0.
Real RegularizedBeta(Real x, Real a, Real b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x < (a + 1) / (a + b + 2)) {
    return std::exp(LogFront(x, a, b)) * BetaFraction(x, a, b) / a;
  }
  return 1 - std::exp(LogFront(1 - x, b, a)) * BetaFraction(1 - x, b, a) / b;
}

// d/dx I_x(a, b): the Beta(a, b) density.
Real BetaDensity(Real x, Real a, Real b) {
  return std::exp((a - 1) * std::log(x) + (b - 1) * std::log1p(-x) - LogBeta(a, b));
}

// The x in (0, 1) with I_x(a, b) = target, for 0 < target < 1.
Real InverseRegularizedBeta(Real target, Real a, Real b) {
  Real lo = 0;
  Real hi = 1;
  Real x = a / (a + b);
  for (int step = 0; step < kMaxInverseSteps; ++step) {
    const Real excess = RegularizedBeta(x, a, b) - target;
    if (excess == 0) return x;
    (excess < 0 ? lo : hi) = x;
    Real next = x - excess / BetaDensity(x, a, b);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (std::fabs(next - x) <= 1e-15L * next || hi - lo <= 1e-15L * lo) return next;
    x = next;
  }
  return x;
}

bool Within(double value, double bound, bool strict) {
  return strict ? value < bound : value <= bound;
}

// Pearson dispersion of the failure counts of blocks of `length` consecutive windows: the
// chi-square statistic against the pooled proportion `p`, over its degrees of freedom.
double BlockDispersion(const std::vector<WindowTally>& windows, std::size_t length, double p,
                       std::size_t* blocks) {
  double chi_square = 0;
  *blocks = 0;
  for (std::size_t first = 0; first < windows.size(); first += length) {
    const std::size_t end = std::min(windows.size(), first + length);
    double trials = 0;
    double failures = 0;
    for (std::size_t i = first; i < end; ++i) {
      trials += static_cast<double>(windows[i].trials);
      failures += static_cast<double>(windows[i].failures);
    }
    const double expected = p * trials;
    chi_square += (failures - expected) * (failures - expected) / (expected * (1 - p));
    ++*blocks;
  }
  return chi_square / static_cast<double>(*blocks - 1);
}

}  // namespace

double RateUpperBound(double failures, double trials, double confidence) {
  if (!(trials > 0) || failures >= trials) return 1;
  const Real n = trials;
  const Real k = std::max(0.0, failures);
  // No failure: I_p(1, n) = 1 - (1 - p)^n inverts in closed form.
  if (k == 0) return static_cast<double>(-std::expm1(std::log1p(-Real{confidence}) / n));
  return static_cast<double>(InverseRegularizedBeta(confidence, k + 1, n - k));
}

double RateLowerBound(double failures, double trials, double confidence) {
  if (!(trials > 0) || !(failures > 0)) return 0;
  const Real n = trials;
  const Real k = std::min(failures, trials);
  return static_cast<double>(InverseRegularizedBeta(1 - Real{confidence}, k, n - k + 1));
}

std::optional<uint64_t> QuantileUpperRank(uint64_t n, double q, double confidence,
                                          double design_effect) {
  if (n == 0 || !(q < 1)) return std::nullopt;
  if (!(q > 0)) return 1;
  const double effect = std::max(1.0, design_effect);
  const double effective_n = static_cast<double>(n) / effect;
  // The k-th smallest value bounds the q-quantile when P(Bin(n, q) <= k - 1) >= c, which is
  // P(Bin(n, 1 - q) <= n - k) <= 1 - c: the share of values above it, bounded from above from
  // its n - k values above, is at most 1 - q. Asked that way, the effective counts are the
  // ones RateUpperBound takes, and a rank past the effective sample's end cannot qualify.
  const auto enough = [&](uint64_t rank) {
    return RateUpperBound(static_cast<double>(n - rank) / effect, effective_n, confidence) <=
           1 - q;
  };
  if (!enough(n)) return std::nullopt;
  uint64_t lo = 1;  // smallest rank that may qualify
  uint64_t hi = n;  // qualifies
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (enough(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return hi;
}

std::optional<std::chrono::nanoseconds> QuantileUpperBound(const Histogram& values, double q,
                                                           double confidence,
                                                           double design_effect) {
  const std::optional<uint64_t> rank =
      QuantileUpperRank(values.count(), q, confidence, design_effect);
  if (!rank) return std::nullopt;
  // Percentile(rank / n) is the nearest-rank value at exactly `rank` (it tolerates the
  // rounding of the division).
  return values.Percentile(static_cast<double>(*rank) / static_cast<double>(values.count()));
}

std::optional<uint64_t> QuantileLowerRank(uint64_t n, double q, double confidence) {
  if (!(q > 0) || !(q < 1)) return std::nullopt;
  // P(Bin(n, q) >= k) >= c is P(Bin(n, q) <= k - 1) <= 1 - c, i.e. the Clopper-Pearson upper
  // bound of k - 1 values below of n is at most q: the most "failures" provable at most q, plus
  // one. None when not even the smallest value qualifies (q < 1 - (1 - c)^(1/n)).
  const std::optional<uint64_t> below = MostFailuresProvable(n, q, confidence, /*strict=*/false);
  if (!below) return std::nullopt;
  return *below + 1;
}

std::optional<std::chrono::nanoseconds> QuantileLowerBound(const Histogram& values, double q,
                                                           double confidence) {
  const std::optional<uint64_t> rank = QuantileLowerRank(values.count(), q, confidence);
  if (!rank) return std::nullopt;
  const auto at_rank =
      values.Percentile(static_cast<double>(*rank) / static_cast<double>(values.count()));
  return std::max(values.Min(), values.LowestEquivalent(at_rank));
}

std::optional<uint64_t> MostFailuresProvable(uint64_t trials, double bound, double confidence,
                                             bool strict) {
  const auto provable = [&](uint64_t failures) {
    return Within(RateUpperBound(static_cast<double>(failures), static_cast<double>(trials),
                                 confidence),
                  bound, strict);
  };
  if (trials == 0 || !provable(0)) return std::nullopt;
  uint64_t lo = 0;       // provable
  uint64_t hi = trials;  // the largest that may be provable
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo + 1) / 2;
    if (provable(mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

uint64_t FewestTrialsWithoutFailure(double bound, double confidence, bool strict) {
  if (!(bound > 0)) return std::numeric_limits<uint64_t>::max();
  if (bound >= 1) return 1;  // one trial bounds the rate at `confidence` < 1
  const auto provable = [&](uint64_t trials) {
    return Within(RateUpperBound(0, static_cast<double>(trials), confidence), bound, strict);
  };
  // 1 - (1 - c)^(1/n) < b  <=>  n > ln(1 - c) / ln(1 - b); the search around that estimate
  // makes the answer agree with RateUpperBound to the last bit.
  const Real estimate = std::log1p(-Real{confidence}) / std::log1p(-Real{bound});
  if (!(estimate < 0x1.0p63L)) return std::numeric_limits<uint64_t>::max();
  uint64_t trials = static_cast<uint64_t>(std::max<Real>(1, std::floor(estimate)));
  while (trials > 1 && provable(trials - 1)) --trials;
  while (!provable(trials)) ++trials;
  return trials;
}

DesignEffect EstimateDesignEffect(const std::vector<WindowTally>& windows) {
  // Windows without trials carry no information about the proportion; dropping them keeps
  // the expected counts of every block positive.
  std::vector<WindowTally> active;
  uint64_t trials = 0;
  uint64_t failures = 0;
  for (const WindowTally& window : windows) {
    if (window.trials == 0) continue;
    active.push_back(window);
    trials += window.trials;
    failures += std::min(window.failures, window.trials);
  }
  DesignEffect result;
  if (failures == 0 || failures == trials || active.size() < kMinBlocks) return result;
  for (WindowTally& window : active) window.failures = std::min(window.failures, window.trials);
  const double p = static_cast<double>(failures) / static_cast<double>(trials);
  result.measured = true;
  for (std::size_t length = 1; (active.size() + length - 1) / length >= kMinBlocks;
       length *= 2) {
    std::size_t blocks = 0;
    const double dispersion = BlockDispersion(active, length, p, &blocks);
    if (dispersion > result.factor || result.block_windows == 0) {
      result.factor = std::max(1.0, dispersion);
      result.block_windows = static_cast<int>(length);
      result.blocks = blocks;
    }
  }
  return result;
}

}  // namespace slogate::stats
