// The "profiles" block of a profile file: named load profiles.
#pragma once

#include <vector>

#include "json_fields.h"
#include "slogate/config/config.h"

namespace slogate::config::internal {

// Parses {"smoke": {...}, ...} in file order. Endpoint names a profile lists must be among
// `endpoints`. Validates schedule-specific fields (ramp start_rps, burst windows inside the
// duration and not overlapping, in the shape the load engine runs).
Result<std::vector<LoadProfile>> ParseProfiles(const Json& block,
                                               const std::vector<Endpoint>& endpoints);

// The load engine runs one burst rate and length repeating with a fixed period (load::BurstSpec),
// so a burst profile's windows must share rps and length, start a fixed period apart, and the
// run must end before one more period would start another window. Checked when the profile is
// loaded and again after DURATION rescales it, so a bad profile fails before anything starts.
// `path` labels errors ("profiles.burst.bursts").
Status CheckBurstShape(const LoadProfile& profile, const std::string& path);

}  // namespace slogate::config::internal
