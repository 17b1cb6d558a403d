#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "slogate/common/secrets.h"
#include "slogate/config/loader.h"

namespace slogate::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

using Env = std::map<std::string, std::string, std::less<>>;

EnvLookup LookupIn(const Env& env) {
  return [env](std::string_view name) -> std::optional<std::string> {
    const auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
  };
}

ProfileFile TestFile() {
  Result<ProfileFile> file = ParseProfileFile(R"({
    "profiles": {
      "smoke": {"rps": 5, "duration": "15s", "concurrency": 20},
      "burst": {"schedule": "burst", "rps": 5, "duration": "40s",
                "bursts": [{"start": "10s", "length": "4s", "rps": 100}]}
    },
    "endpoints": {"write": {}, "export": {"method": "GET", "path": "/v1/memory/export"}}
  })",
                                              "test.json");
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  return *file;
}

Result<Config> Build(const Env& env) { return BuildConfig(LookupIn(env), TestFile(), "test.json"); }

TEST(EnvironmentTest, NoVariablesGiveTheDefaults) {
  Result<Config> config = Build({});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->environment, Environment::kLocal);
  EXPECT_EQ(config->target.url, "");
  EXPECT_EQ(config->target.path, "/v1/session/message");
  EXPECT_EQ(config->target.message, "ping");
  EXPECT_TRUE(config->metrics_urls.empty());
  EXPECT_EQ(config->thresholds.latency_p95, milliseconds(300));
  EXPECT_EQ(config->profiles_file, "test.json");
  EXPECT_FALSE(config->overrides.rps.has_value());
}

TEST(EnvironmentTest, ReadsEveryVariable) {
  Result<Config> config =
      Build({{"SLO_ENV", "staging"},
             {"TARGET_URL", "http://gw.example:8010/"},
             {"TARGET_PATH", "/v1/sessions/message"},
             {"JWT", "header.payload.signature"},
             {"TENANT", "acme"},
             {"PERSONA_ID", "p-1"},
             {"MESSAGE", "hello"},
             {"METRICS_URLS", "http://gw:9400/metrics, http://rep:9412/metrics"},
             {"HEALTH_URL", "http://gw:8010/v1/health"},
             {"AUDIT_URL_TEMPLATE", "http://gw:8010/v1/admin/memory/{event_id}"},
             {"SLO_RESULTS", "out/results.json"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->environment, Environment::kStaging);
  EXPECT_EQ(config->thresholds.latency_p95, milliseconds(150));
  EXPECT_EQ(config->target.url, "http://gw.example:8010");
  EXPECT_EQ(config->target.path, "/v1/sessions/message");
  EXPECT_EQ(config->endpoints[0].path, "/v1/sessions/message");  // the write path follows
  EXPECT_EQ(config->endpoints[1].path, "/v1/memory/export");     // other endpoints do not
  EXPECT_EQ(config->target.jwt, "header.payload.signature");
  EXPECT_EQ(config->target.tenant, "acme");
  EXPECT_EQ(config->target.persona_id, "p-1");
  EXPECT_EQ(config->target.message, "hello");
  EXPECT_EQ(config->metrics_urls,
            (std::vector<std::string>{"http://gw:9400/metrics", "http://rep:9412/metrics"}));
  EXPECT_EQ(config->health_url, "http://gw:8010/v1/health");
  EXPECT_EQ(config->audit_url_template, "http://gw:8010/v1/admin/memory/{event_id}");
  EXPECT_EQ(config->results_path, "out/results.json");
}

TEST(EnvironmentTest, ShellPathIsNeverTheRequestPath) {
  Result<Config> config = Build({{"PATH", "/usr/local/bin:/usr/bin:/bin"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->target.path, "/v1/session/message");
  EXPECT_EQ(config->endpoints[0].path, "/v1/session/message");
}

TEST(EnvironmentTest, OverridesReplaceEveryProfilesValues) {
  Result<Config> config = Build({{"RPS", "1.5k"}, {"DURATION", "80"}, {"CONCURRENCY", "50"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  for (const LoadProfile& profile : config->profiles) {
    EXPECT_EQ(profile.rps, 1500) << profile.name;
    EXPECT_EQ(profile.duration, seconds(80)) << profile.name;
    EXPECT_EQ(profile.concurrency, 50) << profile.name;
  }
  ASSERT_EQ(config->overrides.rps, 1500);
  ASSERT_EQ(config->overrides.duration, seconds(80));
  ASSERT_EQ(config->overrides.concurrency, 50);
}

TEST(EnvironmentTest, SloConfidenceReplacesEveryProfilesConfidence) {
  Result<Config> config = Build({{"SLO_CONFIDENCE", "0.99"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  for (const LoadProfile& profile : config->profiles) {
    EXPECT_EQ(profile.rules.confidence, 0.99) << profile.name;
  }
  EXPECT_EQ(config->overrides.confidence, 0.99);
  Result<Config> none = Build({{"SLO_CONFIDENCE", "none"}});
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  for (const LoadProfile& profile : none->profiles) EXPECT_EQ(profile.rules.confidence, 0);
}

TEST(EnvironmentTest, SloThresholdsChangesThresholdsOverTheEnvironmentsOwn) {
  Result<Config> config = Build({{"SLO_ENV", "staging"},
                                 {"SLO_THRESHOLDS",
                                  " latency_p95 = 200ms ,max_error_rate=0.01,drain_period=2s,"
                                  "latency_p95=250ms"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->thresholds.latency_p95, milliseconds(250));  // the later of the two
  EXPECT_EQ(config->thresholds.max_error_rate, 0.01);
  EXPECT_EQ(config->thresholds.drain_period, seconds(2));
  EXPECT_EQ(config->thresholds.max_lag, seconds(2));  // untouched
  const ThresholdOverrides expected = {{"latency_p95", "200ms"},
                                       {"max_error_rate", "0.01"},
                                       {"drain_period", "2s"},
                                       {"latency_p95", "250ms"}};
  EXPECT_EQ(config->overrides.thresholds, expected);
}

TEST(EnvironmentTest, SloThresholdsIsCheckedByTheProfileFilesRules) {
  const auto error_of = [](const std::string& value) {
    Result<Config> config = Build({{"SLO_THRESHOLDS", value}});
    return config.ok() ? std::string("accepted") : config.error().message;
  };
  EXPECT_EQ(error_of("latency_p99=1s")
                .rfind("SLO_THRESHOLDS.latency_p99: unknown threshold "
                       "(expected one of: latency_p95, ",
                       0),
            0u)
      << error_of("latency_p99=1s");
  EXPECT_EQ(error_of("max_error_rate=5%").rfind("SLO_THRESHOLDS.max_error_rate: ", 0), 0u)
      << error_of("max_error_rate=5%");
  EXPECT_EQ(error_of("latency_p95=11m").rfind("SLO_THRESHOLDS.latency_p95: expected a duration", 0),
            0u)
      << error_of("latency_p95=11m");
  // A duration without its unit would be seconds: 200 s where 200 ms was meant.
  EXPECT_EQ(error_of("latency_p95=200"),
            "SLO_THRESHOLDS.latency_p95: give the duration with its "
            "unit (e.g. latency_p95=200ms or 2s); a bare number "
            "would be seconds");
  // Whatever a number reader would take as seconds needs its unit too; 0 does not.
  for (const std::string bare : {"+200", "200.", ".5", "0200"}) {
    EXPECT_EQ(error_of("latency_p95=" + bare)
                  .rfind("SLO_THRESHOLDS.latency_p95: give the "
                         "duration with its unit",
                         0),
              0u)
        << bare << ": " << error_of("latency_p95=" + bare);
  }
  EXPECT_EQ(error_of("lag_warmup=0"), "accepted");
  // Bytes that are not UTF-8 are an error like any other, not a crash.
  EXPECT_EQ(error_of("max_error_rate=\xff\xfe").rfind("SLO_THRESHOLDS.max_error_rate: expected", 0),
            0u)
      << error_of("max_error_rate=\xff\xfe");
  // A name that is no plain word is quoted: no control byte reaches a terminal.
  EXPECT_EQ(error_of("lat\x1b[31mency=1").rfind("SLO_THRESHOLDS.\"lat\\x1b[31mency\": unknown", 0),
            0u)
      << error_of("lat\x1b[31mency=1");
  for (const std::string malformed : {"latency_p95", "latency_p95=", "=1s", "latency_p95=1s,,"}) {
    EXPECT_EQ(error_of(malformed).rfind("SLO_THRESHOLDS: expected NAME=VALUE items separated by "
                                        "commas",
                                        0),
              0u)
        << malformed << ": " << error_of(malformed);
  }
}

// The suite's --threshold items come after SLO_THRESHOLDS's and win; errors name the flag.
TEST(EnvironmentTest, FlagThresholdsWinOverTheVariable) {
  const ThresholdOverrides flags = {{"latency_p95", "120ms"}};
  Result<Config> config = BuildConfig(LookupIn({{"SLO_THRESHOLDS", "latency_p95=250ms"}}),
                                      TestFile(), "test.json", flags);
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->thresholds.latency_p95, milliseconds(120));
  const ThresholdOverrides expected = {{"latency_p95", "250ms"}, {"latency_p95", "120ms"}};
  EXPECT_EQ(config->overrides.thresholds, expected);
  Result<Config> bad =
      BuildConfig(LookupIn({}), TestFile(), "test.json", {{"max_error_rate", "lots"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("--threshold.max_error_rate: ", 0), 0u)
      << bad.error().message;
}

TEST(EnvironmentTest, DurationShorterThanASustainedWindowIsRefused) {
  Result<ProfileFile> file = ParseProfileFile(
      R"({"profiles": {"soak": {"duration": "60s",
                                "windowed": {"window": "10s", "sustained": "30s"}}}})",
      "test.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  Result<Config> config = BuildConfig(LookupIn({{"DURATION", "20s"}}), *file, "test.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message,
            "DURATION=20s applied to profiles.soak.windowed: a breach sustained for 30s cannot "
            "happen in a run of 20s; make \"sustained\" at most the profile's duration");
}

TEST(EnvironmentTest, DurationOverrideKeepsBurstWindowsInPlace) {
  Result<Config> config = Build({{"DURATION", "20s"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const LoadProfile* burst = config->FindProfile("burst");
  ASSERT_NE(burst, nullptr);
  ASSERT_EQ(burst->bursts.size(), 1u);
  EXPECT_EQ(burst->bursts[0].start, seconds(5));   // 10 s of 40 s -> 5 s of 20 s
  EXPECT_EQ(burst->bursts[0].length, seconds(2));  // 4 s of 40 s -> 2 s of 20 s
  EXPECT_EQ(burst->bursts[0].rps, 100);
}

TEST(EnvironmentTest, DurationOverrideKeepsAFixedBurstPeriod) {
  // A third of 10 s does not round evenly to nanoseconds; the windows must still repeat with
  // one period or the engine could not run them.
  Result<ProfileFile> file = ParseProfileFile(R"({"profiles": {"b": {
      "schedule": "burst", "rps": 5, "duration": 30,
      "bursts": [{"start": 0, "length": 1, "rps": 50}, {"start": 10, "length": 1, "rps": 50},
                 {"start": 20, "length": 1, "rps": 50}]}}})",
                                              "b.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  Result<Config> config = BuildConfig(LookupIn({{"DURATION", "10"}}), *file, "b.json");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const std::vector<BurstWindow>& bursts = config->profiles[0].bursts;
  ASSERT_EQ(bursts.size(), 3u);
  EXPECT_EQ(bursts[1].start - bursts[0].start, bursts[2].start - bursts[1].start);
}

TEST(EnvironmentTest, EmptyVariablesCountAsUnset) {
  Result<Config> config = Build({{"RPS", ""}, {"TARGET_PATH", ""}, {"SLO_ENV", ""}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->profiles[0].rps, 5);
  EXPECT_EQ(config->target.path, "/v1/session/message");
}

struct BadEnvCase {
  std::string name;
  Env env;
  std::string message;
};

class EnvironmentErrorTest : public testing::TestWithParam<BadEnvCase> {};

TEST_P(EnvironmentErrorTest, NamesTheVariable) {
  Result<Config> config = Build(GetParam().env);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "bad_env");
  EXPECT_EQ(config.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EnvironmentErrorTest,
    testing::Values(
        BadEnvCase{"RateIsAWord",
                   {{"RPS", "fast"}},
                   "RPS: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, 1.5k; "
                   "shard higher rates "
                   "over several processes), got \"fast\""},
        BadEnvCase{"RateIsNegative",
                   {{"RPS", "-5"}},
                   "RPS: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, 1.5k; "
                   "shard higher rates "
                   "over several processes), got \"-5\""},
        BadEnvCase{"DurationIsZero",
                   {{"DURATION", "0"}},
                   "DURATION: expected a duration > 0 and <= 1000000s (seconds, or e.g. 90s, 2m), "
                   "got \"0\""},
        BadEnvCase{"DurationHasGarbage",
                   {{"DURATION", "15 seconds"}},
                   "DURATION: expected a duration > 0 and <= 1000000s (seconds, or e.g. 90s, 2m), "
                   "got \"15 "
                   "seconds\""},
        BadEnvCase{"ConfidenceIsAPercentage",
                   {{"SLO_CONFIDENCE", "95"}},
                   "SLO_CONFIDENCE: expected a confidence level from 0.5 to 0.9999 (e.g. 0.95) or "
                   "\"none\" for point estimates, got \"95\""},
        BadEnvCase{"ConfidenceBelowOneHalf",
                   {{"SLO_CONFIDENCE", "0.3"}},
                   "SLO_CONFIDENCE: expected a confidence level from 0.5 to 0.9999 (e.g. 0.95) or "
                   "\"none\" for point estimates, got \"0.3\""},
        BadEnvCase{"ConcurrencyIsFractional",
                   {{"CONCURRENCY", "2.5"}},
                   "CONCURRENCY: expected a whole number from 1 to 100000, got \"2.5\""},
        BadEnvCase{"ConcurrencyIsZero",
                   {{"CONCURRENCY", "0"}},
                   "CONCURRENCY: expected a whole number from 1 to 100000, got \"0\""},
        BadEnvCase{"UnknownEnvironment",
                   {{"SLO_ENV", "production"}},
                   "SLO_ENV: unknown environment \"production\" (expected one of: local, dev, "
                   "staging, prod)"},
        BadEnvCase{"TargetWithoutScheme",
                   {{"TARGET_URL", "gw:8010"}},
                   "TARGET_URL: expected an http:// or https:// URL with a host, got \"gw:8010\""},
        BadEnvCase{"TargetWithPath",
                   {{"TARGET_URL", "http://gw:8010/v1/session/message"}},
                   "TARGET_URL: expected scheme://host[:port] without a path (put the path in "
                   "TARGET_PATH), got \"http://gw:8010/v1/session/message\""},
        BadEnvCase{"TargetPathLooksLikeShellPath",
                   {{"TARGET_PATH", "usr/bin:/bin"}},
                   "TARGET_PATH: expected a request path starting with '/' (e.g. "
                   "/v1/session/message), got \"usr/bin:/bin\"; note: PATH is the shell's search "
                   "path and is never read as the request path"},
        BadEnvCase{"EmptyMetricsEntry",
                   {{"METRICS_URLS", "http://a:9400/metrics,,http://b/"}},
                   "METRICS_URLS: entry 2 is empty (expected comma-separated URLs)"},
        BadEnvCase{"MetricsEntryWithoutScheme",
                   {{"METRICS_URLS", "http://a:9400/metrics,b:9412"}},
                   "METRICS_URLS: expected an http:// or https:// URL with a host, got \"b:9412\""},
        BadEnvCase{"HealthWithoutHost",
                   {{"HEALTH_URL", "http:///v1/health"}},
                   "HEALTH_URL: expected an http:// or https:// URL with a host, got "
                   "\"http:///v1/health\""},
        BadEnvCase{"PrometheusWithMetricsUrls",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"METRICS_URLS", "http://gw:9400/metrics"},
                    {"PROMETHEUS_URL", "http://prom:9090"}},
                   "PROMETHEUS_URL: and METRICS_URLS are both set; a run reads its metrics from "
                   "one source, since a metric read from both would be counted twice. Unset "
                   "METRICS_URLS and add every component (gateway, replicator) to Prometheus's "
                   "scrape config instead"},
        BadEnvCase{"PrometheusWithTheBundledGateway",
                   {{"PROMETHEUS_URL", "http://prom:9090"}},
                   "PROMETHEUS_URL: needs TARGET_URL: without it the suite starts the bundled "
                   "reference gateway, which no Prometheus server scrapes; set TARGET_URL to the "
                   "gateway Prometheus scrapes, or unset PROMETHEUS_URL"},
        BadEnvCase{"PrometheusWithoutScheme",
                   {{"TARGET_URL", "http://gw:8010"}, {"PROMETHEUS_URL", "prom:9090"}},
                   "PROMETHEUS_URL: expected an http:// or https:// URL with a host, got "
                   "\"prom:9090\""},
        BadEnvCase{
            "PrometheusUrlWithUserInformation",
            {{"TARGET_URL", "http://gw:8010"}, {"PROMETHEUS_URL", "http://admin:s3cr3t@prom:9090"}},
            "PROMETHEUS_URL: URL holds user information (user:password@host), which every "
            "report would print (URL not shown); give credentials as a bearer token "
            "instead"},
        BadEnvCase{
            "PrometheusUrlWithQueryString",
            {{"TARGET_URL", "http://gw:8010"}, {"PROMETHEUS_URL", "http://prom:9090/prom?x=1"}},
            "PROMETHEUS_URL: must not hold a query string or fragment ('?' or '#'): the "
            "API paths are appended to it; give the server's base URL, e.g. "
            "http://prometheus:9090 or https://host/prometheus"},
        BadEnvCase{"SelectorMatchingOnName",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROM_SELECTOR", R"({__name__="up"})"}},
                   "PROM_SELECTOR: matches on __name__, but every query names its own metric "
                   "family (a __name__ matcher would leave every one empty); give only the "
                   "label matchers (e.g. {namespace=\"staging\",job=\"gateway\"})"},
        BadEnvCase{"SelectorWithMetricName",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROM_SELECTOR", R"(up{job="gateway"})"}},
                   "PROM_SELECTOR: names the metric \"up\", but every query names its own metric "
                   "family; give only the label matchers (e.g. "
                   "{namespace=\"staging\",job=\"gateway\"})"},
        BadEnvCase{
            "SelectorThatDoesNotParse",
            {{"TARGET_URL", "http://gw:8010"},
             {"PROMETHEUS_URL", "http://prom:9090"},
             {"PROM_SELECTOR", "namespace=staging"}},
            "PROM_SELECTOR: expected label matchers in braces (e.g. "
            "{namespace=\"staging\",job=\"gateway\"}), got \"namespace=staging\": at column 10, "
            "unexpected text after the selector"},
        BadEnvCase{"SelectorWithoutPrometheusUrl",
                   {{"PROM_SELECTOR", R"({job="gateway"})"}},
                   "PROM_SELECTOR: is set but PROMETHEUS_URL is not; set PROMETHEUS_URL to read "
                   "the metrics from Prometheus, or unset PROM_SELECTOR"},
        BadEnvCase{"MaxWaitUnderASecond",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROMETHEUS_MAX_WAIT", "500ms"}},
                   "PROMETHEUS_MAX_WAIT: expected a duration from 1s to 1h (e.g. 90s, 5m; several "
                   "scrape intervals of the Prometheus server), got \"500ms\""},
        BadEnvCase{"MaxWaitOverAnHour",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROMETHEUS_MAX_WAIT", "61m"}},
                   "PROMETHEUS_MAX_WAIT: expected a duration from 1s to 1h (e.g. 90s, 5m; several "
                   "scrape intervals of the Prometheus server), got \"61m\""},
        BadEnvCase{"UserWithoutPassword",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROMETHEUS_USER", "gate"}},
                   "PROMETHEUS_USER: basic authentication needs both PROMETHEUS_USER and "
                   "PROMETHEUS_PASSWORD; set the other one, or unset both"},
        BadEnvCase{"PasswordWithoutUser",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROMETHEUS_PASSWORD", "long-enough-password"}},
                   "PROMETHEUS_PASSWORD: basic authentication needs both PROMETHEUS_USER and "
                   "PROMETHEUS_PASSWORD; set the other one, or unset both"},
        BadEnvCase{"UserWithColon",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROMETHEUS_USER", "gate:keeper"},
                    {"PROMETHEUS_PASSWORD", "long-enough-password"}},
                   "PROMETHEUS_USER: contains ':', which basic authentication cannot carry in a "
                   "user name"},
        BadEnvCase{"BearerAndBasicTogether",
                   {{"TARGET_URL", "http://gw:8010"},
                    {"PROMETHEUS_URL", "http://prom:9090"},
                    {"PROMETHEUS_BEARER_TOKEN", "long-enough-token"},
                    {"PROMETHEUS_USER", "gate"},
                    {"PROMETHEUS_PASSWORD", "long-enough-password"}},
                   "PROMETHEUS_BEARER_TOKEN: and PROMETHEUS_USER/PROMETHEUS_PASSWORD are both "
                   "set; a request carries one Authorization header, so give either the bearer "
                   "token or basic authentication"},
        BadEnvCase{"AuditWithoutPlaceholder",
                   {{"AUDIT_URL_TEMPLATE", "http://gw:8010/v1/admin/memory/"}},
                   "AUDIT_URL_TEMPLATE: must contain {event_id} (e.g. "
                   "http://host:8010/v1/admin/memory/{event_id}), got "
                   "\"http://gw:8010/v1/admin/memory/\""}),
    [](const testing::TestParamInfo<BadEnvCase>& param_info) { return param_info.param.name; });

TEST(EnvironmentTest, BadJwtErrorNeverShowsTheToken) {
  Result<Config> config = Build({{"JWT", "Bearer s3cr3t-token"}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "bad_env");
  EXPECT_EQ(config.error().message.rfind("JWT: ", 0), 0u);
  EXPECT_EQ(config.error().message.find("s3cr3t"), std::string::npos);
}

TEST(EnvironmentTest, JwtThatNoHeaderCanCarryIsRefusedWithoutShowingIt) {
  for (const std::string& jwt :
       {std::string("s3cr3t\ttoken"), std::string("s3cr3t\x01token"), std::string("s3cr3t")}) {
    Result<Config> config = Build({{"JWT", jwt}});
    ASSERT_FALSE(config.ok()) << jwt;
    EXPECT_EQ(config.error().code, "bad_env");
    EXPECT_EQ(config.error().message.rfind("JWT: the credential ", 0), 0u)
        << config.error().message;
    EXPECT_NE(config.error().message.find("(value not shown)"), std::string::npos);
    EXPECT_EQ(config.error().message.find("s3cr3t"), std::string::npos);
  }
}

TEST(EnvironmentTest, LoadConfigRegistersTheJwtForRedaction) {
  secrets::ClearForTesting();
  Result<Config> config =
      LoadConfig(LookupIn({{"SLO_PROFILES", SLOGATE_SOURCE_DIR "/fixtures/profiles/default.json"},
                           {"JWT", "tok-Zq93-config"}}));
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(secrets::Redact("id tok-Zq93-config"), "id [redacted]");
  secrets::ClearForTesting();
}

TEST(EnvironmentTest, ReadsThePrometheusSource) {
  Result<Config> config = Build({{"TARGET_URL", "http://gw:8010"},
                                 {"PROMETHEUS_URL", "https://prom.example/prometheus/"},
                                 {"PROM_SELECTOR", R"({namespace="staging",job=~"gate.*"})"},
                                 {"PROMETHEUS_USER", "gate"},
                                 {"PROMETHEUS_PASSWORD", "long-enough-password"},
                                 {"PROMETHEUS_MAX_WAIT", "5m"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const PrometheusSource& source = config->prometheus;
  EXPECT_TRUE(source.enabled());
  EXPECT_EQ(source.url, "https://prom.example/prometheus");
  EXPECT_EQ(source.selector, R"({namespace="staging",job=~"gate.*"})");
  EXPECT_EQ(source.basic_user, "gate");
  EXPECT_EQ(source.basic_password, "long-enough-password");
  EXPECT_EQ(source.bearer_token, "");
  EXPECT_EQ(source.max_wait, std::chrono::minutes(5));
}

TEST(EnvironmentTest, PrometheusDefaultsToNoSelectorAndTwoMinutes) {
  Result<Config> config = Build({{"TARGET_URL", "http://gw:8010"},
                                 {"PROMETHEUS_URL", "http://prom:9090"},
                                 {"PROMETHEUS_BEARER_TOKEN", "long-enough-token"}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->prometheus.selector, "");
  EXPECT_EQ(config->prometheus.bearer_token, "long-enough-token");
  EXPECT_EQ(config->prometheus.max_wait, std::chrono::minutes(2));
  EXPECT_FALSE(Build({})->prometheus.enabled());
}

TEST(EnvironmentTest, BadPrometheusCredentialsAreRefusedWithoutShowingThem) {
  for (const std::string variable : {"PROMETHEUS_BEARER_TOKEN", "PROMETHEUS_PASSWORD"}) {
    Result<Config> config = Build({{"TARGET_URL", "http://gw:8010"},
                                   {"PROMETHEUS_URL", "http://prom:9090"},
                                   {"PROMETHEUS_USER", "gate"},
                                   {variable, "s3cr3t tok"}});
    ASSERT_FALSE(config.ok()) << variable;
    EXPECT_EQ(config.error().code, "bad_env");
    EXPECT_EQ(config.error().message.rfind(variable + ": the credential ", 0), 0u)
        << config.error().message;
    EXPECT_EQ(config.error().message.find("s3cr3t"), std::string::npos);
  }
}

TEST(EnvironmentTest, LoadConfigRegistersThePrometheusCredentialsForRedaction) {
  const std::vector<Env> credentials = {
      {{"PROMETHEUS_USER", "gate"}, {"PROMETHEUS_PASSWORD", "pw-Zq93-config"}},
      {{"PROMETHEUS_BEARER_TOKEN", "tok-Zq93-prom"}}};
  for (Env env : credentials) {
    const std::string secret = env.count("PROMETHEUS_PASSWORD") ? env.at("PROMETHEUS_PASSWORD")
                                                                : env.at("PROMETHEUS_BEARER_TOKEN");
    env.insert({{"SLO_PROFILES", SLOGATE_SOURCE_DIR "/fixtures/profiles/default.json"},
                {"TARGET_URL", "http://gw:8010"},
                {"PROMETHEUS_URL", "http://prom:9090"}});
    secrets::ClearForTesting();
    Result<Config> config = LoadConfig(LookupIn(env));
    ASSERT_TRUE(config.ok()) << config.error().ToString();
    EXPECT_EQ(secrets::Redact("auth " + secret), "auth [redacted]") << secret;
  }
  secrets::ClearForTesting();
}

TEST(EnvironmentTest, LoadConfigReadsTheFileNamedBySloProfiles) {
  Result<Config> config = LoadConfig(
      LookupIn({{"SLO_PROFILES", SLOGATE_SOURCE_DIR "/fixtures/profiles/default.json"}}));
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_NE(config->FindProfile("smoke"), nullptr);
  EXPECT_EQ(config->profiles_file, SLOGATE_SOURCE_DIR "/fixtures/profiles/default.json");
}

TEST(EnvironmentTest, LoadConfigReportsAMissingFile) {
  Result<Config> config = LoadConfig(LookupIn({}), "/nonexistent/p.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "io");
}

}  // namespace
}  // namespace slogate::config
