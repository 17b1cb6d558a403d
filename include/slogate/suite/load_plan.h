// From a validated Config to the load engine's options for one (profile, endpoint) run.
//
// Pure and thread-safe: the mapping is unit-tested on its own so the conformance fixture only
// wires components together.
#pragma once

#include <string>

#include "slogate/common/result.h"
#include "slogate/config/config.h"
#include "slogate/load/load_options.h"

namespace slogate::suite {

// The load options of `profile` driven through `endpoint` against `target_url` (scheme://host
// [:port]). Burst windows must share one length and a fixed period (what the engine's burst
// schedule expresses); anything else is an error naming the profile.
Result<load::LoadOptions> MakeLoadOptions(const config::Config& config,
                                          const config::LoadProfile& profile,
                                          const config::Endpoint& endpoint,
                                          const std::string& target_url);

}  // namespace slogate::suite
