// `slogate run --profile NAME`: the load the suite sends for a profile, so that the shares a
// machine other than the suite's sends merge with the suite's own (docs/distributed.md).
#pragma once

#include <span>
#include <string_view>

#include "slogate/common/options.h"
#include "slogate/common/result.h"
#include "slogate/load/load_options.h"
#include "slogate/load/run_arguments.h"

namespace slogate::cli {

// The suite's load options for `arguments.profile` through `arguments.endpoint` (else
// SLO_ENDPOINT, else the profile's first), read from the profile file and the environment as
// the suite reads them (SLO_ENV, SLO_THRESHOLDS, RPS, DURATION, CONCURRENCY, JWT, ...), against
// the parsed target URL, as share `arguments.options.shard` (load::TakeShare: its part of the
// in-flight cap) from its start. Threads and TLS stay as parsed. Errors: a flag among `args`
// that the profile or the suite decides (--rps, --body, --timeout, ...), and whatever the
// profile file or its lookup gets wrong, named.
Result<load::LoadOptions> ProfileLoadOptions(const load::RunArguments& arguments,
                                             std::span<const std::string_view> args,
                                             const options::EnvLookup& env);

}  // namespace slogate::cli
