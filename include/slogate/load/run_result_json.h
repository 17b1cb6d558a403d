// RunResult <-> JSON: the lossless shard format `slogate merge` reads back.
//
// Every RunResult field is written; histograms as their Serialize() text, durations and wall
// clock times as integer nanoseconds (fields ending in _ns; times since the Unix epoch), so
// RunResultFromJson(ToJson(r)) reproduces r exactly. docs/stats.md describes the format.
// All functions are thread-safe.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "slogate/common/result.h"
#include "slogate/load/run_result.h"

namespace slogate::load {

// Written as "schema_version"; RunResultFromJson rejects any other version.
inline constexpr int kRunResultSchemaVersion = 3;

nlohmann::json ToJson(const RunResult& run);

// Errors have code "bad_run_result" and name the offending field by its path
// ("per_second[3].count: expected a non-negative integer, got \"x\"").
Result<RunResult> RunResultFromJson(const nlohmann::json& json);

// Reads and parses one RunResult JSON file. Error messages start with the file's path
// (code "unreadable_file"; "bad_json" as "PATH:LINE:COLUMN: not valid JSON: ...", line and
// column also set; or "bad_run_result" as "PATH: FIELD: ...").
Result<RunResult> ReadRunResultFile(const std::filesystem::path& path);

// Inverse of ErrorCategoryName; nullopt for an unknown name.
std::optional<ErrorCategory> ErrorCategoryFromName(std::string_view name);

}  // namespace slogate::load
