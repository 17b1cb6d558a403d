#include "rate_plan_sum.h"

#include <algorithm>
#include <cmath>

namespace slogate::load::internal {
namespace {

using std::chrono::nanoseconds;

// A plan's rate at `at`: of the piece it begins (from the right) or of the piece it ends (from
// the left), so that a step at `at` reads as the rate after it or before it. 0 outside the plan.
double RateAt(const std::vector<RateSegment>& plan, nanoseconds offset, nanoseconds at,
              bool from_right) {
  const nanoseconds local = at - offset;
  // The first piece ending after `local` (from the right) or at or after it (from the left).
  const auto piece = std::lower_bound(
      plan.begin(), plan.end(), local, [from_right](const RateSegment& segment, nanoseconds t) {
        return from_right ? segment.end <= t : segment.end < t;
      });
  if (piece == plan.end()) return 0;
  if (from_right ? local < piece->begin : local <= piece->begin) return 0;
  const double share = static_cast<double>((local - piece->begin).count()) /
                       static_cast<double>((piece->end - piece->begin).count());
  return piece->rps_begin + (piece->rps_end - piece->rps_begin) * share;
}

}  // namespace

std::vector<RateSegment> SumRatePlans(const std::vector<ShiftedPlan>& shards) {
  std::vector<nanoseconds> cuts;
  for (const ShiftedPlan& shard : shards) {
    if (shard.plan == nullptr || shard.plan->empty()) return {};
    for (const RateSegment& segment : *shard.plan) {
      cuts.push_back(segment.begin + shard.start_offset);
      cuts.push_back(segment.end + shard.start_offset);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  if (cuts.size() < 2 || cuts.size() - 1 > kMaxRateSegments) return {};
  std::vector<RateSegment> total;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    RateSegment segment{cuts[i], cuts[i + 1], 0, 0};
    for (const ShiftedPlan& shard : shards) {
      segment.rps_begin += RateAt(*shard.plan, shard.start_offset, cuts[i], true);
      segment.rps_end += RateAt(*shard.plan, shard.start_offset, cuts[i + 1], false);
    }
    // Rates of 1e308 read from files add up to infinity, which no file can hold.
    if (!std::isfinite(segment.rps_begin) || !std::isfinite(segment.rps_end)) return {};
    total.push_back(segment);
  }
  return total;
}

}  // namespace slogate::load::internal
