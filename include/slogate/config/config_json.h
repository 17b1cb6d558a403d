// JSON form of a Config for results files and reports. Always redacted: the JWT never appears.
#pragma once

#include <nlohmann/json.hpp>

#include "slogate/config/config.h"

namespace slogate::config {

// Every field of `config.Redacted()`; durations in seconds (numbers), names as in the profile
// file. Thread-safe.
nlohmann::json ToJson(const Config& config);

}  // namespace slogate::config
