// A profile's "metric_checks": its own rules over the target's metrics (docs/config.md).
#pragma once

#include <string>

#include "json_fields.h"
#include "slogate/config/config.h"

namespace slogate::config::internal {

// Reads the array `value` (the member at `path`) into profile.metric_checks. Every check is
// validated here (its name, selectors, kind and condition), so a typo stops the run before any
// load is sent, with the member it is in.
Status ParseMetricChecks(const Json& value, const std::string& path, LoadProfile& profile);

// "< 0.1%", "<= 5", ">= 0.995": a comparison and a finite number, a percentage when it ends in
// "%". The error says what is accepted.
Result<std::pair<Comparison, double>> ParseCondition(std::string_view text);

}  // namespace slogate::config::internal
