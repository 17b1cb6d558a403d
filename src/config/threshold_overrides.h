// Thresholds changed for one run without copying a profile file: SLO_THRESHOLDS
// ("latency_p95=200ms,max_error_rate=0.01") and the suite's --threshold NAME=VALUE.
#pragma once

#include <string_view>

#include "slogate/config/config.h"

namespace slogate::config::internal {

// The items of `text` in order: "name=value" separated by commas, blanks around each part
// dropped. An empty item, one without '=' or with an empty name or value is an error naming it.
Result<ThresholdOverrides> ParseThresholdOverrides(std::string_view text);

// Applies `overrides` onto `thresholds` with the profile file's rules and words (a number is
// read as a JSON number, anything else as a JSON string: "200ms", "2s"); `where` names the
// source in errors ("SLO_THRESHOLDS"). A name given twice: the later wins.
Status ApplyThresholdOverrides(const ThresholdOverrides& overrides, std::string_view where,
                               Thresholds& thresholds);

}  // namespace slogate::config::internal
