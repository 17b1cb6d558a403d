#include "slogate/config/config_json.h"

#include <gtest/gtest.h>

#include <chrono>

namespace slogate::config {
namespace {

Config SampleConfig() {
  Config config;
  config.environment = Environment::kStaging;
  config.target.url = "http://gw:8010";
  config.target.jwt = "header.payload.signature";
  config.metrics_urls = {"http://gw:9400/metrics"};
  config.overrides.rps = 25;
  LoadProfile burst;
  burst.name = "burst";
  burst.schedule = ScheduleKind::kBurst;
  burst.duration = std::chrono::seconds(40);
  burst.bursts = {BurstWindow{std::chrono::seconds(10), std::chrono::milliseconds(2500), 100}};
  config.profiles = {burst};
  config.endpoints = {Endpoint{}};
  config.thresholds.latency_p95 = std::chrono::milliseconds(150);
  config.checks.by_slo["ZeroLoss"] = Requirement::kOptional;
  return config;
}

TEST(ConfigJsonTest, NeverContainsTheJwt) {
  const std::string text = ToJson(SampleConfig()).dump();
  EXPECT_EQ(text.find("header.payload.signature"), std::string::npos);
  EXPECT_NE(text.find(std::string(kRedacted)), std::string::npos);
}

TEST(ConfigJsonTest, DurationsAreSecondsAndNamesMatchTheProfileFile) {
  const nlohmann::json json = ToJson(SampleConfig());
  EXPECT_EQ(json["environment"], "staging");
  EXPECT_EQ(json["thresholds"]["latency_p95"], 0.15);
  EXPECT_EQ(json["thresholds"]["max_lag"], 2.0);
  EXPECT_EQ(json["profiles"][0]["schedule"], "burst");
  EXPECT_EQ(json["profiles"][0]["duration"], 40.0);
  EXPECT_EQ(json["profiles"][0]["bursts"][0]["length"], 2.5);
  EXPECT_EQ(json["overrides"]["rps"], 25.0);
  EXPECT_FALSE(json["overrides"].contains("duration"));
  EXPECT_EQ(json["checks"]["ZeroLoss"], "optional");
  EXPECT_EQ(json["checks"]["LatencyP95"], "required");
  EXPECT_EQ(json["metrics_urls"][0], "http://gw:9400/metrics");
}

TEST(ConfigJsonTest, OverriddenThresholdsAreListedAsGivenBesideTheValuesInForce) {
  Config config = SampleConfig();
  EXPECT_FALSE(ToJson(config)["overrides"].contains("thresholds"));
  config.overrides.thresholds = {{"latency_p95", "200ms"}, {"max_error_rate", "0.01"}};
  config.thresholds.latency_p95 = std::chrono::milliseconds(200);
  const nlohmann::json json = ToJson(config);
  EXPECT_EQ(json["overrides"]["thresholds"],
            (nlohmann::json{{"latency_p95", "200ms"}, {"max_error_rate", "0.01"}}));
  EXPECT_EQ(json["thresholds"]["latency_p95"], 0.2);
}

TEST(ConfigJsonTest, MetricsSourceIsScrapeWithoutPrometheus) {
  const nlohmann::json json = ToJson(SampleConfig());
  EXPECT_EQ(json["metrics_source"], (nlohmann::json{{"kind", "scrape"}}));
}

TEST(ConfigJsonTest, MetricsSourceShowsPrometheusWithoutItsCredentials) {
  Config config = SampleConfig();
  config.metrics_urls.clear();
  config.prometheus.url = "http://prom:9090";
  config.prometheus.selector = R"({namespace="staging"})";
  config.prometheus.bearer_token = "prom-bearer-Zq93";
  config.prometheus.basic_user = "gate-user";
  config.prometheus.basic_password = "prom-pass-Zq93";
  config.prometheus.max_wait = std::chrono::seconds(90);
  const nlohmann::json json = ToJson(config);
  EXPECT_EQ(json["metrics_source"], (nlohmann::json{{"kind", "prometheus"},
                                                    {"url", "http://prom:9090"},
                                                    {"selector", R"({namespace="staging"})"},
                                                    {"max_wait", 90.0}}));
  const std::string text = json.dump();
  for (std::string_view hidden : {"prom-bearer-Zq93", "prom-pass-Zq93", "gate-user"}) {
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden;
  }
}

TEST(ConfigJsonTest, ShowsEachProfilesVerdictRules) {
  Config config = SampleConfig();
  config.overrides.confidence = 0;
  VerdictRules& rules = config.profiles[0].rules;
  rules.confidence = 0;
  rules.windowed = {std::chrono::seconds(10), std::chrono::seconds(5)};
  rules.abort_on_breach = {true, std::chrono::seconds(3)};
  rules.replicator = Presence::kRequired;
  const nlohmann::json json = ToJson(config);
  const nlohmann::json& shown = json["profiles"][0]["rules"];
  EXPECT_EQ(shown["confidence"], "none");
  EXPECT_EQ(shown["windowed"]["window"], 10.0);
  EXPECT_EQ(shown["windowed"]["sustained"], 5.0);
  EXPECT_EQ(shown["abort_on_breach"]["grace"], 3.0);
  EXPECT_EQ(shown["write_through"], "auto");
  EXPECT_EQ(shown["replicator"], "required");
  EXPECT_EQ(json["overrides"]["confidence"], "none");
}

TEST(ConfigJsonTest, RulesOffAreFalse) {
  const nlohmann::json json = ToJson(SampleConfig());
  const nlohmann::json& shown = json["profiles"][0]["rules"];
  EXPECT_EQ(shown["confidence"], 0.95);
  EXPECT_EQ(shown["windowed"], false);
  EXPECT_EQ(shown["abort_on_breach"], false);
  EXPECT_FALSE(json["overrides"].contains("confidence"));
}

}  // namespace
}  // namespace slogate::config
