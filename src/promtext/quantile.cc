#include "slogate/promtext/quantile.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "text_scan.h"

namespace slogate::promtext {

Result<double> HistogramQuantile(double q, std::vector<Bucket> buckets) {
  if (buckets.empty()) return MakeError("no_buckets", "histogram_quantile: no buckets");
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.upper_bound < b.upper_bound; });
  if (buckets.back().upper_bound != std::numeric_limits<double>::infinity()) {
    return MakeError("missing_inf_bucket", "histogram_quantile: no le=\"+Inf\" bucket");
  }
  if (std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  // Buckets with equal bounds (e.g. from several series) are merged, and counts are made
  // monotonic: both as PromQL does, so small inconsistencies cannot produce nonsense.
  std::vector<Bucket> merged;
  for (const Bucket& bucket : buckets) {
    if (!merged.empty() && merged.back().upper_bound == bucket.upper_bound) {
      merged.back().cumulative_count += bucket.cumulative_count;
    } else {
      merged.push_back(bucket);
    }
  }
  for (size_t i = 1; i < merged.size(); ++i) {
    merged[i].cumulative_count =
        std::max(merged[i].cumulative_count, merged[i - 1].cumulative_count);
  }
  if (merged.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double observations = merged.back().cumulative_count;
  if (!(observations > 0)) return std::numeric_limits<double>::quiet_NaN();
  double rank = q * observations;
  const auto found = std::lower_bound(
      merged.begin(), merged.end() - 1, rank,
      [](const Bucket& bucket, double wanted) { return bucket.cumulative_count < wanted; });
  const size_t b = static_cast<size_t>(found - merged.begin());
  if (b == merged.size() - 1) return merged[merged.size() - 2].upper_bound;
  if (b == 0 && merged[0].upper_bound <= 0) return merged[0].upper_bound;
  double start = 0;
  const double end = merged[b].upper_bound;
  double count = merged[b].cumulative_count;
  if (b > 0) {
    start = merged[b - 1].upper_bound;
    count -= merged[b - 1].cumulative_count;
    rank -= merged[b - 1].cumulative_count;
  }
  return start + (end - start) * (rank / count);
}

Result<std::vector<Bucket>> CollectBuckets(const Snapshot& snapshot,
                                           const Selector& bucket_selector) {
  std::map<double, double> counts;
  for (const Sample* sample : Select(snapshot, bucket_selector)) {
    const Label* le = nullptr;
    for (const Label& label : sample->labels) {
      if (label.name == "le") le = &label;
    }
    const std::optional<double> bound =
        le != nullptr ? internal::ParseValue(le->value) : std::nullopt;
    if (!bound || std::isnan(*bound)) {
      return MakeError("bad_le", "sample \"" + std::string(sample->name) + "\" matched by " +
                                     bucket_selector.ToString() +
                                     " has no valid \"le\" label; select the _bucket series");
    }
    counts[*bound] += sample->value;
  }
  if (counts.empty()) {
    return MakeError("no_buckets", "no histogram buckets match " + bucket_selector.ToString());
  }
  std::vector<Bucket> buckets;
  buckets.reserve(counts.size());
  for (const auto& [bound, count] : counts) buckets.push_back(Bucket{bound, count});
  return buckets;
}

}  // namespace slogate::promtext
