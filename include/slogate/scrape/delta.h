// Increases of counters (and histogram buckets) between two scrape sets, with counter-reset
// detection. A reset is reported, never turned into a negative increase or a silent pass.
//
// A series is identified by its endpoint URL, sample name and labels. Between `before` and
// `after` a series
//   - that decreased, whose `<name>_created` changed, or that vanished is a reset;
//   - that appears only in `after` counts from 0 (labelled series appear on first use);
//   - otherwise contributes after - before.
// `_created` samples are timestamps, not counts, and are never summed.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/promtext/quantile.h"
#include "slogate/promtext/selector.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

struct CounterDelta {
  // Sum of the increases of the matching series. With a reset, a reset series contributes its
  // value in `after` (it counted from 0 again, as PromQL's increase() assumes), so `value` is a
  // lower bound of the true increase.
  double value = 0;
  bool reset = false;
  std::string reset_detail;  // which series reset and how; empty when reset is false
};

// Increase of the counter series matching `selector`, summed over series and endpoints.
// Errors: "scrape_failed" when an endpoint of either set failed (its message is included),
// "missing_metric" when no series matches in either set, "bad_counter_value" for a NaN value.
// Series that matched in `before` and none in `after` are a reset (all vanished), not an error.
Result<CounterDelta> DeltaOf(const ScrapeSet& before, const ScrapeSet& after,
                             const promtext::Selector& selector);

// Per-`le` increase of the `<name>_bucket` series matching `bucket_selector`, summed over
// series and endpoints and sorted by upper bound: the buckets of what was observed between the
// two sets, ready for promtext::HistogramQuantile. Errors as DeltaOf, plus "counter_reset"
// (with the detail) when a bucket series reset, and promtext::CollectBuckets' "bad_le".
Result<std::vector<promtext::Bucket>> BucketDelta(const ScrapeSet& before, const ScrapeSet& after,
                                                  const promtext::Selector& bucket_selector);

}  // namespace slogate::scrape
