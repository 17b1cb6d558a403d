// Merging the RunResults of shards (N copies of `slogate run`, each at rate/N) into one.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/load/run_result.h"

namespace slogate::load {

// Shards of one run start at the same moment, give or take how long it takes to start them;
// results further apart than this are not one run.
inline constexpr std::chrono::nanoseconds kMaxShardStartSpread = std::chrono::hours(24);

// Combines shard results as if one generator had run them all:
//  - counts, per-category errors, status counts, target_rps, peak_rps, achieved_rps and
//    concurrency add (shards run side by side, so their rates stack);
//  - histograms merge exactly (they must share a range);
//  - started_at is the earliest start, finished_at the latest finish; duration is the longest
//    planned duration; sending_time spans from the earliest start to the latest end of sending;
//    interrupted (aborted) if any shard was; burst_windows are the earliest-starting shard's;
//    rate_plan is the shards' plans added up on the merged timeline (internal::SumRatePlans),
//    empty when one shard has none or the sum is not finite;
//  - per-second windows are aligned on wall-clock time (each shard's seconds shifted by its
//    start offset from the earliest start, rounded to the nearest second), then MergeWindows'd
//    (counts and ok_slow exact; percentiles an upper bound);
//  - ok_without_event_id and duplicate_event_ids add, error_status_counts add per status;
//  - event_ids stay distinct: concatenated in shard order, an id that an earlier shard already
//    returned is dropped and counted in duplicate_event_ids (a repeat across shards is a repeat).
// Errors: "no_shards" for an empty list; "shard_mismatch" when shards target different URLs,
// paths or schedules, count slow responses against different latency marks (their ok_slow
// would not add up to one count) or started more than kMaxShardStartSpread apart;
// "histogram_range_mismatch" when histogram ranges differ. Each names the
// shard: "shard <i>" (0-based index in `shards`). Thread-safe.
Result<RunResult> MergeRunResults(const std::vector<RunResult>& shards);

// Same, naming shard i by shard_names[i] (e.g. its file) in errors.
// Falls back to "shard <i>" when shard_names.size() != shards.size().
Result<RunResult> MergeRunResults(const std::vector<RunResult>& shards,
                                  const std::vector<std::string>& shard_names);

}  // namespace slogate::load
