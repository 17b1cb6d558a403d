// The rules `slogate rules` writes, as Prometheus reads them: `promtool check rules` accepts
// the file, and `promtool test rules` evaluates it over synthetic series — alerts fire on a
// breaching gateway with the labels and annotations the suite's thresholds give, stay silent
// on a healthy one, and the recorded values are the shares and sums the suite judges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "rules_run.h"

namespace slogate::testing {
namespace {

using ::testing::HasSubstr;

std::string Description(const std::string& text, const std::string& for_duration) {
  return text + " for " + for_duration +
         "; the threshold is environment \"staging\" of fixtures/profiles/default.json (profile "
         "smoke), the one the release gate judges.";
}

// `text` as a single-quoted YAML scalar ('' is a quote inside one).
std::string SingleQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

// The expectations below hold the default profile file's staging thresholds: p95 150 ms, error
// rate 0.005, ok shares 0.995, lag 2 s, DLQ depth 0.

// One expected firing alert, in promtool's test file syntax (single-quoted YAML scalars).
std::string Firing(const std::string& alert, const std::string& slo, const std::string& summary,
                   const std::string& description) {
  return "      - eval_time: 10m\n"
         "        alertname: " +
         alert +
         "\n"
         "        exp_alerts:\n"
         "          - exp_labels: {severity: warning, slo: " +
         slo +
         ", environment: staging, "
         "slogate_environment: staging, slogate_profile: smoke}\n"
         "            exp_annotations:\n"
         "              summary: " +
         SingleQuoted(summary) +
         "\n"
         "              description: " +
         SingleQuoted(description) + "\n";
}

std::string Silent(const std::string& alert) {
  return "      - eval_time: 10m\n"
         "        alertname: " +
         alert +
         "\n"
         "        exp_alerts: []\n";
}

std::string Series(const std::string& series, const std::string& values) {
  return "      - series: '" + series + "'\n        values: '" + values + "'\n";
}

// The value of `record` as the staging smoke rules record it (labelled with their scope).
std::string Sample(const std::string& record, const std::string& value) {
  const std::string scoped = record + "{slogate_environment=\"staging\",slogate_profile=\"smoke\"}";
  return "      - expr: '" + scoped +
         "'\n        eval_time: 10m\n        exp_samples:\n"
         "          - labels: '" +
         scoped + "'\n            value: " + value + "\n";
}

// A gateway breaking every SLO: every answer in the (150 ms, 300 ms] bucket, a quarter of them
// 500s, every write-through and WAL result an error (no "ok" series at all), a replicator 5 s
// behind while replicating, 5 dead letters over two topics.
std::string BreachingCase() {
  std::string text = "  - interval: 1m\n    input_series:\n";
  for (const std::string status : {"200", "500"}) {
    const std::string per_minute = status == "200" ? "0+45x20" : "0+15x20";
    const std::string labels = "path=\"/v1/session/message\",status=\"" + status + "\"";
    text += Series("gateway_request_seconds_bucket{" + labels + ",le=\"0.15\"}", "0+0x20");
    text += Series("gateway_request_seconds_bucket{" + labels + ",le=\"0.3\"}", per_minute);
    text += Series("gateway_request_seconds_bucket{" + labels + ",le=\"+Inf\"}", per_minute);
    text += Series("gateway_request_seconds_count{" + labels + "}", per_minute);
  }
  text += Series("gateway_write_through_results_total{result=\"server_error\"}", "0+60x20");
  text += Series("gateway_write_through_wal_results_total{result=\"error\"}", "0+60x20");
  text += Series("gateway_dlq_depth{topic=\"memory.wal.dlq\"}", "2x20");
  text += Series("gateway_dlq_depth{topic=\"other.dlq\"}", "3x20");
  text += Series("memory_replicator_lag_seconds", "5x20");
  text += Series("memory_replicator_events_total{result=\"ok\"}", "0+60x20");
  text += "    promql_expr_test:\n";
  text += Sample("slogate:gateway_requests:error_ratio_5m", "0.25");
  text += Sample("slogate:gateway_dlq_depth:sum", "5");
  text += Sample("slogate:gateway_write_through_results:ok_share_5m", "0");
  text += "    alert_rule_test:\n";
  // p95 = 0.15 + 0.15 * 0.95 s, interpolated inside the (0.15, 0.3] bucket.
  text += Firing("SlogateLatencyP95", "LatencyP95", "gateway p95 292.5ms >= 150ms",
                 Description("The p95 of the write path's ok answers in gateway_request_seconds "
                             "over 5m has been at or above latency_p95 150ms",
                             "5m"));
  text += Firing("SlogateErrorRate", "ErrorRate", "gateway error ratio 25% >= 0.005",
                 Description("The share of write-path requests answered outside the ok "
                             "statuses over 5m has been at or above max_error_rate 0.005",
                             "5m"));
  text += Firing("SlogateWriteThroughResultsOk", "WriteThroughResultsOk",
                 "write-through ok share 0% < 0.995",
                 Description("The share of write-through results with result=\"ok\" over 5m has "
                             "been below min_write_through_ok_share 0.995",
                             "5m"));
  text += Firing("SlogateWalResultsOk", "WalResultsOk", "WAL ok share 0% < 0.995",
                 Description("The share of WAL results with result=\"ok\" over 5m has been below "
                             "0.995 (max_wal_error_share 0.005)",
                             "5m"));
  text += Firing("SlogateReplicationLag", "ReplicationLag", "replication lag 5s > 2s",
                 Description("The worst replicator's lag gauge, while events are being "
                             "replicated, has been above max_lag 2s",
                             "2m"));
  text += Firing("SlogateDlqDepth", "DlqDepth", "DLQ depth 5 > 0",
                 Description("The dead-letter queue, summed over topics and endpoints, has "
                             "held more than max_dlq_depth 0 events",
                             "1m"));
  return text;
}

// A healthy gateway: every write answered 200 within 150 ms (p95 interpolates to 142.5 ms),
// every result ok, an empty DLQ, 50 ms of lag. Its health checks are slow and some fail: they
// are not the write path, so neither the p95 nor the error ratio reads them.
std::string HealthyCase() {
  std::string text = "  - interval: 1m\n    input_series:\n";
  const std::string write = "path=\"/v1/session/message\",status=\"200\"";
  text += Series("gateway_request_seconds_bucket{" + write + ",le=\"0.15\"}", "0+60x20");
  text += Series("gateway_request_seconds_bucket{" + write + ",le=\"+Inf\"}", "0+60x20");
  text += Series("gateway_request_seconds_count{" + write + "}", "0+60x20");
  for (const std::string status : {"200", "503"}) {
    const std::string health = "path=\"/v1/health\",status=\"" + status + "\"";
    text += Series("gateway_request_seconds_bucket{" + health + ",le=\"0.15\"}", "0+0x20");
    text += Series("gateway_request_seconds_bucket{" + health + ",le=\"+Inf\"}", "0+600x20");
    text += Series("gateway_request_seconds_count{" + health + "}", "0+600x20");
  }
  text += Series("gateway_write_through_results_total{result=\"ok\"}", "0+60x20");
  text += Series("gateway_write_through_wal_results_total{result=\"ok\"}", "0+60x20");
  text += Series("gateway_dlq_depth{topic=\"memory.wal.dlq\"}", "0x20");
  text += Series("memory_replicator_lag_seconds", "0.05x20");
  text += Series("memory_replicator_events_total{result=\"ok\"}", "0+60x20");
  text += "    promql_expr_test:\n";
  text += Sample("slogate:gateway_requests:error_ratio_5m", "0");
  text += Sample("slogate:gateway_write_through_results:ok_share_5m", "1");
  text += Sample("slogate:gateway_write_through_wal_results:ok_share_5m", "1");
  text += "    alert_rule_test:\n";
  for (const std::string alert :
       {"SlogateLatencyP95", "SlogateErrorRate", "SlogateWriteThroughResultsOk",
        "SlogateWalResultsOk", "SlogateReplicationLag", "SlogateReplicationStalled",
        "SlogateDlqDepth"}) {
    text += Silent(alert);
  }
  return text;
}

// The upstream replicator's gauge is not updated while idle: a high value left over from the
// last event must not alert while nothing is being replicated.
std::string IdleReplicatorCase() {
  std::string text = "  - interval: 1m\n    input_series:\n";
  text += Series("memory_replicator_lag_seconds", "5x20");
  text += Series("memory_replicator_events_total{result=\"ok\"}", "100x20");
  text += "    alert_rule_test:\n" + Silent("SlogateReplicationLag");
  text += Silent("SlogateReplicationStalled");
  return text;
}

// Writes acknowledged, nothing replicated: the replicators' lag gauge keeps its last, small
// value, so only the stall alert sees it — with the events counter flat, or with none at all
// (every replicator gone). One replicator of two idle while the other applies every write is
// no stall: at a low rate a healthy one may get no write for minutes.
std::string StalledCase(bool counter_gone) {
  std::string text = "  - interval: 1m\n    input_series:\n";
  text += Series("gateway_write_through_wal_results_total{result=\"ok\"}", "0+60x20");
  text += Series("memory_replicator_lag_seconds", "0.05x20");
  if (!counter_gone) {
    text += Series("memory_replicator_events_total{instance=\"replicator-a:9412\",result=\"ok\"}",
                   "100x20");
  }
  text += "    alert_rule_test:\n" + Silent("SlogateReplicationLag");
  text += Firing("SlogateReplicationStalled", "ReplicationLag",
                 "replication stalled while the WAL acknowledges writes",
                 Description("No event has been replicated over 5m while the WAL acknowledged "
                             "writes, so their lag has passed max_lag 2s",
                             "2m"));
  return text;
}

std::string OneReplicatorIdleCase() {
  std::string text = "  - interval: 1m\n    input_series:\n";
  text += Series("gateway_write_through_wal_results_total{result=\"ok\"}", "0+1x20");
  text += Series("memory_replicator_events_total{instance=\"replicator-a:9412\",result=\"ok\"}",
                 "0+1x20");
  text += Series("memory_replicator_events_total{instance=\"replicator-b:9412\",result=\"ok\"}",
                 "100x20");
  text += "    alert_rule_test:\n" + Silent("SlogateReplicationStalled");
  return text;
}

// The staging rules of the default file's smoke profile, as DIR/r.yml.
CommandResult GenerateRules(const ScratchDir& dir) {
  return RunRules("--env staging --profile smoke --out " +
                  ShellQuoted((dir.path() / "r.yml").string()));
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(PromtoolRulesTest, CheckRulesAcceptsTheGeneratedFile) {
  const ScratchDir dir;
  const CommandResult rules = GenerateRules(dir);
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  const CommandResult check = RunPromtool(dir.path(), "check rules r.yml");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_THAT(check.out + check.err, HasSubstr("SUCCESS: 15 rules found"));
}

TEST(PromtoolRulesTest, AlertsFireOnABreachAndStaySilentWhenHealthy) {
  const ScratchDir dir;
  const CommandResult rules = GenerateRules(dir);
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  WriteText(dir.path() / "r_test.yml", "rule_files:\n  - r.yml\nevaluation_interval: 1m\ntests:\n" +
                                           BreachingCase() + HealthyCase() + IdleReplicatorCase() +
                                           StalledCase(false) + StalledCase(true) +
                                           OneReplicatorIdleCase());
  const CommandResult test = RunPromtool(dir.path(), "test rules r_test.yml");
  EXPECT_EQ(test.exit_code, 0) << test.out << test.err;
  EXPECT_THAT(test.out + test.err, HasSubstr("SUCCESS"));
}

// Rule files for two namespaces in one Prometheus record the same names: each file's series
// carry its scope, so namespace b's p95 of 292.5 ms fires b's alert alone, and a's healthy p95
// stays a's. Unscoped, both files would write one series, and each alert would read whichever
// file evaluated last.
TEST(PromtoolRulesTest, TwoFilesInOnePrometheusKeepTheirOwnSeries) {
  const ScratchDir dir;
  for (const std::string ns : {"a", "b"}) {
    const CommandResult rules =
        RunRules("--env staging --profile smoke --selector '{namespace=\"" + ns + "\"}' --out " +
                 ShellQuoted((dir.path() / (ns + ".yml")).string()));
    ASSERT_EQ(rules.exit_code, 0) << rules.err;
  }
  std::string text = "  - interval: 1m\n    input_series:\n";
  for (const std::string ns : {"a", "b"}) {
    const std::string labels =
        "namespace=\"" + ns + "\",path=\"/v1/session/message\",status=\"200\"";
    const std::string fast = ns == "a" ? "0+60x20" : "0+0x20";
    text += Series("gateway_request_seconds_bucket{" + labels + ",le=\"0.15\"}", fast);
    text += Series("gateway_request_seconds_bucket{" + labels + ",le=\"0.3\"}", "0+60x20");
    text += Series("gateway_request_seconds_bucket{" + labels + ",le=\"+Inf\"}", "0+60x20");
  }
  text += "    promql_expr_test:\n";
  text +=
      "      - expr: 'count(slogate:gateway_request_seconds:p95_5m)'\n"
      "        eval_time: 10m\n        exp_samples:\n          - value: 2\n";
  text += "    alert_rule_test:\n";
  text +=
      "      - eval_time: 10m\n        alertname: SlogateLatencyP95\n        exp_alerts:\n"
      "          - exp_labels: {severity: warning, slo: LatencyP95, environment: staging, "
      "slogate_environment: staging, slogate_profile: smoke, "
      "slogate_selector: '{namespace=\"b\"}'}\n"
      "            exp_annotations:\n"
      "              summary: 'gateway p95 292.5ms >= 150ms'\n"
      "              description: " +
      SingleQuoted(Description("The p95 of the write path's ok answers in "
                               "gateway_request_seconds over 5m has been at or above "
                               "latency_p95 150ms",
                               "5m")) +
      "\n";
  WriteText(dir.path() / "r_test.yml",
            "rule_files:\n  - a.yml\n  - b.yml\nevaluation_interval: 1m\ntests:\n" + text);
  const CommandResult test = RunPromtool(dir.path(), "test rules r_test.yml");
  EXPECT_EQ(test.exit_code, 0) << test.out << test.err;
  EXPECT_THAT(test.out + test.err, HasSubstr("SUCCESS"));
}

// A rule test that expects the wrong thing must fail, or the test above proves nothing.
TEST(PromtoolRulesTest, AWrongExpectationFails) {
  const ScratchDir dir;
  const CommandResult rules = GenerateRules(dir);
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  std::string wrong = HealthyCase();
  wrong += Firing("SlogateDlqDepth", "DlqDepth", "DLQ depth 0 > 0", "none");
  WriteText(dir.path() / "r_test.yml",
            "rule_files:\n  - r.yml\nevaluation_interval: 1m\ntests:\n" + wrong);
  const CommandResult test = RunPromtool(dir.path(), "test rules r_test.yml");
  EXPECT_EQ(test.exit_code, 1) << test.out << test.err;
  EXPECT_THAT(test.out + test.err, HasSubstr("alertname: SlogateDlqDepth"));
}

// A profile file whose path holds quotes, YAML syntax, a backslash, an unclosed Go template
// action and a character past U+FFFF, and a selector with an unclosed action too: the file
// stays valid YAML, and every annotation and alert label a valid template.
TEST(PromtoolRulesTest, AHostileProfilePathCannotBreakTheFile) {
  const ScratchDir dir;
  const std::filesystem::path hostile = dir.path() / "a \"b' c: #d \\ {{ e \xf0\x9f\x98\x80";
  std::filesystem::create_directories(hostile);
  std::filesystem::copy_file(SLOGATE_SOURCE_DIR "/fixtures/profiles/default.json",
                             hostile / "p.json");
  const CommandResult rules =
      RunRules("--slo-profiles " + ShellQuoted((hostile / "p.json").string()) + " --selector " +
               ShellQuoted("{namespace=\"x{{y\"}") + " --out " +
               ShellQuoted((dir.path() / "r.yml").string()));
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  const CommandResult check = RunPromtool(dir.path(), "check rules r.yml");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_THAT(check.out + check.err, HasSubstr("SUCCESS: 15 rules found"));
}

}  // namespace
}  // namespace slogate::testing
