#include "slogate/rules/rule_set.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "slogate/common/units.h"
#include "slogate/promtext/label_value.h"
#include "slogate/scrape/promql.h"
#include "slogate/slo/metric_names.h"

namespace slogate::rules {
namespace {

using std::chrono::seconds;

// How long a rate-based breach must last before it alerts: one full rate window, so a spike
// shorter than a few minutes does not page while a sustained breach does within ~10 minutes.
constexpr seconds kRateFor{300};
// Lag: well past the suite's recovery window after a burst (10 s by default), as bursts may lag.
constexpr seconds kLagFor{120};
// DLQ depth: the gateway refreshes the gauge every 30 s by default, so two refreshes; a dead
// letter is a write that needs someone, so this alert is the quickest.
constexpr seconds kDlqFor{60};

// How the rules name series: every selector carries the user's label matchers (`--selector`,
// e.g. {namespace="staging"}), so that one Prometheus scraping several gateways alerts on the
// one the rules are for.
struct SeriesNames {
  std::string selector;  // validated label matchers, or empty

  // `metric{matchers}` with the selector's matchers added.
  std::string Of(std::string_view metric, std::string_view matchers = {}) const {
    std::string series(metric);
    if (!matchers.empty()) series += "{" + std::string(matchers) + "}";
    if (selector.empty()) return series;
    Result<std::string> merged = scrape::MergeSelector(series, selector);
    return merged.ok() ? *merged : series;  // validated in BuildRuleFile: never the fallback
  }

  std::string Rate(std::string_view metric, std::string_view matchers = {}) const {
    return "rate(" + Of(metric, matchers) + "[" + std::string(kRateWindow) + "])";
  }

  // ok / all as a share; `or vector(0)` keeps the share defined (0) while no ok series exists,
  // as in a gateway whose every write-through failed, instead of leaving the alert without data.
  std::string OkShare(std::string_view counter) const {
    return "(sum(" + Rate(counter, "result=\"ok\"") + ") or vector(0)) / sum(" + Rate(counter) +
           ")";
  }
};

// What the rules know of the write endpoints a profile covers: the statuses that count as ok,
// and the paths their requests go to (empty when a path is a template, rendered per request,
// whose label values cannot be named in advance: the rules then read every path).
struct WriteEndpoints {
  std::set<int> ok_statuses;
  std::set<std::string> paths;
  std::string templated_path;  // the first write path that is a template, if any
};

// The matcher of the write paths: path="p" for one, path=~"p1|p2" (each escaped for RE2) for
// several; empty when any is a template.
std::string PathMatcher(const std::set<std::string>& paths) {
  if (paths.empty()) return {};
  if (paths.size() == 1) return "path=\"" + promtext::EscapeLabelValue(*paths.begin()) + "\"";
  std::string alternatives;
  for (const std::string& path : paths) {
    if (!alternatives.empty()) alternatives += '|';
    for (const char c : path) {
      if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) {
        alternatives += '\\';
      }
      alternatives += c;
    }
  }
  return "path=~\"" + promtext::EscapeLabelValue(alternatives) + "\"";
}

// status=~"200|202" (`op` "=~") or status!~"200|202" (`op` "!~") over the ok statuses.
std::string StatusMatcher(const std::set<int>& ok_statuses, std::string_view op) {
  std::string alternatives;
  for (int status : ok_statuses) {
    alternatives += (alternatives.empty() ? "" : "|") + std::to_string(status);
  }
  return "status" + std::string(op) + "\"" + alternatives + "\"";
}

std::string Joined(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + "," + std::string(b);
}

std::string Seconds(std::chrono::nanoseconds duration) {
  return units::FormatNumber(std::chrono::duration<double>(duration).count());
}

std::string Duration(std::chrono::nanoseconds duration) {
  return units::FormatDuration(std::chrono::duration<double>(duration));
}

// The labels every recorded series of one file carries, and the matchers that select them.
// Files for staging and prod, two profiles or two selectors, loaded into one Prometheus, record
// the same names: without a scope, their aggregations (which keep no label) would be one series
// written by both, and each file's alerts would read the other's values.
struct Scope {
  Pairs labels;          // only those with a value: Prometheus drops a label with an empty one
  std::string matchers;  // every scope label, "" for an absent one, so no other file's matches

  Scope(const std::string& environment, const std::string& profile, std::string_view selector) {
    const std::pair<std::string, std::string> all[] = {{"slogate_environment", environment},
                                                       {"slogate_profile", profile},
                                                       {"slogate_selector", std::string(selector)}};
    for (const auto& [name, value] : all) {
      if (!value.empty()) labels.emplace_back(name, value);
      matchers +=
          (matchers.empty() ? "" : ",") + name + "=\"" + promtext::EscapeLabelValue(value) + "\"";
    }
  }

  // `record` as the alerts read it: this file's series only.
  std::string Of(std::string_view record) const {
    return std::string(record) + "{" + matchers + "}";
  }
};

std::vector<RecordingRule> Records(const WriteEndpoints& writes, const SeriesNames& names,
                                   const Scope& scope) {
  const std::string paths = PathMatcher(writes.paths);
  std::vector<RecordingRule> records = {
      // The suite's LatencyP95 judges the ok answers of the write path: so does the rule.
      {std::string(kLatencyP95Record),
       "histogram_quantile(0.95, sum by (le) (" +
           names.Rate(slo::kRequestSecondsBucket,
                      Joined(paths, StatusMatcher(writes.ok_statuses, "=~"))) +
           "))"},
      {std::string(kErrorRatioRecord),
       "(sum(" +
           names.Rate(slo::kRequestSecondsCount,
                      Joined(paths, StatusMatcher(writes.ok_statuses, "!~"))) +
           ") or vector(0)) / sum(" + names.Rate(slo::kRequestSecondsCount, paths) + ")"},
      {std::string(kLagMaxRecord), "max(" + names.Of(slo::kReplicatorLag) + ")"},
      {std::string(kReplicatedRateRecord), "sum(" + names.Rate(slo::kReplicatorEvents) + ")"},
      // Every endpoint's depth added: replicas of a shared queue count it once each, which a
      // near-zero bound does not mind (one dead letter fires it either way), while replicas with
      // queues of their own must add up (docs/rules.md).
      {std::string(kDlqDepthRecord), "sum(" + names.Of(slo::kDlqDepth) + ")"},
      {std::string(kWriteThroughOkRecord), names.OkShare(slo::kWriteThroughResults)},
      {std::string(kWalOkRecord), names.OkShare(slo::kWalResults)},
      // Writes the WAL acknowledged: what the replicators must be applying.
      {std::string(kWalOkRateRecord), "sum(" + names.Rate(slo::kWalResults, "result=\"ok\"") + ")"},
  };
  for (RecordingRule& record : records) record.labels = scope.labels;
  return records;
}

// What every alert shares: its labels and where its threshold came from.
struct AlertContext {
  Scope scope;
  std::string environment;
  std::string origin;  // "environment \"staging\" of FILE (profile smoke)", template-escaped
  std::string severity;
};

// The alert is named Slogate<slo> unless `name` is given (a second alert of one SLO).
AlertingRule Alert(const AlertContext& context, std::string_view slo, std::string expr,
                   seconds for_duration, std::string summary, std::string description,
                   std::string name = {}) {
  Pairs labels = {{"severity", context.severity},
                  {"slo", std::string(slo)},
                  {"environment", context.environment}};
  // Every alert names its file's scope, as its recorded series do: two files' alerts of one SLO
  // stay two alerts.
  // Alert label values are templates, and these come from the user (a profile name, a
  // selector): escaped, they read as the record's labels do.
  for (const auto& [label, value] : context.scope.labels) {
    labels.emplace_back(label, TemplateText(value));
  }
  return AlertingRule{
      .alert = name.empty() ? "Slogate" + std::string(slo) : std::move(name),
      .expr = std::move(expr),
      .for_duration = for_duration,
      .labels = std::move(labels),
      .annotations = {{"summary", std::move(summary)},
                      {"description", std::move(description) + " for " +
                                          PrometheusDuration(for_duration) + "; the threshold is " +
                                          context.origin + ", the one the release gate judges."}},
  };
}

std::vector<AlertingRule> Alerts(const AlertContext& context, const config::Thresholds& t,
                                 const SeriesNames& names) {
  // Rounded to 12 digits: 1 - 0.005 must read 0.995, not a binary neighbour of it.
  const std::string wal_ok_share =
      units::FormatNumber(std::round((1 - t.max_wal_error_share) * 1e12) / 1e12);
  const std::string window(kRateWindow);
  return {
      Alert(context, "LatencyP95",
            context.scope.Of(kLatencyP95Record) + " >= " + Seconds(t.latency_p95), kRateFor,
            "gateway p95 {{ $value | humanizeDuration }} >= " + Duration(t.latency_p95),
            "The p95 of the write path's ok answers in gateway_request_seconds over " + window +
                " has been at or above latency_p95 " + Duration(t.latency_p95)),
      Alert(context, "ErrorRate",
            context.scope.Of(kErrorRatioRecord) + " >= " + units::FormatNumber(t.max_error_rate),
            kRateFor,
            "gateway error ratio {{ $value | humanizePercentage }} >= " +
                units::FormatNumber(t.max_error_rate),
            "The share of write-path requests answered outside the ok statuses over " + window +
                " has been at or above max_error_rate " + units::FormatNumber(t.max_error_rate)),
      Alert(context, "WriteThroughResultsOk",
            context.scope.Of(kWriteThroughOkRecord) + " < " +
                units::FormatNumber(t.min_write_through_ok_share),
            kRateFor,
            "write-through ok share {{ $value | humanizePercentage }} < " +
                units::FormatNumber(t.min_write_through_ok_share),
            "The share of write-through results with result=\"ok\" over " + window +
                " has been below min_write_through_ok_share " +
                units::FormatNumber(t.min_write_through_ok_share)),
      Alert(context, "WalResultsOk", context.scope.Of(kWalOkRecord) + " < " + wal_ok_share,
            kRateFor, "WAL ok share {{ $value | humanizePercentage }} < " + wal_ok_share,
            "The share of WAL results with result=\"ok\" over " + window + " has been below " +
                wal_ok_share + " (max_wal_error_share " +
                units::FormatNumber(t.max_wal_error_share) + ")"),
      Alert(context, "ReplicationLag",
            context.scope.Of(kLagMaxRecord) + " > " + Seconds(t.max_lag) + " and on() " +
                context.scope.Of(kReplicatedRateRecord) + " > 0",
            std::max(kLagFor, std::chrono::ceil<seconds>(t.lag_recovery_window)),
            "replication lag {{ $value | humanizeDuration }} > " + Duration(t.max_lag),
            "The worst replicator's lag gauge, while events are being replicated, has been above "
            "max_lag " +
                Duration(t.max_lag)),
      // The lag gauge is set only when a replicator applies an event, so a stopped one shows the
      // lag of its last event for ever, and the alert above cannot see it; the suite's write
      // accounting can. This is the accounting's view: acknowledged writes, nothing replicated
      // (by any replicator, or none exposes the counter any more). Not per replicator: writes
      // are split among replicators by event id, and at a low rate a healthy one may get none
      // for minutes; the suite names a stalled one only with a proven deficit.
      Alert(context, "ReplicationLag",
            "(sum(" + names.Rate(slo::kReplicatorEvents) + ") or vector(0)) == 0 and on() " +
                context.scope.Of(kWalOkRateRecord) + " > 0",
            kLagFor, "replication stalled while the WAL acknowledges writes",
            "No event has been replicated over " + window +
                " while the WAL acknowledged writes, so their lag has passed max_lag " +
                Duration(t.max_lag),
            "SlogateReplicationStalled"),
      Alert(context, "DlqDepth",
            context.scope.Of(kDlqDepthRecord) + " > " + units::FormatNumber(t.max_dlq_depth),
            kDlqFor, "DLQ depth {{ $value }} > " + units::FormatNumber(t.max_dlq_depth),
            "The dead-letter queue, summed over topics and endpoints, has held more than "
            "max_dlq_depth " +
                units::FormatNumber(t.max_dlq_depth) + " events"),
  };
}

// The write-path endpoints `profile` covers (every endpoint: nullptr).
Result<WriteEndpoints> WriteEndpointsOf(const config::Config& config,
                                        const config::LoadProfile* profile) {
  std::vector<const config::Endpoint*> endpoints;
  if (profile != nullptr) {
    endpoints = config.EndpointsFor(*profile);
  } else {
    for (const config::Endpoint& endpoint : config.endpoints) endpoints.push_back(&endpoint);
  }
  WriteEndpoints writes;
  for (const config::Endpoint* endpoint : endpoints) {
    if (!endpoint->write_path) continue;
    writes.ok_statuses.insert(endpoint->ok_statuses.begin(), endpoint->ok_statuses.end());
    writes.paths.insert(endpoint->path);
    if (writes.templated_path.empty() && endpoint->path.find('{') != std::string::npos) {
      writes.templated_path = endpoint->path;
    }
  }
  if (!writes.templated_path.empty()) writes.paths.clear();
  if (writes.ok_statuses.empty()) {
    const std::string whose =
        profile != nullptr ? "profile \"" + profile->name + "\"" : std::string("the file");
    return MakeError("no_write_path",
                     config.profiles_file + ": " + whose +
                         " covers no write-path endpoint (\"write_path\": true), and the "
                         "gateway's metrics describe only writes; name a profile that covers one");
  }
  return writes;
}

}  // namespace

std::string TemplateText(std::string_view text) {
  std::string out;
  for (size_t at = 0; at < text.size();) {
    const size_t open = text.find("{{", at);
    out.append(text.substr(at, open == std::string_view::npos ? open : open - at));
    if (open == std::string_view::npos) break;
    out.append("{{ \"{{\" }}");
    at = open + 2;
  }
  return out;
}

std::string PrometheusDuration(std::chrono::seconds duration) {
  const long long s = duration.count();
  if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

Result<RuleFile> BuildRuleFile(const config::Config& config, const config::LoadProfile* profile,
                               std::string_view selector) {
  if (Result<promtext::Selector> checked = scrape::ParsePromSelector(selector); !checked.ok()) {
    // The check is PROM_SELECTOR's, and its message names that variable: name the flag.
    constexpr std::string_view kVariable = "PROM_SELECTOR";
    std::string message = checked.error().message;
    if (message.starts_with(kVariable)) message.erase(0, kVariable.size());
    if (message.starts_with(":")) message.erase(0, 1);
    while (message.starts_with(" ")) message.erase(0, 1);
    return MakeError(checked.error().code, "--selector: " + message);
  }
  const SeriesNames names{std::string(selector)};
  Result<WriteEndpoints> writes = WriteEndpointsOf(config, profile);
  if (!writes) return writes.error();
  const std::string environment(config::EnvironmentName(config.environment));
  const std::string profile_name = profile != nullptr ? profile->name : std::string();
  const Scope scope(environment, profile_name, selector);
  AlertContext context{
      .scope = scope,
      .environment = environment,
      .origin = TemplateText("environment \"" + environment + "\" of " + config.profiles_file +
                             (profile != nullptr ? " (profile " + profile_name + ")" : "")),
      // Outside prod a breach is for the team's queue, not for waking someone up.
      .severity = config.environment == config::Environment::kProd ? "critical" : "warning"};
  RuleFile file{.profiles_file = config.profiles_file,
                .environment = environment,
                .profile = profile_name,
                .group = RuleGroup{.name = "slogate." + environment,
                                   .records = Records(*writes, names, scope),
                                   .alerts = Alerts(context, config.thresholds, names)},
                .selector = std::string(selector)};
  if (!writes->templated_path.empty()) {
    file.warnings.push_back(
        "the write path \"" + writes->templated_path +
        "\" is a template, rendered per request, so the p95 and error-ratio rules read "
        "gateway_request_seconds of every path (health checks and other routes included); "
        "give the write endpoints fixed paths to restrict them");
  }
  return file;
}

}  // namespace slogate::rules
