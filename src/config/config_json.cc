#include "slogate/config/config_json.h"

#include <chrono>

#include "thresholds_json.h"

namespace slogate::config {
namespace {

double Seconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

// As the profile file spells it: "none" for point estimates.
nlohmann::json ConfidenceToJson(double confidence) {
  return confidence == 0 ? nlohmann::json("none") : nlohmann::json(confidence);
}

// Windows and grace in seconds; false where a rule is off.
nlohmann::json RulesToJson(const VerdictRules& rules) {
  nlohmann::json out;
  out["confidence"] = ConfidenceToJson(rules.confidence);
  out["windowed"] = rules.windowed.enabled()
                        ? nlohmann::json{{"window", Seconds(rules.windowed.window)},
                                         {"sustained", Seconds(rules.windowed.sustained)}}
                        : nlohmann::json(false);
  out["abort_on_breach"] = rules.abort_on_breach.enabled
                               ? nlohmann::json{{"grace", Seconds(rules.abort_on_breach.grace)}}
                               : nlohmann::json(false);
  out["write_through"] = std::string(PresenceName(rules.write_through));
  out["replicator"] = std::string(PresenceName(rules.replicator));
  return out;
}

nlohmann::json ProfileToJson(const LoadProfile& profile) {
  nlohmann::json out;
  out["name"] = profile.name;
  out["schedule"] = std::string(ScheduleKindName(profile.schedule));
  out["rps"] = profile.rps;
  if (profile.schedule == ScheduleKind::kRamp) out["start_rps"] = profile.start_rps;
  out["duration"] = Seconds(profile.duration);
  out["concurrency"] = profile.concurrency;
  nlohmann::json bursts = nlohmann::json::array();
  for (const BurstWindow& burst : profile.bursts) {
    bursts.push_back(
        {{"start", Seconds(burst.start)}, {"length", Seconds(burst.length)}, {"rps", burst.rps}});
  }
  if (!bursts.empty()) out["bursts"] = bursts;
  out["endpoints"] = profile.endpoints;
  out["rules"] = RulesToJson(profile.rules);
  if (!profile.metric_checks.empty()) {
    nlohmann::json checks = nlohmann::json::array();
    for (const MetricCheck& check : profile.metric_checks) {
      nlohmann::json item = {{"name", check.name},
                             {"kind", std::string(MetricCheckKindName(check.kind))},
                             {"of", check.of}};
      if (!check.over.empty()) item["over"] = check.over;
      item["must_be"] = check.must_be;
      item["optional"] = check.requirement == Requirement::kOptional;
      checks.push_back(std::move(item));
    }
    out["metric_checks"] = checks;
  }
  return out;
}

nlohmann::json EndpointToJson(const Endpoint& endpoint) {
  return {{"name", endpoint.name},
          {"method", endpoint.method},
          {"path", endpoint.path},
          {"body", endpoint.body_template},
          {"ok_statuses", endpoint.ok_statuses},
          {"write_path", endpoint.write_path}};
}

}  // namespace

nlohmann::json ToJson(const Config& config) {
  const Config redacted = config.Redacted();
  nlohmann::json out;
  out["environment"] = std::string(EnvironmentName(redacted.environment));
  out["target"] = {{"url", redacted.target.url},
                   {"path", redacted.target.path},
                   {"jwt", redacted.target.jwt},
                   {"tenant", redacted.target.tenant},
                   {"persona_id", redacted.target.persona_id},
                   {"message", redacted.target.message}};
  out["metrics_urls"] = redacted.metrics_urls;
  // Where the SLOs' metrics came from; never the Prometheus credentials, not even redacted.
  out["metrics_source"] = redacted.prometheus.enabled()
                              ? nlohmann::json{{"kind", "prometheus"},
                                               {"url", redacted.prometheus.url},
                                               {"selector", redacted.prometheus.selector},
                                               {"max_wait", Seconds(redacted.prometheus.max_wait)}}
                              : nlohmann::json{{"kind", "scrape"}};
  out["health_url"] = redacted.health_url;
  out["audit_url_template"] = redacted.audit_url_template;
  out["results_path"] = redacted.results_path;
  out["profiles_file"] = redacted.profiles_file;
  nlohmann::json overrides = nlohmann::json::object();
  if (redacted.overrides.rps) overrides["rps"] = *redacted.overrides.rps;
  if (redacted.overrides.duration) overrides["duration"] = Seconds(*redacted.overrides.duration);
  if (redacted.overrides.concurrency) overrides["concurrency"] = *redacted.overrides.concurrency;
  if (redacted.overrides.confidence) {
    overrides["confidence"] = ConfidenceToJson(*redacted.overrides.confidence);
  }
  if (!redacted.overrides.thresholds.empty()) {
    nlohmann::json thresholds = nlohmann::json::object();
    for (const auto& [name, value] : redacted.overrides.thresholds) thresholds[name] = value;
    overrides["thresholds"] = thresholds;
  }
  out["overrides"] = overrides;
  out["profiles"] = nlohmann::json::array();
  for (const LoadProfile& profile : redacted.profiles)
    out["profiles"].push_back(ProfileToJson(profile));
  out["endpoints"] = nlohmann::json::array();
  for (const Endpoint& endpoint : redacted.endpoints) {
    out["endpoints"].push_back(EndpointToJson(endpoint));
  }
  nlohmann::json thresholds = nlohmann::json::object();
  internal::ThresholdsToJson(redacted.thresholds, thresholds);
  out["thresholds"] = thresholds;
  nlohmann::json checks = nlohmann::json::object();
  for (std::string_view slo : kSloNames) {
    checks[std::string(slo)] = std::string(RequirementName(redacted.checks.For(slo)));
  }
  out["checks"] = checks;
  return out;
}

}  // namespace slogate::config
