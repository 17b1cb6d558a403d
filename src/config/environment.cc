// BuildConfig / LoadConfig: the environment variables on top of the profile file.
#include <algorithm>
#include <filesystem>
#include <limits>
#include <string>

#include "profiles_json.h"
#include "slogate/common/load_limits.h"
#include "slogate/common/options.h"
#include "slogate/common/secrets.h"
#include "slogate/common/units.h"
#include "slogate/config/loader.h"
#include "slogate/promtext/selector.h"
#include "threshold_overrides.h"
#include "verdict_rules_json.h"

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

// The shared URL rules (common/load_limits.h), the error naming the variable.
Status CheckUrl(std::string_view variable, const std::string& url, bool base) {
  Status status = base ? limits::CheckBaseUrl(url) : limits::CheckHttpUrl(url);
  if (!status.ok()) return EnvError(variable, status.error().message);
  return Status::Ok();
}

Status ApplyTarget(const EnvLookup& env, Config& config) {
  if (auto url = Lookup(env, "TARGET_URL")) {
    // The request path is TARGET_PATH's (the load engine joins the two).
    if (Status s = CheckUrl("TARGET_URL", *url, true); !s.ok()) return s;
    if (url->back() == '/') url->pop_back();
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
    if (Status s = secrets::CheckCredential(*jwt); !s.ok()) {
      return EnvError("JWT", s.error().message);
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
      if (Status s = CheckUrl("METRICS_URLS", url, false); !s.ok()) return s;
      config.metrics_urls.push_back(url);
      begin = end + 1;
    }
  }
  if (auto health = Lookup(env, "HEALTH_URL")) {
    if (Status s = CheckUrl("HEALTH_URL", *health, false); !s.ok()) return s;
    config.health_url = *health;
  }
  if (auto audit = Lookup(env, "AUDIT_URL_TEMPLATE")) {
    if (Status s = CheckUrl("AUDIT_URL_TEMPLATE", *audit, false); !s.ok()) return s;
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

// A secret read from `variable`: checked (the error never repeats it), empty when unset.
Result<std::string> ReadCredential(const EnvLookup& env, std::string_view variable) {
  std::optional<std::string> value = Lookup(env, variable);
  if (!value) return std::string();
  if (Status s = secrets::CheckCredential(*value); !s.ok()) {
    return EnvError(variable, s.error().message);
  }
  return *value;
}

// PROM_SELECTOR: label matchers only, since every query names its own metric family.
Result<std::string> ReadPromSelector(const EnvLookup& env) {
  std::optional<std::string> text = Lookup(env, "PROM_SELECTOR");
  if (!text) return std::string();
  constexpr std::string_view kExample = " (e.g. {namespace=\"staging\",job=\"gateway\"})";
  Result<promtext::Selector> selector = promtext::Selector::Parse(*text);
  if (!selector.ok()) {
    return EnvError("PROM_SELECTOR", "expected label matchers in braces" + std::string(kExample) +
                                         ", got \"" + *text + "\": at column " +
                                         std::to_string(selector.error().column) + ", " +
                                         selector.error().message);
  }
  const bool names_metric =
      std::any_of(selector->matchers().begin(), selector->matchers().end(),
                  [](const promtext::LabelMatcher& matcher) { return matcher.name == "__name__"; });
  if (names_metric) {
    return EnvError("PROM_SELECTOR",
                    "matches on __name__, but every query names its own metric family (a "
                    "__name__ matcher would leave every one empty); give only the label "
                    "matchers" +
                        std::string(kExample));
  }
  if (!selector->metric_name().empty()) {
    return EnvError("PROM_SELECTOR",
                    "names the metric \"" + selector->metric_name() +
                        "\", but every query names its own metric family; give only the label "
                        "matchers" +
                        std::string(kExample));
  }
  return *text;
}

Result<std::chrono::nanoseconds> ReadPromMaxWait(const EnvLookup& env,
                                                 std::chrono::nanoseconds fallback) {
  std::optional<std::string> text = Lookup(env, "PROMETHEUS_MAX_WAIT");
  if (!text) return fallback;
  Result<units::Seconds> wait = units::ParseDuration(*text);
  if (!wait.ok() || *wait < std::chrono::seconds(1) || *wait > std::chrono::hours(1)) {
    return EnvError("PROMETHEUS_MAX_WAIT",
                    "expected a duration from 1s to 1h (e.g. 90s, 5m; several scrape intervals "
                    "of the Prometheus server), got \"" +
                        *text + "\"");
  }
  return std::chrono::round<std::chrono::nanoseconds>(*wait);
}

// The Prometheus settings beside PROMETHEUS_URL; each is refused without it rather than
// ignored, since a run that silently scrapes directly is not the run that was asked for.
Status RefuseWithoutPrometheusUrl(const EnvLookup& env) {
  for (std::string_view variable : {"PROM_SELECTOR", "PROMETHEUS_BEARER_TOKEN", "PROMETHEUS_USER",
                                    "PROMETHEUS_PASSWORD", "PROMETHEUS_MAX_WAIT"}) {
    if (Lookup(env, variable)) {
      return EnvError(variable,
                      "is set but PROMETHEUS_URL is not; set PROMETHEUS_URL to read "
                      "the metrics from Prometheus, or unset " +
                          std::string(variable));
    }
  }
  return Status::Ok();
}

Status ApplyPrometheusAuth(const EnvLookup& env, PrometheusSource& source) {
  Result<std::string> token = ReadCredential(env, "PROMETHEUS_BEARER_TOKEN");
  if (!token.ok()) return token.error();
  Result<std::string> password = ReadCredential(env, "PROMETHEUS_PASSWORD");
  if (!password.ok()) return password.error();
  const std::string user = Lookup(env, "PROMETHEUS_USER").value_or("");
  if (user.empty() != password->empty()) {
    return EnvError(user.empty() ? "PROMETHEUS_PASSWORD" : "PROMETHEUS_USER",
                    "basic authentication needs both PROMETHEUS_USER and PROMETHEUS_PASSWORD; "
                    "set the other one, or unset both");
  }
  if (user.find(':') != std::string::npos) {
    return EnvError("PROMETHEUS_USER",
                    "contains ':', which basic authentication cannot carry "
                    "in a user name");
  }
  if (!token->empty() && !user.empty()) {
    return EnvError("PROMETHEUS_BEARER_TOKEN",
                    "and PROMETHEUS_USER/PROMETHEUS_PASSWORD are both set; a request carries one "
                    "Authorization header, so give either the bearer token or basic "
                    "authentication");
  }
  source.bearer_token = *token;
  source.basic_user = user;
  source.basic_password = *password;
  return Status::Ok();
}

// PROMETHEUS_URL and the variables beside it (docs/config.md).
Status ApplyPrometheus(const EnvLookup& env, Config& config) {
  std::optional<std::string> url = Lookup(env, "PROMETHEUS_URL");
  if (!url) return RefuseWithoutPrometheusUrl(env);
  if (Status s = CheckUrl("PROMETHEUS_URL", *url, false); !s.ok()) return s;
  // The API paths (/api/v1/query...) are appended to it: a query or fragment would swallow them.
  if (url->find_first_of("?#") != std::string::npos) {
    return EnvError("PROMETHEUS_URL",
                    "must not hold a query string or fragment ('?' or '#'): the API paths are "
                    "appended to it; give the server's base URL, e.g. http://prometheus:9090 or "
                    "https://host/prometheus");
  }
  if (!config.metrics_urls.empty()) {
    return EnvError("PROMETHEUS_URL",
                    "and METRICS_URLS are both set; a run reads its metrics from one source, "
                    "since a metric read from both would be counted twice. Unset METRICS_URLS "
                    "and add every component (gateway, replicator) to Prometheus's scrape "
                    "config instead");
  }
  if (config.target.url.empty()) {
    return EnvError("PROMETHEUS_URL",
                    "needs TARGET_URL: without it the suite starts the bundled reference "
                    "gateway, which no Prometheus server scrapes; set TARGET_URL to the gateway "
                    "Prometheus scrapes, or unset PROMETHEUS_URL");
  }
  PrometheusSource& source = config.prometheus;
  while (url->back() == '/') url->pop_back();
  source.url = *url;
  Result<std::string> selector = ReadPromSelector(env);
  if (!selector.ok()) return selector.error();
  source.selector = *selector;
  Result<std::chrono::nanoseconds> max_wait = ReadPromMaxWait(env, source.max_wait);
  if (!max_wait.ok()) return max_wait.error();
  source.max_wait = *max_wait;
  return ApplyPrometheusAuth(env, source);
}

// The same rules and words as `slogate run` (common/load_limits.h).
Status ReadOverrides(const EnvLookup& env, Overrides& overrides) {
  if (auto rps = Lookup(env, "RPS")) {
    Result<double> parsed = limits::ParseRps(*rps);
    if (!parsed.ok()) return EnvError("RPS", parsed.error().message);
    overrides.rps = *parsed;
  }
  if (auto duration = Lookup(env, "DURATION")) {
    Result<std::chrono::nanoseconds> parsed = limits::ParseRunDuration(*duration);
    if (!parsed.ok()) return EnvError("DURATION", parsed.error().message);
    overrides.duration = *parsed;
  }
  if (auto concurrency = Lookup(env, "CONCURRENCY")) {
    Result<int> parsed = limits::ParseConcurrency(*concurrency);
    if (!parsed.ok()) return EnvError("CONCURRENCY", parsed.error().message);
    overrides.concurrency = *parsed;
  }
  if (auto confidence = Lookup(env, "SLO_CONFIDENCE")) {
    Result<double> parsed = internal::ParseConfidence(*confidence);
    if (!parsed.ok()) return EnvError("SLO_CONFIDENCE", parsed.error().message);
    overrides.confidence = *parsed;
  }
  if (auto thresholds = Lookup(env, "SLO_THRESHOLDS")) {
    Result<ThresholdOverrides> parsed = ParseThresholdOverrides(*thresholds);
    if (!parsed.ok()) return EnvError("SLO_THRESHOLDS", parsed.error().message);
    overrides.thresholds = std::move(*parsed);
  }
  return Status::Ok();
}

// RPS sets the constant/poisson rate, a burst's baseline and a ramp's end rate;
// SLO_CONFIDENCE every profile's confidence. DURATION
// stretches or shrinks burst windows with the run so they keep their place in it; the first
// start, the period and the length are scaled once, so the windows keep one fixed period.
Status ApplyOverrides(const Overrides& overrides, std::vector<LoadProfile>& profiles) {
  for (LoadProfile& profile : profiles) {
    if (overrides.rps) profile.rps = *overrides.rps;
    if (overrides.concurrency) profile.concurrency = *overrides.concurrency;
    if (overrides.confidence) profile.rules.confidence = *overrides.confidence;
    if (!overrides.duration) continue;
    const double scale = std::chrono::duration<double>(*overrides.duration) /
                         std::chrono::duration<double>(profile.duration);
    // Start and period round up: a window that would have started at the run's end still
    // does not start inside it (CheckBurstShape).
    const auto scaled_up = [scale](std::chrono::nanoseconds value) {
      return std::chrono::ceil<std::chrono::nanoseconds>(value * scale);
    };
    if (!profile.bursts.empty()) {
      const std::chrono::nanoseconds first = profile.bursts.front().start;
      const std::chrono::nanoseconds period =
          profile.bursts.size() > 1 ? profile.bursts[1].start - first : std::chrono::nanoseconds(0);
      for (size_t i = 0; i < profile.bursts.size(); ++i) {
        BurstWindow& burst = profile.bursts[i];
        burst.start = scaled_up(first) + scaled_up(period) * static_cast<int64_t>(i);
        burst.length = std::chrono::round<std::chrono::nanoseconds>(burst.length * scale);
      }
    }
    profile.duration = *overrides.duration;
    const std::string where = "DURATION=" + units::FormatDuration(*overrides.duration) +
                              " applied to profiles." + profile.name;
    if (Status s = internal::CheckBurstShape(profile, where + ".bursts"); !s.ok()) return s;
    if (Status s = internal::CheckWindowFitsRun(profile, where + ".windowed"); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

EnvLookup ProcessEnvironment() { return options::ProcessEnvironment(); }

Result<Config> BuildConfig(const EnvLookup& env, ProfileFile file, std::string profiles_file,
                           const ThresholdOverrides& flag_thresholds) {
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
  if (Status s = ApplyPrometheus(env, config); !s.ok()) return s.error();
  if (Status s = ReadOverrides(env, config.overrides); !s.ok()) return s.error();
  if (Status s = internal::ApplyThresholdOverrides(config.overrides.thresholds, "SLO_THRESHOLDS",
                                                   config.thresholds);
      !s.ok()) {
    return s.error();
  }
  if (Status s =
          internal::ApplyThresholdOverrides(flag_thresholds, "--threshold", config.thresholds);
      !s.ok()) {
    return s.error();
  }
  config.overrides.thresholds.insert(config.overrides.thresholds.end(), flag_thresholds.begin(),
                                     flag_thresholds.end());
  if (Status s = ApplyOverrides(config.overrides, config.profiles); !s.ok()) return s.error();
  return config;
}

std::string DefaultProfilesFile() {
  std::error_code error;
  if (std::filesystem::exists(kDefaultProfilesFile, error))
    return std::string(kDefaultProfilesFile);
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed =
        (program.parent_path() / SLOGATE_DATA_FROM_BIN / "slogate/profiles/default.json")
            .lexically_normal();
    if (std::filesystem::exists(installed, error)) return installed.string();
  }
  return std::string(kDefaultProfilesFile);
}

Result<Config> LoadConfig(const EnvLookup& env, std::string profiles_file,
                          const ThresholdOverrides& flag_thresholds) {
  if (profiles_file.empty()) {
    profiles_file = Lookup(env, "SLO_PROFILES").value_or(DefaultProfilesFile());
  }
  Result<ProfileFile> file = ReadProfileFile(profiles_file);
  if (!file.ok()) return file.error();
  Result<Config> config =
      BuildConfig(env, std::move(*file), std::move(profiles_file), flag_thresholds);
  // From here on every output redacts the credentials by value, whatever a target echoes.
  if (config.ok()) {
    for (const std::string* secret : {&config->target.jwt, &config->prometheus.bearer_token,
                                      &config->prometheus.basic_password}) {
      secrets::Register(*secret);
    }
  }
  return config;
}

}  // namespace slogate::config
