// histogram_quantile with PromQL semantics, over cumulative histogram buckets.
//
// Pure functions; thread-safe.
#pragma once

#include <vector>

#include "slogate/common/result.h"
#include "slogate/promtext/selector.h"
#include "slogate/promtext/snapshot.h"

namespace slogate::promtext {

struct Bucket {
  double upper_bound;       // the `le` value; +Inf for the last bucket
  double cumulative_count;  // observations <= upper_bound
};

// PromQL's histogram_quantile: sorts the buckets by upper bound, requires a +Inf bucket
// (error "missing_inf_bucket"), then interpolates linearly inside the bucket that holds the
// q-th observation (the lowest bucket interpolates from 0 when its bound is positive). Like
// PromQL: q < 0 gives -Inf, q > 1 gives +Inf, NaN q or no observations give NaN; a quantile
// in the +Inf bucket gives the highest finite upper bound. Counts that decrease between
// buckets (float noise, or buckets from different scrapes) are made monotonic first, as
// PromQL does. Errors: "no_buckets", "missing_inf_bucket".
Result<double> HistogramQuantile(double q, std::vector<Bucket> buckets);

// The `<name>_bucket` samples matching `bucket_selector` (which names the _bucket series),
// summed per `le` over all matching series, sorted by upper bound. Errors: "no_buckets" when
// nothing matches, "bad_le" when a sample has no `le` label or an unparsable one.
Result<std::vector<Bucket>> CollectBuckets(const Snapshot& snapshot,
                                           const Selector& bucket_selector);

}  // namespace slogate::promtext
