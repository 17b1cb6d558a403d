// What the commands that read the suite's profile file share (`plan`, `rules`): the --env and
// --slo-profiles options, the environment the config loader then sees, and finding a profile
// named on the command line.
#pragma once

#include <optional>
#include <string>

#include "slogate/common/options.h"
#include "slogate/common/result.h"
#include "slogate/config/config.h"
#include "slogate/config/loader.h"

namespace slogate::cli {

// --env ENV (variable SLO_ENV): whose thresholds; checked to be a known environment.
options::Option EnvironmentOption(std::optional<std::string>& environment);

// --slo-profiles FILE (variable SLO_PROFILES): the profile file; empty keeps the default.
options::Option ProfilesFileOption(std::string& profiles_file);

// The process environment with SLO_ENV taken from --env, so the config loader sees the flag.
config::EnvLookup WithEnvironment(const std::optional<std::string>& environment);

// The profile `name` of `config`, or a "bad_flag" error naming the file's profiles.
Result<const config::LoadProfile*> NamedProfile(const config::Config& config,
                                                const std::string& name);

}  // namespace slogate::cli
