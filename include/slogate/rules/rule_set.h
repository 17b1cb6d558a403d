// Prometheus recording and alerting rules for the SLOs the suite judges, built from the same
// Config (profile file + environment) the suite reads, so that the release gate and production
// alerting share one definition of each threshold. docs/rules.md explains every expression.
//
// Pure: plain data in, plain data out (rule_yaml.h writes it). Thread-compatible.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/config/config.h"

namespace slogate::rules {

// The rate window of every rate-based rule: at least four scrapes at the usual 15-60 s scrape
// intervals, short enough that an alert follows an incident within minutes.
inline constexpr std::string_view kRateWindow = "5m";

// Recorded series, named level:metric:operations as Prometheus recommends.
inline constexpr std::string_view kLatencyP95Record = "slogate:gateway_request_seconds:p95_5m";
inline constexpr std::string_view kErrorRatioRecord = "slogate:gateway_requests:error_ratio_5m";
inline constexpr std::string_view kLagMaxRecord = "slogate:memory_replicator_lag_seconds:max";
inline constexpr std::string_view kReplicatedRateRecord =
    "slogate:memory_replicator_events:rate_5m";
inline constexpr std::string_view kDlqDepthRecord = "slogate:gateway_dlq_depth:sum";
inline constexpr std::string_view kWriteThroughOkRecord =
    "slogate:gateway_write_through_results:ok_share_5m";
inline constexpr std::string_view kWalOkRecord =
    "slogate:gateway_write_through_wal_results:ok_share_5m";
inline constexpr std::string_view kWalOkRateRecord =
    "slogate:gateway_write_through_wal_results:ok_rate_5m";

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct RecordingRule {
  std::string record;
  std::string expr;
  Pairs labels{};  // the file's scope (slogate_environment, ...): see BuildRuleFile
};

struct AlertingRule {
  std::string alert;
  std::string expr;
  std::chrono::seconds for_duration{0};
  Pairs labels;       // in output order; plain values (Prometheus expands them as templates)
  Pairs annotations;  // Go templates: text from the profile file is escaped (TemplateText)
};

// One rule group: Prometheus evaluates a group's rules in order, so each alert sees the
// recorded values of the same evaluation.
struct RuleGroup {
  std::string name;
  std::vector<RecordingRule> records;
  std::vector<AlertingRule> alerts;
};

// What a rule file holds and where its thresholds came from (its header comment).
struct RuleFile {
  std::string profiles_file;
  std::string environment;  // "staging"
  std::string profile;      // the profile whose endpoints define an error; empty: every one
  RuleGroup group;
  std::string selector{};  // the label matchers every series carries; empty: none
  // What the rules could not do as the suite does, for the user (not written into the file).
  std::vector<std::string> warnings{};
};

// The rules for config.environment's thresholds. `profile` (nullptr: every endpoint of the
// file) picks the write-path endpoints whose ok_statuses say which answers are errors. Error
// "no_write_path" when those endpoints hold no write-path endpoint: the gateway's metrics only
// describe writes.
// `selector` (label matchers in braces, as PROM_SELECTOR: {namespace="staging"}) is added to
// every series the rules read; "bad_selector" when it is not label matchers alone.
// Every recorded series carries the file's scope as labels (slogate_environment, and
// slogate_profile and slogate_selector when given), and the alerts read only their own file's:
// files for two environments, profiles or selectors loaded into one Prometheus record the same
// names, and would otherwise write one another's series.
Result<RuleFile> BuildRuleFile(const config::Config& config, const config::LoadProfile* profile,
                               std::string_view selector = {});

// `text` as literal text inside a Go template (Prometheus annotations are templates): "{{"
// becomes {{ "{{" }}, so a profile path holding "{{" can neither break nor inject a template.
std::string TemplateText(std::string_view text);

// A Prometheus duration: "90s", "5m", "2h" (the largest unit that keeps it whole).
std::string PrometheusDuration(std::chrono::seconds duration);

}  // namespace slogate::rules
