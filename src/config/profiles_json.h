// The "profiles" block of a profile file: named load profiles.
#pragma once

#include <vector>

#include "json_fields.h"
#include "slogate/config/config.h"

namespace slogate::config::internal {

// Parses {"smoke": {...}, ...} in file order. Endpoint names a profile lists must be among
// `endpoints`. Validates schedule-specific fields (ramp start_rps, burst windows inside the
// duration and not overlapping).
Result<std::vector<LoadProfile>> ParseProfiles(const Json& block,
                                               const std::vector<Endpoint>& endpoints);

}  // namespace slogate::config::internal
