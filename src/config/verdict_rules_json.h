// The verdict rules a load profile may set: "confidence", "windowed", "abort_on_breach",
// "write_through", "replicator" (docs/config.md, "profiles.<name>").
#pragma once

#include <string>
#include <string_view>

#include "json_fields.h"
#include "slogate/config/config.h"

namespace slogate::config::internal {

// Reads "confidence", "windowed", "abort_on_breach", "write_through" and "replicator" of
// `object` (the profile at `path`), where present, into
// profile.rules; profile.duration must already be set (windows are checked against it).
Status ParseVerdictRules(const Json& object, const std::string& path, LoadProfile& profile);

// "none" (0: point estimates) or a number strictly between 0 and 1, as SLO_CONFIDENCE and the
// profile's "confidence" string take it. The error says what is accepted.
Result<double> ParseConfidence(std::string_view text);

// A windowed SLO's window and sustained span must fit in the run; checked when the profile is
// loaded and again after DURATION changes it. `where` labels the error ("profiles.soak.windowed").
Status CheckWindowFitsRun(const LoadProfile& profile, const std::string& where);

}  // namespace slogate::config::internal
