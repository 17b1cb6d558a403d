#include "html_config.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "format.h"
#include "html_escape.h"
#include "slogate/config/config_json.h"
#include "slogate/report/redact.h"

namespace slogate::report {
namespace {

using nlohmann::json;

// The results file is read back from disk: any member may be missing or of another type, and
// the page still renders what is there.
const json* Member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() || found->is_null() ? nullptr : &*found;
}

std::string StringAt(const json& object, std::string_view key) {
  const json* value = Member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

std::string Compact(const json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A number of seconds as the config writes durations, in units for people ("250 µs", "2 s");
// anything else as it is.
std::string SecondsText(const json& value) {
  return value.is_number() ? FormatSeconds(value.get<double>()) : Compact(value);
}

// "burst: 5/s for 60 s, burst 100/s at 10 s for 5 s; concurrency 64; endpoints ["write"]".
std::string ProfileText(const json& profile) {
  std::string text = StringAt(profile, "schedule");
  const json* rps = Member(profile, "rps");
  const json* start_rps = Member(profile, "start_rps");
  if (rps != nullptr) {
    text += ": " + (start_rps != nullptr ? Compact(*start_rps) + " → " : std::string()) +
            Compact(*rps) + "/s";
  }
  if (const json* duration = Member(profile, "duration")) text += " for " + SecondsText(*duration);
  if (const json* bursts = Member(profile, "bursts"); bursts != nullptr && bursts->is_array()) {
    for (const json& burst : *bursts) {
      text += ", burst ";
      if (const json* burst_rps = Member(burst, "rps")) text += Compact(*burst_rps) + "/s";
      if (const json* start = Member(burst, "start")) text += " at " + SecondsText(*start);
      if (const json* length = Member(burst, "length")) text += " for " + SecondsText(*length);
    }
  }
  if (const json* concurrency = Member(profile, "concurrency")) {
    text += "; concurrency " + Compact(*concurrency);
  }
  if (const json* endpoints = Member(profile, "endpoints")) {
    text += "; endpoints " + Compact(*endpoints);
  }
  return text;
}

// Each member of `object` written by `item`, joined by `separator`.
template <typename Item>
std::string Joined(const json& object, std::string_view separator, Item item) {
  std::string text;
  for (const auto& [name, value] : object.items()) {
    if (!text.empty()) text += separator;
    text += item(name, value);
  }
  return text;
}

// "abort_on_breach off, confidence 0.95, windowed sustained 3 s window 10 s, ..." (in the
// order of the JSON object's keys).
std::string RulesText(const json& rules) {
  if (!rules.is_object()) return Compact(rules);
  return Joined(rules, ", ", [](const std::string& name, const json& value) {
    if (value.is_boolean() && !value.get<bool>()) return name + " off";
    if (!value.is_object()) return name + " " + Compact(value);
    return name + " " + Joined(value, " ", [](const std::string& part, const json& seconds) {
             return part + " " + SecondsText(seconds);
           });
  });
}

// "Gateway5xxShare: ratio a_total{code=~"5.."} over a_total must be < 0.1%; ...": the profile's
// metric checks as declared.
std::string MetricChecksText(const json& checks) {
  std::string text;
  for (const json& check : checks) {
    if (!text.empty()) text += "; ";
    text += StringAt(check, "name") + ": " + StringAt(check, "kind") + " " + StringAt(check, "of");
    if (Member(check, "over") != nullptr) text += " over " + StringAt(check, "over");
    text += " must be " + StringAt(check, "must_be");
    if (const json* optional = Member(check, "optional");
        optional != nullptr && optional->is_boolean() && optional->get<bool>()) {
      text += " (optional)";
    }
  }
  return text;
}

// The run's own profile of `config`, by its name.
const json* RunProfile(const json& config, const std::string& name) {
  const json* profiles = Member(config, "profiles");
  if (profiles == nullptr || !profiles->is_array()) return nullptr;
  for (const json& profile : *profiles) {
    if (StringAt(profile, "name") == name) return &profile;
  }
  return nullptr;
}

// Where the SLOs' metrics came from: Prometheus, or the endpoints the scrapes actually read
// (the bundled gateway's included), else the configured list.
std::string MetricsText(const json& config, const std::vector<ScrapeSummary>& scrapes) {
  if (const json* source = Member(config, "metrics_source");
      source != nullptr && StringAt(*source, "kind") == "prometheus") {
    std::string text = "Prometheus " + StringAt(*source, "url");
    if (const std::string selector = StringAt(*source, "selector"); !selector.empty()) {
      text += " (selector " + selector + ")";
    }
    return text;
  }
  std::vector<std::string> urls;
  std::set<std::string> seen;
  for (const ScrapeSummary& scrape : scrapes) {
    for (const EndpointSummary& endpoint : scrape.endpoints) {
      if (seen.insert(endpoint.url).second) urls.push_back(endpoint.url);
    }
  }
  if (urls.empty()) {
    if (const json* configured = Member(config, "metrics_urls");
        configured != nullptr && configured->is_array()) {
      for (const json& url : *configured) urls.push_back(Compact(url));
    }
  }
  std::string text;
  for (const std::string& url : urls) text += (text.empty() ? "" : ", ") + url;
  return text.empty() ? "none (no metrics were read)" : text;
}

std::string ThresholdsText(const json& thresholds) {
  return Joined(thresholds, ", ", [](const std::string& name, const json& value) {
    return name + " " + (config::IsDurationThreshold(name) ? SecondsText(value) : Compact(value));
  });
}

// What SLO_RPS, DURATION, CONCURRENCY, SLO_CONFIDENCE and SLO_THRESHOLDS changed.
std::string OverridesText(const json& overrides) {
  return Joined(overrides, ", ", [](const std::string& name, const json& value) {
    if (name == "duration") return name + " " + SecondsText(value);
    if (!value.is_object()) return name + " " + Compact(value);
    return name + " " + Joined(value, ", ", [](const std::string& threshold, const json& given) {
             return threshold + "=" + Compact(given);
           });
  });
}

std::string ChecksText(const json& checks) {
  return Joined(checks, ", ", [](const std::string& slo, const json& requirement) {
    return slo + " " + Compact(requirement);
  });
}

void WriteRow(std::ostream& out, std::string_view name, const std::string& value) {
  if (value.empty()) return;
  out << "<tr><th>" << RedactedHtml(name) << "</th><td>" << RedactedHtml(value) << "</td></tr>\n";
}

}  // namespace

void WriteConfiguration(std::ostream& out, const ResultsDocument& document) {
  const json config = RedactSecrets(document.config);
  out << "<details class=\"config\"><summary>Configuration: profile "
      << RedactedHtml(document.context.profile) << ", environment "
      << RedactedHtml(document.context.environment)
      << " (the results file keeps all of it)</summary>\n<table class=\"config\"><tbody>\n";
  WriteRow(out, "target", document.context.target);
  // Whether a JWT was sent, never which: the config holds it redacted.
  if (const json* target = Member(config, "target")) WriteRow(out, "JWT", StringAt(*target, "jwt"));
  if (document.run) WriteRow(out, "request path", document.run->path);
  WriteRow(out, "metrics", MetricsText(config, document.scrapes));
  WriteRow(out, "health", StringAt(config, "health_url"));
  WriteRow(out, "audit", StringAt(config, "audit_url_template"));
  // Looked up as the redacted config spells it: a name holding a token is redacted there too.
  if (const json* profile = RunProfile(config, RedactText(document.context.profile))) {
    WriteRow(out, "profile " + document.context.profile, ProfileText(*profile));
    if (const json* rules = Member(*profile, "rules")) WriteRow(out, "verdict rules", RulesText(*rules));
    if (const json* checks = Member(*profile, "metric_checks");
        checks != nullptr && checks->is_array()) {
      WriteRow(out, "metric checks", MetricChecksText(*checks));
    }
  }
  if (const json* overrides = Member(config, "overrides");
      overrides != nullptr && overrides->is_object() && !overrides->empty()) {
    WriteRow(out, "overrides", OverridesText(*overrides));
  }
  if (const json* thresholds = Member(config, "thresholds");
      thresholds != nullptr && thresholds->is_object()) {
    WriteRow(out, "thresholds", ThresholdsText(*thresholds));
  }
  if (const json* checks = Member(config, "checks"); checks != nullptr && checks->is_object()) {
    WriteRow(out, "checks", ChecksText(*checks));
  }
  out << "</tbody></table></details>\n";
}

}  // namespace slogate::report
