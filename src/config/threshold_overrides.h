// Thresholds changed for one run without copying a profile file: SLO_THRESHOLDS
// ("latency_p95=200ms,max_error_rate=0.01") and the suite's --threshold NAME=VALUE.
#pragma once

#include <string_view>

#include "slogate/config/config.h"
#include "slogate/config/loader.h"

namespace slogate::config::internal {

// Applies `overrides` onto `thresholds` with the profile file's rules and words (a number is
// read as a JSON number, anything else as a JSON string: "200ms", "2s"); `where` names the
// source in errors ("SLO_THRESHOLDS", "--threshold"). A name given twice: the later wins. A
// duration needs its unit here: in a one-line setting `latency_p95=200` reads as milliseconds
// to a person and as 200 seconds to the profile file's rules, which would switch the gate off.
Status ApplyThresholdOverrides(const ThresholdOverrides& overrides, std::string_view where,
                               Thresholds& thresholds);

}  // namespace slogate::config::internal
