#include "profile_flags.h"

#include <string_view>

namespace slogate::cli {

options::Option EnvironmentOption(std::optional<std::string>& environment) {
  return {.flag = "--env", .env = "SLO_ENV", .value_name = "ENV",
          .help = "whose thresholds: local, dev, staging or prod (local)",
          .set = [&environment](std::string_view value) -> Status {
            if (Result<config::Environment> parsed = config::ParseEnvironment(value); !parsed) {
              return parsed.error();
            }
            environment = std::string(value);
            return Status::Ok();
          }};
}

options::Option ProfilesFileOption(std::string& profiles_file) {
  return {.flag = "--slo-profiles", .value_name = "FILE",
          .help = "profile file (else SLO_PROFILES, else fixtures/profiles/default.json)",
          .set = [&profiles_file](std::string_view value) {
            profiles_file = value;
            return Status::Ok();
          }};
}

config::EnvLookup WithEnvironment(const std::optional<std::string>& environment) {
  return [environment](std::string_view name) -> std::optional<std::string> {
    if (name == "SLO_ENV" && environment) return environment;
    return config::ProcessEnvironment()(name);
  };
}

Result<const config::LoadProfile*> NamedProfile(const config::Config& config,
                                                const std::string& name) {
  if (const config::LoadProfile* profile = config.FindProfile(name)) return profile;
  std::string known;
  for (const auto& p : config.profiles) known += (known.empty() ? "" : ", ") + p.name;
  return MakeError("bad_flag", "--profile: no profile \"" + name + "\" in " +
                                   config.profiles_file + " (it has: " + known + ")");
}

}  // namespace slogate::cli
