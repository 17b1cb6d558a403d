// BuildConfig / LoadConfig: the environment variables on top of the profile file.
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

#include "slogate/common/units.h"
#include "slogate/config/loader.h"

namespace slogate::config {
namespace {

constexpr std::string_view kPathNote =
    "; note: PATH is the shell's search path and is never read as the request path";

Error EnvError(std::string_view variable, std::string_view problem) {
  return MakeError("bad_env", std::string(variable) + ": " + std::string(problem));
}

// Set and non-empty (an empty variable, as in `RPS= make`, counts as unset).
std::optional<std::string> Lookup(const EnvLookup& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  if (value.has_value() && value->empty()) return std::nullopt;
  return value;
}

Status CheckHttpUrl(std::string_view variable, const std::string& url) {
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const size_t host_start = url.find("://") + 3;
  if (!http || url.size() <= host_start || url[host_start] == '/') {
    return EnvError(variable,
                    "expected an http:// or https:// URL with a host, got \"" + url + "\"");
  }
  if (url.find_first_of(" \t\r\n") != std::string::npos) {
    return EnvError(variable, "URL contains whitespace: \"" + url + "\"");
  }
  return Status::Ok();
}

Status ApplyTarget(const EnvLookup& env, Config& config) {
  if (auto url = Lookup(env, "TARGET_URL")) {
    if (Status s = CheckHttpUrl("TARGET_URL", *url); !s.ok()) return s;
    while (url->size() > 1 && url->back() == '/') url->pop_back();
    // The request path is TARGET_PATH's (the load engine joins the two).
    if (url->find_first_of("/?#", url->find("://") + 3) != std::string::npos) {
      return EnvError("TARGET_URL",
                      "expected scheme://host[:port] without a path (put the path "
                      "in TARGET_PATH), got \"" +
                          *url + "\"");
    }
    config.target.url = *url;
  }
  if (auto path = Lookup(env, "TARGET_PATH")) {
    if (path->front() != '/' || path->find_first_of(" \t\r\n") != std::string::npos) {
      return EnvError("TARGET_PATH",
                      "expected a request path starting with '/' (e.g. "
                      "/v1/session/message), got \"" +
                          *path + "\"" + std::string(kPathNote));
    }
    config.target.path = *path;
    for (Endpoint& endpoint : config.endpoints) {
      if (endpoint.write_path) endpoint.path = *path;
    }
  }
  if (auto jwt = Lookup(env, "JWT")) {
    // The value is a secret: the error never repeats it.
    if (jwt->find_first_of(" \t\r\n") != std::string::npos) {
      return EnvError("JWT",
                      "contains whitespace or a line break (value not shown); pass the "
                      "bare token without \"Bearer \"");
    }
    config.target.jwt = *jwt;
  }
  if (auto tenant = Lookup(env, "TENANT")) config.target.tenant = *tenant;
  if (auto persona = Lookup(env, "PERSONA_ID")) config.target.persona_id = *persona;
  if (auto message = Lookup(env, "MESSAGE")) config.target.message = *message;
  return Status::Ok();
}

// Where the suite looks besides the target: metrics, health, audit, results file.
Status ApplyObservationUrls(const EnvLookup& env, Config& config) {
  if (auto urls = Lookup(env, "METRICS_URLS")) {
    size_t index = 0;
    size_t begin = 0;
    while (begin <= urls->size()) {
      const size_t end = std::min(urls->find(',', begin), urls->size());
      std::string url = urls->substr(begin, end - begin);
      const size_t first = url.find_first_not_of(" \t");
      const size_t last = url.find_last_not_of(" \t");
      url = first == std::string::npos ? "" : url.substr(first, last - first + 1);
      ++index;
      if (url.empty()) {
        return EnvError("METRICS_URLS", "entry " + std::to_string(index) +
                                            " is empty (expected comma-separated URLs)");
      }
      if (Status s = CheckHttpUrl("METRICS_URLS", url); !s.ok()) return s;
      config.metrics_urls.push_back(url);
      begin = end + 1;
    }
  }
  if (auto health = Lookup(env, "HEALTH_URL")) {
    if (Status s = CheckHttpUrl("HEALTH_URL", *health); !s.ok()) return s;
    config.health_url = *health;
  }
  if (auto audit = Lookup(env, "AUDIT_URL_TEMPLATE")) {
    if (Status s = CheckHttpUrl("AUDIT_URL_TEMPLATE", *audit); !s.ok()) return s;
    if (audit->find("{event_id}") == std::string::npos) {
      return EnvError("AUDIT_URL_TEMPLATE",
                      "must contain {event_id} (e.g. "
                      "http://host:8010/v1/admin/memory/{event_id}), got \"" +
                          *audit + "\"");
    }
    config.audit_url_template = *audit;
  }
  if (auto results = Lookup(env, "SLO_RESULTS")) config.results_path = *results;
  return Status::Ok();
}

Status ReadOverrides(const EnvLookup& env, Overrides& overrides) {
  if (auto rps = Lookup(env, "RPS")) {
    Result<double> parsed = units::ParseQuantity(*rps);
    if (!parsed.ok() || !(*parsed > 0)) {
      return EnvError("RPS", "expected a rate > 0 (e.g. 5, 0.5, 1.5k), got \"" + *rps + "\"");
    }
    overrides.rps = *parsed;
  }
  if (auto duration = Lookup(env, "DURATION")) {
    Result<units::Seconds> parsed = units::ParseDuration(*duration);
    if (!parsed.ok() || !(parsed->count() > 0) || parsed->count() > 1e9) {
      return EnvError("DURATION", "expected a duration > 0 (seconds, or e.g. 90s, 2m), got \"" +
                                      *duration + "\"");
    }
    overrides.duration = std::chrono::round<std::chrono::nanoseconds>(*parsed);
  }
  if (auto concurrency = Lookup(env, "CONCURRENCY")) {
    Result<long long> parsed = units::ParseCount(*concurrency);
    if (!parsed.ok() || *parsed < 1 || *parsed > std::numeric_limits<int>::max()) {
      return EnvError("CONCURRENCY", "expected a whole number >= 1, got \"" + *concurrency + "\"");
    }
    overrides.concurrency = static_cast<int>(*parsed);
  }
  return Status::Ok();
}

// RPS sets the constant/poisson rate, a burst's baseline and a ramp's end rate. DURATION
// stretches or shrinks burst windows with the run so they keep their place in it.
void ApplyOverrides(const Overrides& overrides, std::vector<LoadProfile>& profiles) {
  for (LoadProfile& profile : profiles) {
    if (overrides.rps) profile.rps = *overrides.rps;
    if (overrides.concurrency) profile.concurrency = *overrides.concurrency;
    if (!overrides.duration) continue;
    const double scale = std::chrono::duration<double>(*overrides.duration) /
                         std::chrono::duration<double>(profile.duration);
    for (BurstWindow& burst : profile.bursts) {
      burst.start = std::chrono::round<std::chrono::nanoseconds>(burst.start * scale);
      burst.length = std::chrono::round<std::chrono::nanoseconds>(burst.length * scale);
    }
    profile.duration = *overrides.duration;
  }
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<Config> BuildConfig(const EnvLookup& env, ProfileFile file, std::string profiles_file) {
  Config config;
  config.profiles_file = std::move(profiles_file);
  config.profiles = std::move(file.profiles);
  config.endpoints = std::move(file.endpoints);
  config.checks = std::move(file.checks);
  if (auto name = Lookup(env, "SLO_ENV")) {
    Result<Environment> environment = ParseEnvironment(*name);
    if (!environment.ok()) return EnvError("SLO_ENV", environment.error().message);
    config.environment = *environment;
  }
  config.thresholds = file.thresholds[config.environment];
  for (const Endpoint& endpoint : config.endpoints) {
    if (endpoint.write_path) {
      config.target.path = endpoint.path;
      break;
    }
  }
  if (Status s = ApplyTarget(env, config); !s.ok()) return s.error();
  if (Status s = ApplyObservationUrls(env, config); !s.ok()) return s.error();
  if (Status s = ReadOverrides(env, config.overrides); !s.ok()) return s.error();
  ApplyOverrides(config.overrides, config.profiles);
  return config;
}

Result<Config> LoadConfig(const EnvLookup& env, std::string profiles_file) {
  if (profiles_file.empty()) {
    profiles_file = Lookup(env, "SLO_PROFILES").value_or(std::string(kDefaultProfilesFile));
  }
  Result<ProfileFile> file = ReadProfileFile(profiles_file);
  if (!file.ok()) return file.error();
  return BuildConfig(env, std::move(*file), std::move(profiles_file));
}

}  // namespace slogate::config
