// JSON form of a parsed Snapshot, as printed by `slogate metrics check --json`.
//
// NaN and ±Inf, which JSON cannot hold as numbers, are written as the strings "NaN", "+Inf"
// and "-Inf". Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "slogate/promtext/snapshot.h"

namespace slogate::promtext {

inline constexpr int kSnapshotJsonSchemaVersion = 1;

// {"schema_version":1,"format":"0.0.4"|"openmetrics-1.0.0","families":[{"name","type","help",
//  "unit","samples":[{"name","labels":{...},"value","timestamp"?,"exemplar"?}]}],
//  "warnings":[{"line","column","message"}]}
nlohmann::json SnapshotToJson(const Snapshot& snapshot);

}  // namespace slogate::promtext
