#include "slogate/rules/rule_set.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "slogate/common/units.h"
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

std::string Window(std::string_view metric, std::string_view matchers = {}) {
  std::string selector(metric);
  if (!matchers.empty()) selector += "{" + std::string(matchers) + "}";
  return "rate(" + selector + "[" + std::string(kRateWindow) + "])";
}

// ok / all as a share; `or vector(0)` keeps the share defined (0) while no ok series exists,
// as in a gateway whose every write-through failed, instead of leaving the alert without data.
std::string OkShare(std::string_view counter) {
  return "(sum(" + Window(counter, "result=\"ok\"") + ") or vector(0)) / sum(" +
         Window(counter) + ")";
}

// The statuses that count as errors: those outside the endpoints' ok_statuses, as the suite's
// ErrorRate counts them.
std::string ErrorMatcher(const std::set<int>& ok_statuses) {
  std::string alternatives;
  for (int status : ok_statuses) {
    alternatives += (alternatives.empty() ? "" : "|") + std::to_string(status);
  }
  return "status!~\"" + alternatives + "\"";
}

std::string Seconds(std::chrono::nanoseconds duration) {
  return units::FormatNumber(std::chrono::duration<double>(duration).count());
}

std::string Duration(std::chrono::nanoseconds duration) {
  return units::FormatDuration(std::chrono::duration<double>(duration));
}

std::vector<RecordingRule> Records(const std::set<int>& ok_statuses) {
  return {
      {std::string(kLatencyP95Record),
       "histogram_quantile(0.95, sum by (le) (" + Window(slo::kRequestSecondsBucket) + "))"},
      {std::string(kErrorRatioRecord),
       "(sum(" + Window(slo::kRequestSecondsCount, ErrorMatcher(ok_statuses)) +
           ") or vector(0)) / sum(" + Window(slo::kRequestSecondsCount) + ")"},
      {std::string(kLagMaxRecord), "max(" + std::string(slo::kReplicatorLag) + ")"},
      {std::string(kReplicatedRateRecord), "sum(" + Window(slo::kReplicatorEvents) + ")"},
      {std::string(kDlqDepthRecord), "sum(" + std::string(slo::kDlqDepth) + ")"},
      {std::string(kWriteThroughOkRecord), OkShare(slo::kWriteThroughResults)},
      {std::string(kWalOkRecord), OkShare(slo::kWalResults)},
  };
}

// What every alert shares: its labels and where its threshold came from.
struct AlertContext {
  std::string environment;
  std::string origin;  // "environment \"staging\" of FILE (profile smoke)", template-escaped
  std::string severity;
};

AlertingRule Alert(const AlertContext& context, std::string_view slo, std::string expr,
                   seconds for_duration, std::string summary, std::string description) {
  return AlertingRule{
      .alert = "Slogate" + std::string(slo),
      .expr = std::move(expr),
      .for_duration = for_duration,
      .labels = {{"severity", context.severity},
                 {"slo", std::string(slo)},
                 {"environment", context.environment}},
      .annotations = {{"summary", std::move(summary)},
                      {"description", std::move(description) + " for " +
                                          PrometheusDuration(for_duration) + "; the threshold is " +
                                          context.origin + ", the one the release gate judges."}},
  };
}

std::vector<AlertingRule> Alerts(const AlertContext& context, const config::Thresholds& t) {
  // Rounded to 12 digits: 1 - 0.005 must read 0.995, not a binary neighbour of it.
  const std::string wal_ok_share =
      units::FormatNumber(std::round((1 - t.max_wal_error_share) * 1e12) / 1e12);
  const std::string window(kRateWindow);
  return {
      Alert(context, "LatencyP95",
            std::string(kLatencyP95Record) + " >= " + Seconds(t.latency_p95), kRateFor,
            "gateway p95 {{ $value | humanizeDuration }} >= " + Duration(t.latency_p95),
            "The p95 of gateway_request_seconds over " + window +
                " has been at or above latency_p95 " + Duration(t.latency_p95)),
      Alert(context, "ErrorRate",
            std::string(kErrorRatioRecord) + " >= " + units::FormatNumber(t.max_error_rate),
            kRateFor,
            "gateway error ratio {{ $value | humanizePercentage }} >= " +
                units::FormatNumber(t.max_error_rate),
            "The share of gateway requests answered outside the ok statuses over " + window +
                " has been at or above max_error_rate " + units::FormatNumber(t.max_error_rate)),
      Alert(context, "WriteThroughResultsOk",
            std::string(kWriteThroughOkRecord) + " < " +
                units::FormatNumber(t.min_write_through_ok_share),
            kRateFor,
            "write-through ok share {{ $value | humanizePercentage }} < " +
                units::FormatNumber(t.min_write_through_ok_share),
            "The share of write-through results with result=\"ok\" over " + window +
                " has been below min_write_through_ok_share " +
                units::FormatNumber(t.min_write_through_ok_share)),
      Alert(context, "WalResultsOk", std::string(kWalOkRecord) + " < " + wal_ok_share, kRateFor,
            "WAL ok share {{ $value | humanizePercentage }} < " + wal_ok_share,
            "The share of WAL results with result=\"ok\" over " + window + " has been below " +
                wal_ok_share + " (max_wal_error_share " +
                units::FormatNumber(t.max_wal_error_share) + ")"),
      Alert(context, "ReplicationLag",
            std::string(kLagMaxRecord) + " > " + Seconds(t.max_lag) + " and on() " +
                std::string(kReplicatedRateRecord) + " > 0",
            std::max(kLagFor, std::chrono::ceil<seconds>(t.lag_recovery_window)),
            "replication lag {{ $value | humanizeDuration }} > " + Duration(t.max_lag),
            "The worst replicator's lag gauge, while events are being replicated, has been above "
            "max_lag " + Duration(t.max_lag)),
      Alert(context, "DlqDepth",
            std::string(kDlqDepthRecord) + " > " + units::FormatNumber(t.max_dlq_depth), kDlqFor,
            "DLQ depth {{ $value }} > " + units::FormatNumber(t.max_dlq_depth),
            "The dead-letter queue, summed over topics, has held more than max_dlq_depth " +
                units::FormatNumber(t.max_dlq_depth) + " events"),
  };
}

// The ok statuses of the write-path endpoints `profile` covers (every endpoint: nullptr).
Result<std::set<int>> OkStatuses(const config::Config& config,
                                 const config::LoadProfile* profile) {
  std::vector<const config::Endpoint*> endpoints;
  if (profile != nullptr) {
    endpoints = config.EndpointsFor(*profile);
  } else {
    for (const config::Endpoint& endpoint : config.endpoints) endpoints.push_back(&endpoint);
  }
  std::set<int> ok;
  for (const config::Endpoint* endpoint : endpoints) {
    if (endpoint->write_path) ok.insert(endpoint->ok_statuses.begin(), endpoint->ok_statuses.end());
  }
  if (ok.empty()) {
    const std::string whose =
        profile != nullptr ? "profile \"" + profile->name + "\"" : std::string("the file");
    return MakeError("no_write_path",
                     config.profiles_file + ": " + whose +
                         " covers no write-path endpoint (\"write_path\": true), and the "
                         "gateway's metrics describe only writes; name a profile that covers one");
  }
  return ok;
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

Result<RuleFile> BuildRuleFile(const config::Config& config, const config::LoadProfile* profile) {
  Result<std::set<int>> ok_statuses = OkStatuses(config, profile);
  if (!ok_statuses) return ok_statuses.error();
  const std::string environment(config::EnvironmentName(config.environment));
  const std::string profile_name = profile != nullptr ? profile->name : std::string();
  AlertContext context{
      .environment = environment,
      .origin = TemplateText("environment \"" + environment + "\" of " + config.profiles_file +
                             (profile != nullptr ? " (profile " + profile_name + ")" : "")),
      // Outside prod a breach is for the team's queue, not for waking someone up.
      .severity = config.environment == config::Environment::kProd ? "critical" : "warning"};
  RuleFile file{.profiles_file = config.profiles_file,
                .environment = environment,
                .profile = profile_name,
                .group = RuleGroup{.name = "slogate." + environment,
                                   .records = Records(*ok_statuses),
                                   .alerts = Alerts(context, config.thresholds)}};
  return file;
}

}  // namespace slogate::rules
