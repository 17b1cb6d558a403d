#include "slogate/rules/rule_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "slogate/config/loader.h"

namespace slogate::rules {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

// Two environments with different thresholds, and a profile that covers only an export
// endpoint, which has no write-path metrics.
Result<config::Config> TestConfig(const std::string& environment) {
  Result<config::ProfileFile> file = config::ParseProfileFile(R"({
    "profiles": {
      "smoke": {"rps": 5, "duration": "15s", "endpoints": ["write"]},
      "exports": {"rps": 5, "duration": "15s", "endpoints": ["export"]}
    },
    "endpoints": {
      "write": {"ok_statuses": [200, 202]},
      "export": {"method": "GET", "path": "/v1/memory/export", "write_path": false}
    },
    "thresholds": {
      "default": {"max_error_rate": 0.01, "max_lag": "3s", "max_dlq_depth": 2,
                  "min_write_through_ok_share": 0.99, "max_wal_error_share": 0.02},
      "dev": {"latency_p95": "250ms"},
      "staging": {"latency_p95": "150ms", "max_error_rate": 0.001}
    }
  })",
                                                              "profiles/test.json");
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  const std::map<std::string, std::string> env = {{"SLO_ENV", environment}};
  return config::BuildConfig(
      [env](std::string_view name) -> std::optional<std::string> {
        const auto found = env.find(std::string(name));
        if (found == env.end()) return std::nullopt;
        return found->second;
      },
      *file, "profiles/test.json");
}

RuleFile Build(const std::string& environment, const std::string& profile = "smoke") {
  Result<config::Config> config = TestConfig(environment);
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  Result<RuleFile> file = BuildRuleFile(*config, config->FindProfile(profile));
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  return file.ok() ? *file : RuleFile{};
}

const AlertingRule& FindAlert(const RuleFile& file, const std::string& name) {
  for (const AlertingRule& alert : file.group.alerts) {
    if (alert.alert == name) return alert;
  }
  ADD_FAILURE() << "no alert " << name;
  static const AlertingRule kMissing;
  return kMissing;
}

std::map<std::string, std::string> Records(const RuleFile& file) {
  std::map<std::string, std::string> records;
  for (const RecordingRule& rule : file.group.records) records[rule.record] = rule.expr;
  return records;
}

TEST(RuleSetTest, RecordsNameEachSignalByThePrometheusConvention) {
  const std::map<std::string, std::string> records = Records(Build("dev"));
  // The ok answers of the write path, as the suite's LatencyP95 reads the client's.
  EXPECT_EQ(records.at("slogate:gateway_request_seconds:p95_5m"),
            "histogram_quantile(0.95, sum by (le) (rate(gateway_request_seconds_bucket{path=\"/v1/"
            "session/message\",status=~\"200|202\"}[5m])))");
  EXPECT_EQ(records.at("slogate:memory_replicator_lag_seconds:max"),
            "max(memory_replicator_lag_seconds)");
  EXPECT_EQ(records.at("slogate:gateway_dlq_depth:sum"), "sum(gateway_dlq_depth)");
  EXPECT_EQ(records.at("slogate:gateway_write_through_wal_results:ok_share_5m"),
            "(sum(rate(gateway_write_through_wal_results_total{result=\"ok\"}[5m])) or "
            "vector(0)) / sum(rate(gateway_write_through_wal_results_total[5m]))");
  EXPECT_EQ(records.size(), 8u);
}

TEST(RuleSetTest, ErrorsAreTheStatusesOutsideTheWriteEndpointsOkStatuses) {
  EXPECT_EQ(Records(Build("dev")).at("slogate:gateway_requests:error_ratio_5m"),
            "(sum(rate(gateway_request_seconds_count{path=\"/v1/session/message\",status!~\"200|"
            "202\"}[5m])) or vector(0)) / sum(rate(gateway_request_seconds_count{path=\"/v1/"
            "session/message\"}[5m]))");
}

// Several write paths are one regular expression, each path escaped for it; a path that is a
// template (rendered per request) cannot be named, so the rules then read every path.
TEST(RuleSetTest, WritePathsAreMatchedExactlyOrNotAtAll) {
  auto rules_for = [](const std::string& endpoints) {
    Result<config::ProfileFile> file = config::ParseProfileFile(
        R"({"profiles": {"smoke": {"rps": 5, "duration": "15s", "endpoints": ["a", "b"]}},
            "endpoints": )" +
            endpoints + "}",
        "profiles/paths.json");
    EXPECT_TRUE(file.ok()) << file.error().ToString();
    Result<config::Config> config = config::BuildConfig(
        [](std::string_view) -> std::optional<std::string> { return std::nullopt; }, *file,
        "profiles/paths.json");
    EXPECT_TRUE(config.ok()) << config.error().ToString();
    Result<RuleFile> rules = BuildRuleFile(*config, config->FindProfile("smoke"));
    EXPECT_TRUE(rules.ok()) << rules.error().ToString();
    return rules.ok() ? *rules : RuleFile{};
  };
  const RuleFile fixed = rules_for(R"({"a": {"path": "/v1/session/message", "write_path": true},
                                       "b": {"path": "/v2/session.message", "write_path": true}})");
  EXPECT_THAT(fixed.warnings, IsEmpty());
  EXPECT_EQ(Records(fixed).at("slogate:gateway_request_seconds:p95_5m"),
            "histogram_quantile(0.95, sum by (le) (rate(gateway_request_seconds_bucket{path=~\"/v1/"
            "session/message|/v2/session\\\\.message\",status=~\"200\"}[5m])))");
  const RuleFile templated = rules_for(R"({"a": {"path": "/v1/session/message", "write_path": true},
                                           "b": {"path": "/v1/{tenant}/message", "write_path": true}})");
  EXPECT_EQ(Records(templated).at("slogate:gateway_request_seconds:p95_5m"),
            "histogram_quantile(0.95, sum by (le) (rate(gateway_request_seconds_bucket{status=~"
            "\"200\"}[5m])))");
  ASSERT_EQ(templated.warnings.size(), 1u);
  EXPECT_THAT(templated.warnings[0], HasSubstr("\"/v1/{tenant}/message\" is a template"));
}

// One Prometheus scraping several gateways: the selector's matchers go into every series.
TEST(RuleSetTest, ASelectorNarrowsEverySeries) {
  Result<config::Config> config = TestConfig("staging");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  Result<RuleFile> file =
      BuildRuleFile(*config, config->FindProfile("smoke"), "{namespace=\"staging\"}");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->selector, "{namespace=\"staging\"}");
  const std::map<std::string, std::string> records = Records(*file);
  EXPECT_EQ(records.at("slogate:memory_replicator_lag_seconds:max"),
            "max(memory_replicator_lag_seconds{namespace=\"staging\"})");
  for (const auto& [record, expr] : records) {
    EXPECT_THAT(expr, HasSubstr("namespace=\"staging\"")) << record;
  }
  EXPECT_THAT(FindAlert(*file, "SlogateReplicationStalled").expr,
              HasSubstr("memory_replicator_events_total{namespace=\"staging\"}[5m]"));
}

TEST(RuleSetTest, ASelectorThatIsNotLabelMatchersIsRefused) {
  Result<config::Config> config = TestConfig("staging");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  Result<RuleFile> file = BuildRuleFile(*config, nullptr, "up{job=\"gateway\"}");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "bad_selector");
  EXPECT_THAT(file.error().message, HasSubstr("--selector"));
}

// `record` as the alerts of a file built by Build(environment) read it.
std::string Scoped(std::string_view record, const std::string& environment) {
  return std::string(record) + "{slogate_environment=\"" + environment +
         "\",slogate_profile=\"smoke\",slogate_selector=\"\"}";
}

TEST(RuleSetTest, AlertsCarryTheChosenEnvironmentsThresholds) {
  const RuleFile dev = Build("dev");
  EXPECT_EQ(FindAlert(dev, "SlogateLatencyP95").expr,
            Scoped(kLatencyP95Record, "dev") + " >= 0.25");
  EXPECT_EQ(FindAlert(dev, "SlogateErrorRate").expr, Scoped(kErrorRatioRecord, "dev") + " >= 0.01");
  const RuleFile staging = Build("staging");
  EXPECT_EQ(FindAlert(staging, "SlogateLatencyP95").expr,
            Scoped(kLatencyP95Record, "staging") + " >= 0.15");
  EXPECT_EQ(FindAlert(staging, "SlogateErrorRate").expr,
            Scoped(kErrorRatioRecord, "staging") + " >= 0.001");
  EXPECT_EQ(FindAlert(staging, "SlogateDlqDepth").expr,
            Scoped(kDlqDepthRecord, "staging") + " > 2");
  EXPECT_EQ(FindAlert(staging, "SlogateWriteThroughResultsOk").expr,
            Scoped(kWriteThroughOkRecord, "staging") + " < 0.99");
  // The suite bounds the WAL error share; the rule states it as the ok share it leaves.
  EXPECT_EQ(FindAlert(staging, "SlogateWalResultsOk").expr,
            Scoped(kWalOkRecord, "staging") + " < 0.98");
  EXPECT_EQ(FindAlert(staging, "SlogateReplicationLag").expr,
            Scoped(kLagMaxRecord, "staging") + " > 3 and on() " +
                Scoped(kReplicatedRateRecord, "staging") + " > 0");
  EXPECT_EQ(staging.group.name, "slogate.staging");
  EXPECT_EQ(staging.environment, "staging");
  EXPECT_EQ(staging.profiles_file, "profiles/test.json");
}

// Files for two environments, profiles or selectors loaded into one Prometheus record the same
// names: each file's series carry its scope, and its alerts read only those.
TEST(RuleSetTest, RecordsCarryTheFilesScopeAndAlertsReadOnlyTheirOwn) {
  Result<config::Config> config = TestConfig("staging");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  Result<RuleFile> file = BuildRuleFile(*config, nullptr, "{namespace=\"a\\\"b\"}");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  for (const RecordingRule& record : file->group.records) {
    EXPECT_THAT(record.labels,
                ::testing::ElementsAre(Pair("slogate_environment", "staging"),
                                       Pair("slogate_selector", "{namespace=\"a\\\"b\"}")))
        << record.record;
  }
  EXPECT_EQ(FindAlert(*file, "SlogateDlqDepth").expr,
            std::string(kDlqDepthRecord) +
                "{slogate_environment=\"staging\",slogate_profile=\"\","
                "slogate_selector=\"{namespace=\\\"a\\\\\\\"b\\\"}\"} > 2");
  EXPECT_THAT(FindAlert(*file, "SlogateDlqDepth").labels,
              ::testing::Contains(Pair("slogate_selector", "{namespace=\"a\\\"b\"}")));
}

// Alert label values are Go templates; a selector is the user's text. Escaped in the alert's
// labels, it reads as the record's raw label does.
TEST(RuleSetTest, ScopeLabelsAreTemplateTextInAlertsAndRawInRecords) {
  Result<config::Config> config = TestConfig("staging");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  Result<RuleFile> file = BuildRuleFile(*config, nullptr, "{namespace=\"x{{y\"}");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_THAT(file->group.records.front().labels,
              ::testing::Contains(Pair("slogate_selector", "{namespace=\"x{{y\"}")));
  EXPECT_THAT(FindAlert(*file, "SlogateDlqDepth").labels,
              ::testing::Contains(Pair("slogate_selector", "{namespace=\"x{{ \"{{\" }}y\"}")));
}

TEST(RuleSetTest, LabelsNameSeveritySloAndEnvironment) {
  EXPECT_THAT(
      FindAlert(Build("staging"), "SlogateDlqDepth").labels,
      ::testing::ElementsAre(Pair("severity", "warning"), Pair("slo", "DlqDepth"),
                             Pair("environment", "staging"), Pair("slogate_environment", "staging"),
                             Pair("slogate_profile", "smoke")));
  EXPECT_THAT(FindAlert(Build("prod"), "SlogateDlqDepth").labels,
              ::testing::Contains(Pair("severity", "critical")));
}

TEST(RuleSetTest, ForDurationsFollowEachSignal) {
  const RuleFile file = Build("dev");
  EXPECT_EQ(FindAlert(file, "SlogateLatencyP95").for_duration, std::chrono::minutes(5));
  EXPECT_EQ(FindAlert(file, "SlogateReplicationLag").for_duration, std::chrono::minutes(2));
  EXPECT_EQ(FindAlert(file, "SlogateDlqDepth").for_duration, std::chrono::minutes(1));
}

TEST(RuleSetTest, DescriptionNamesTheThresholdAndTheFileItCameFrom) {
  const RuleFile file = Build("staging");
  const AlertingRule& alert = FindAlert(file, "SlogateLatencyP95");
  ASSERT_EQ(alert.annotations.size(), 2u);
  EXPECT_EQ(alert.annotations[0].first, "summary");
  EXPECT_THAT(alert.annotations[0].second, HasSubstr(">= 150ms"));
  EXPECT_EQ(alert.annotations[1].second,
            "The p95 of the write path's ok answers in gateway_request_seconds over 5m has been "
            "at or above latency_p95 150ms "
            "for 5m; the threshold is environment \"staging\" of profiles/test.json (profile "
            "smoke), the one the release gate judges.");
}

TEST(RuleSetTest, AProfileWithoutAWriteEndpointIsRefused) {
  Result<config::Config> config = TestConfig("dev");
  ASSERT_TRUE(config.ok());
  Result<RuleFile> file = BuildRuleFile(*config, config->FindProfile("exports"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "no_write_path");
  EXPECT_THAT(file.error().message,
              HasSubstr("profiles/test.json: profile \"exports\" covers no write-path endpoint"));
}

TEST(RuleSetTest, EveryEndpointWhenNoProfileIsNamed) {
  Result<config::Config> config = TestConfig("dev");
  ASSERT_TRUE(config.ok());
  Result<RuleFile> file = BuildRuleFile(*config, nullptr);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->profile, "");
  EXPECT_THAT(FindAlert(*file, "SlogateErrorRate").annotations[1].second,
              HasSubstr("of profiles/test.json, the one"));
}

TEST(TemplateTextTest, OpeningBracesBecomeALiteralAction) {
  EXPECT_EQ(TemplateText("a {{ .x }} b {{"), "a {{ \"{{\" }} .x }} b {{ \"{{\" }}");
  EXPECT_EQ(TemplateText("plain }} text"), "plain }} text");
  EXPECT_EQ(TemplateText("{{{"), "{{ \"{{\" }}{");
}

TEST(PrometheusDurationTest, LargestWholeUnit) {
  EXPECT_EQ(PrometheusDuration(std::chrono::seconds(90)), "90s");
  EXPECT_EQ(PrometheusDuration(std::chrono::seconds(300)), "5m");
  EXPECT_EQ(PrometheusDuration(std::chrono::seconds(7200)), "2h");
  EXPECT_EQ(PrometheusDuration(std::chrono::seconds(0)), "0s");
}

}  // namespace
}  // namespace slogate::rules
