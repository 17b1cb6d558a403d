// Building a Config: environment variables (through an injectable lookup) + profile JSON file.
//
// Every bad value is an Error naming the variable or the JSON field path and the file, e.g.
// `fixtures/profiles/x.json: profiles.smoke.rps: expected a number >= 0, got "fast"`.
// Pure except for ReadProfilesFile/ProcessEnvironment, which are the only I/O.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/config/config.h"

namespace slogate::config {

// Returns the value of an environment variable, or nullopt when it is unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (std::getenv). The only place config reads it.
EnvLookup ProcessEnvironment();

// Default profile file, relative to the working directory (docs/config.md).
inline constexpr std::string_view kDefaultProfilesFile = "fixtures/profiles/default.json";
// The profile file used when neither a flag nor SLO_PROFILES names one: kDefaultProfilesFile
// when the working directory has it (a checkout), else the one an installed slogate (and the
// build tree) keeps in its data directory, found relative to the running program
// (<bin>/../share/slogate/profiles/default.json by default), else kDefaultProfilesFile, which
// the error then names.
std::string DefaultProfilesFile();

// What the profile file declares, before environment variables are applied.
struct ProfileFile {
  std::vector<LoadProfile> profiles;
  std::vector<Endpoint> endpoints;
  // Thresholds per environment with the file's "default" block and built-in defaults merged in.
  std::map<Environment, Thresholds> thresholds;
  Checks checks;
};

// Parses profile JSON text. `file_name` only labels errors. Errors have code "bad_profile"
// (structure/values) or "bad_json" (syntax, with line and column).
Result<ProfileFile> ParseProfileFile(std::string_view json_text, std::string_view file_name);

// Reads and parses a profile file; code "io" when it cannot be read.
Result<ProfileFile> ReadProfileFile(const std::string& path);

// Applies the environment to a parsed profile file: SLO_ENV, TARGET_*, JWT, TENANT, PERSONA_ID,
// MESSAGE, METRICS_URLS, HEALTH_URL, AUDIT_URL_TEMPLATE, SLO_RESULTS, PROMETHEUS_URL with
// PROM_SELECTOR, PROMETHEUS_BEARER_TOKEN, PROMETHEUS_USER/PASSWORD and PROMETHEUS_MAX_WAIT, and
// RPS/DURATION/CONCURRENCY/SLO_CONFIDENCE/SLO_THRESHOLDS overrides; then `flag_thresholds`
// (the suite's --threshold), which win over SLO_THRESHOLDS. Errors name the variable (or
// --threshold): code "bad_env", or "bad_profile" for a threshold the profile file's rules refuse.
Result<Config> BuildConfig(const EnvLookup& env, ProfileFile file, std::string profiles_file,
                           const ThresholdOverrides& flag_thresholds = {});

// ReadProfileFile(profiles_file) then BuildConfig. An empty `profiles_file` means the file named
// by SLO_PROFILES, else kDefaultProfilesFile.
Result<Config> LoadConfig(const EnvLookup& env, std::string profiles_file = {},
                          const ThresholdOverrides& flag_thresholds = {});

// The items of a threshold list, "latency_p95=200ms,max_error_rate=0.01" (SLO_THRESHOLDS, one
// --threshold), in order; blanks around each part dropped. An empty item, one without '=' or
// with an empty name or value is an error naming it. The values are checked when applied.
Result<ThresholdOverrides> ParseThresholdOverrides(std::string_view text);

}  // namespace slogate::config
