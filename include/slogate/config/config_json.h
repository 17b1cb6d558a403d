// JSON form of a Config for results files and reports. Always redacted: the JWT never appears.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "slogate/config/config.h"

namespace slogate::config {

// Every field of `config.Redacted()`; durations in seconds (numbers), names as in the profile
// file. Thread-safe.
nlohmann::json ToJson(const Config& config);

// Whether `name` is a threshold holding a duration (latency_p95, max_lag, drain_period, ...):
// ToJson writes those in seconds.
bool IsDurationThreshold(std::string_view name);

}  // namespace slogate::config
