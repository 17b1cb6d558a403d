// The bucket pitfall of a latency alert: histogram_quantile interpolates linearly inside a
// bucket, so a p95 threshold that is not one of the histogram's `le` boundaries is compared
// with a guess that can be off by up to the bucket's width. Pure, thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/promtext/snapshot.h"

namespace slogate::rules {

// The finite `le` boundaries (seconds, ascending, each once) of gateway_request_seconds_bucket
// over every series of `snapshot`. Error "no_buckets" when it has no such series (the upstream
// gateway exposes no request histogram), "bad_le" for an unreadable `le`.
Result<std::vector<double>> LatencyBucketBounds(const promtext::Snapshot& snapshot);

// nullopt when `threshold` is one of `bounds` (ascending seconds); otherwise the warning,
// naming the buckets around the threshold and the boundary to add, e.g. "p95 threshold 300 ms
// lies between buckets 250 ms and 500 ms: ...; add a 0.3 bucket".
std::optional<std::string> BucketWarning(std::chrono::nanoseconds threshold,
                                         std::span<const double> bounds);

}  // namespace slogate::rules
