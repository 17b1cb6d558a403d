// The rate plans of shards added up on the merged timeline (MergeRunResults).
#pragma once

#include <chrono>
#include <vector>

#include "slogate/load/run_result.h"

namespace slogate::load::internal {

// One shard's plan and where its start lies on the merged timeline.
struct ShiftedPlan {
  const std::vector<RateSegment>* plan = nullptr;
  std::chrono::nanoseconds start_offset{0};
};

// The sum of the shards' rates over time: cut at every boundary of any shard, each piece linear
// between the summed rates at its ends (a shard's rate is 0 outside its plan). Empty when any
// shard has no plan (its rate is unknown), the sum would have more than kMaxRateSegments
// pieces, or a summed rate is not finite. The offsets and the pieces' ends must be bounded
// (kMaxShardStartSpread, kMaxRateSegmentEnd) so that adding them cannot overflow. Pure.
std::vector<RateSegment> SumRatePlans(const std::vector<ShiftedPlan>& shards);

}  // namespace slogate::load::internal
