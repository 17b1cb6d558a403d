// The "thresholds" block of a profile file: per-environment overrides of Thresholds.
#pragma once

#include <map>
#include <string_view>

#include "json_fields.h"
#include "slogate/config/config.h"

namespace slogate::config::internal {

// Applies the members of one thresholds object (e.g. thresholds.staging) onto `thresholds`.
Status ApplyThresholds(const Json& object, std::string_view path, Thresholds& thresholds);

// Parses the whole block: {"default": {...}, "local": {...}, ...}. Each environment starts from
// BuiltInThresholds, then "default", then its own block. An absent block gives the built-ins.
Result<std::map<Environment, Thresholds>> ParseThresholdsBlock(const Json* block,
                                                               std::string_view path);

// Writes every threshold under its profile-file field name; durations as seconds.
void ThresholdsToJson(const Thresholds& thresholds, nlohmann::json& out);

}  // namespace slogate::config::internal
