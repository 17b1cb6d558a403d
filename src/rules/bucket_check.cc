#include "slogate/rules/bucket_check.h"

#include <algorithm>
#include <cmath>

#include "slogate/common/units.h"
#include "slogate/promtext/quantile.h"
#include "slogate/promtext/selector.h"
#include "slogate/slo/metric_names.h"

namespace slogate::rules {
namespace {

// Milliseconds to the microsecond, so 0.15 s reads "150 ms", not "150.00000000000003 ms".
std::string Millis(double seconds) {
  return units::FormatNumber(std::round(seconds * 1e6) / 1e3) + " ms";
}

bool SameBound(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, b); }

}  // namespace

Result<std::vector<double>> LatencyBucketBounds(const promtext::Snapshot& snapshot) {
  Result<promtext::Selector> selector = promtext::Selector::Parse(slo::kRequestSecondsBucket);
  if (!selector) return selector.error();
  Result<std::vector<promtext::Bucket>> buckets = promtext::CollectBuckets(snapshot, *selector);
  if (!buckets) return buckets.error();
  std::vector<double> bounds;
  for (const promtext::Bucket& bucket : *buckets) {
    if (std::isfinite(bucket.upper_bound)) bounds.push_back(bucket.upper_bound);
  }
  return bounds;
}

std::optional<std::string> BucketWarning(std::chrono::nanoseconds threshold,
                                         std::span<const double> bounds) {
  const double t = std::chrono::duration<double>(threshold).count();
  const std::string head = "p95 threshold " + Millis(t);
  const std::string add = "; add a " + units::FormatNumber(t) + " bucket";
  if (std::any_of(bounds.begin(), bounds.end(), [t](double b) { return SameBound(b, t); })) {
    return std::nullopt;
  }
  const auto above = std::upper_bound(bounds.begin(), bounds.end(), t);
  if (above == bounds.end()) {
    if (bounds.empty()) {
      return head + ": gateway_request_seconds has no finite bucket, so histogram_quantile "
                    "cannot place any answer below it and the alert can never fire" + add;
    }
    return head + " lies above the largest bucket " + Millis(bounds.back()) +
           ": histogram_quantile answers at most " + Millis(bounds.back()) +
           " there, so the alert can never fire" + add;
  }
  const double lower = above == bounds.begin() ? 0 : *(above - 1);
  return head + " lies between buckets " + Millis(lower) + " and " + Millis(*above) +
         ": histogram_quantile interpolates linearly inside a bucket, so the alert can fire or "
         "stay silent wrongly by up to the bucket's width" + add;
}

}  // namespace slogate::rules
