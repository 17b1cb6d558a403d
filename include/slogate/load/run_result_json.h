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

// Written as "schema_version". RunResultFromJson also reads the version before (files written
// by the previous release, e.g. shards of a mixed fleet) and rejects any other.
// 4 added ok_latency, failed_latency, ok_service_time, error_status_counts, ok_without_event_id
// and duplicate_event_ids, and made event_ids distinct.
inline constexpr int kRunResultSchemaVersion = 4;
inline constexpr int kOldestReadableRunResultSchemaVersion = 3;

nlohmann::json ToJson(const RunResult& run);

// A version 3 document gets what its fields determine exactly: ok_latency and ok_service_time
// when no request failed, failed_latency when none was OK, repeats removed from event_ids and
// counted, ok_without_event_id when it carries ids; the rest stays empty.
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
