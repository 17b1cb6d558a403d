#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "slogate/config/loader.h"

namespace slogate::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::string_view kMinimal = R"({"profiles": {"smoke": {}}})";

TEST(ProfileFileTest, MinimalFileGetsEveryDefault) {
  Result<ProfileFile> file = ParseProfileFile(kMinimal, "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->profiles.size(), 1u);
  const LoadProfile& smoke = file->profiles[0];
  EXPECT_EQ(smoke.name, "smoke");
  EXPECT_EQ(smoke.schedule, ScheduleKind::kConstant);
  EXPECT_EQ(smoke.rps, 5);
  EXPECT_EQ(smoke.duration, seconds(15));
  EXPECT_EQ(smoke.concurrency, 20);
  ASSERT_EQ(file->endpoints.size(), 1u);
  EXPECT_EQ(file->endpoints[0].name, "write");
  EXPECT_EQ(file->endpoints[0].method, "POST");
  EXPECT_EQ(file->endpoints[0].path, "/v1/session/message");
  EXPECT_EQ(file->endpoints[0].ok_statuses, std::vector<int>{200});
  EXPECT_TRUE(file->endpoints[0].write_path);
  EXPECT_EQ(file->thresholds.at(Environment::kDev).latency_p95, milliseconds(300));
  EXPECT_EQ(file->thresholds.at(Environment::kStaging).latency_p95, milliseconds(150));
  EXPECT_EQ(file->checks.For("DlqDepth"), Requirement::kRequired);
}

TEST(ProfileFileTest, ReadsEveryProfileField) {
  constexpr std::string_view kText = R"({
    "profiles": {
      "ramp": {"schedule": "ramp", "start_rps": 1, "rps": "1.5k", "duration": "2m",
               "concurrency": "1k", "endpoints": ["write"]},
      "burst": {"schedule": "burst", "rps": 0.5, "duration": 30,
                "bursts": [{"start": "10s", "length": 5, "rps": 2000},
                           {"start": "20s", "length": "5000ms", "rps": "2k"}]}
    }})";
  Result<ProfileFile> file = ParseProfileFile(kText, "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->profiles.size(), 2u);
  const LoadProfile& ramp = file->profiles[0];  // file order, not sorted
  EXPECT_EQ(ramp.name, "ramp");
  EXPECT_EQ(ramp.schedule, ScheduleKind::kRamp);
  EXPECT_EQ(ramp.start_rps, 1);
  EXPECT_EQ(ramp.rps, 1500);
  EXPECT_EQ(ramp.duration, seconds(120));
  EXPECT_EQ(ramp.concurrency, 1000);
  EXPECT_EQ(ramp.endpoints, std::vector<std::string>{"write"});
  const LoadProfile& burst = file->profiles[1];
  EXPECT_EQ(burst.rps, 0.5);
  ASSERT_EQ(burst.bursts.size(), 2u);
  EXPECT_EQ(burst.bursts[0].start, seconds(10));
  EXPECT_EQ(burst.bursts[0].length, seconds(5));
  EXPECT_EQ(burst.bursts[1].start, seconds(20));
  EXPECT_EQ(burst.bursts[1].length, milliseconds(5000));
  EXPECT_EQ(burst.bursts[1].rps, 2000);
}

TEST(ProfileFileTest, EndpointsAreAddedByConfigAlone) {
  constexpr std::string_view kText = R"({
    "profiles": {"smoke": {}},
    "endpoints": {
      "write": {},
      "export": {"method": "GET", "path": "/v1/memory/export", "ok_statuses": [200, 206]},
      "admin": {"method": "GET", "path": "/v1/admin/memory?tenant={tenant}&limit=10"},
      "custom": {"body": {"message": "{message}", "metadata": {"tenant": "{tenant}"}},
                 "write_path": true}
    }})";
  Result<ProfileFile> file = ParseProfileFile(kText, "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->endpoints.size(), 4u);
  EXPECT_TRUE(file->endpoints[0].write_path);
  const Endpoint& exported = file->endpoints[1];
  EXPECT_EQ(exported.method, "GET");
  EXPECT_EQ(exported.path, "/v1/memory/export");
  EXPECT_EQ(exported.ok_statuses, (std::vector<int>{200, 206}));
  EXPECT_FALSE(exported.write_path);
  EXPECT_EQ(file->endpoints[3].body_template,
            R"({"message":"{message}","metadata":{"tenant":"{tenant}"}})");
  EXPECT_TRUE(file->endpoints[3].write_path);
}

TEST(ProfileFileTest, ThresholdsLayerBuiltInThenDefaultThenEnvironment) {
  constexpr std::string_view kText = R"({
    "profiles": {"smoke": {}},
    "thresholds": {
      "default": {"max_error_rate": 0.01, "max_lag": "3s", "audit_all_below": "2k"},
      "staging": {"max_lag": 1.5, "latency_p95": "120ms"}
    }})";
  Result<ProfileFile> file = ParseProfileFile(kText, "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Thresholds& dev = file->thresholds.at(Environment::kDev);
  EXPECT_EQ(dev.max_error_rate, 0.01);
  EXPECT_EQ(dev.max_lag, seconds(3));
  EXPECT_EQ(dev.latency_p95, milliseconds(300));
  EXPECT_EQ(dev.audit_all_below, 2000);
  const Thresholds& staging = file->thresholds.at(Environment::kStaging);
  EXPECT_EQ(staging.max_error_rate, 0.01);
  EXPECT_EQ(staging.max_lag, milliseconds(1500));
  EXPECT_EQ(staging.latency_p95, milliseconds(120));
  EXPECT_EQ(file->thresholds.at(Environment::kProd).latency_p95, milliseconds(150));
}

TEST(ProfileFileTest, LagProbeThresholdsAreRead) {
  constexpr std::string_view kText = R"({
    "profiles": {"smoke": {}},
    "thresholds": {
      "default": {"lag_probes_per_second": 10, "lag_probe_interval": "50ms"},
      "prod": {"lag_probes_per_second": 0}
    }})";
  Result<ProfileFile> file = ParseProfileFile(kText, "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Thresholds& dev = file->thresholds.at(Environment::kDev);
  EXPECT_EQ(dev.lag_probes_per_second, 10);
  EXPECT_EQ(dev.lag_probe_interval, milliseconds(50));
  EXPECT_EQ(file->thresholds.at(Environment::kProd).lag_probes_per_second, 0);
}

TEST(ProfileFileTest, ChecksMarkSlosOptional) {
  Result<ProfileFile> file = ParseProfileFile(
      R"({"profiles": {"smoke": {}}, "checks": {"ZeroLoss": "optional", "DlqDepth": "required"}})",
      "p.json");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->checks.For("ZeroLoss"), Requirement::kOptional);
  EXPECT_EQ(file->checks.For("DlqDepth"), Requirement::kRequired);
}

TEST(ProfileFileTest, SyntaxErrorsCarryLineAndColumn) {
  Result<ProfileFile> file = ParseProfileFile("{\n  \"profiles\": {,}\n}", "broken.json");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "bad_json");
  EXPECT_EQ(file.error().line, 2);
  EXPECT_EQ(file.error().column, 16);
  EXPECT_EQ(file.error().message.rfind("broken.json:2:16: not valid JSON: syntax error", 0), 0u)
      << file.error().message;
}

TEST(ProfileFileTest, UnreadableFileSaysHowToChooseAnother) {
  Result<ProfileFile> file = ReadProfileFile("/nonexistent/profiles.json");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "io");
  EXPECT_NE(file.error().message.find("/nonexistent/profiles.json"), std::string::npos);
  EXPECT_NE(file.error().message.find("SLO_PROFILES"), std::string::npos);
}

struct BadProfileCase {
  std::string name;
  std::string json;
  std::string message;  // the whole expected message, file name included
};

class ProfileFileErrorTest : public testing::TestWithParam<BadProfileCase> {};

TEST_P(ProfileFileErrorTest, NamesTheFieldPathAndTheFile) {
  Result<ProfileFile> file = ParseProfileFile(GetParam().json, "x.json");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "bad_profile");
  EXPECT_EQ(file.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ProfileFileErrorTest,
    testing::Values(
        BadProfileCase{
            "RateIsAWord", R"({"profiles": {"smoke": {"rps": "fast"}}})",
            R"(x.json: profiles.smoke.rps: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, "1.5k"; shard higher rates over several processes), got "fast")"},
        BadProfileCase{
            "RateIsZero", R"({"profiles": {"smoke": {"rps": 0}}})",
            R"(x.json: profiles.smoke.rps: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, "1.5k"; shard higher rates over several processes), got 0)"},
        BadProfileCase{
            "NegativeDuration", R"({"profiles": {"smoke": {"duration": -1}}})",
            R"(x.json: profiles.smoke.duration: expected a duration from 0 to 1000000s (seconds, or e.g. "300ms", "15s"), got -1)"},
        BadProfileCase{"ZeroDuration", R"({"profiles": {"smoke": {"duration": "0s"}}})",
                       R"(x.json: profiles.smoke.duration: expected a duration > 0, got "0s")"},
        BadProfileCase{"FractionalConcurrency", R"({"profiles": {"smoke": {"concurrency": 2.5}}})",
                       "x.json: profiles.smoke.concurrency: expected a whole number from 1 to "
                       "100000, got 2.5"},
        BadProfileCase{
            "RateOverTheCap", R"({"profiles": {"smoke": {"rps": 1e9}}})",
            R"(x.json: profiles.smoke.rps: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, "1.5k"; shard higher rates over several processes), got 1000000000.0)"},
        BadProfileCase{
            "RateThatWouldOverflowTheCounts", R"({"profiles": {"smoke": {"rps": "1e20"}}})",
            R"(x.json: profiles.smoke.rps: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, "1.5k"; shard higher rates over several processes), got "1e20")"},
        BadProfileCase{"ConcurrencyOverTheCap",
                       R"({"profiles": {"smoke": {"concurrency": 1000000}}})",
                       "x.json: profiles.smoke.concurrency: expected a whole number from 1 to "
                       "100000, got 1000000"},
        BadProfileCase{
            "RunPastTheLongest", R"({"profiles": {"smoke": {"duration": "300h"}}})",
            R"(x.json: profiles.smoke.duration: expected a duration from 0 to 1000000s (seconds, or e.g. "300ms", "15s"), got "300h")"},
        BadProfileCase{
            "StartRateOverTheCap", R"({"profiles": {"r": {"schedule": "ramp", "start_rps": 2e6}}})",
            "x.json: profiles.r.start_rps: expected a rate >= 0 and <= 1M requests per second, "
            "got 2000000.0"},
        BadProfileCase{
            "BurstRateOverTheCap",
            R"({"profiles": {"b": {"schedule": "burst", "bursts": [{"start": 1, "length": 1, "rps": 1e19}]}}})",
            R"(x.json: profiles.b.bursts[0].rps: expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, "1.5k"; shard higher rates over several processes), got 1e+19)"},
        BadProfileCase{
            "DrainPeriodThatOverflowed",
            R"({"profiles": {"s": {}}, "thresholds": {"default": {"drain_period": "1000000h"}}})",
            R"(x.json: thresholds.default.drain_period: expected a duration from 0 to 10m (seconds, or e.g. "300ms", "15s"), got "1000000h")"},
        BadProfileCase{
            "DrainPeriodPastTenMinutes",
            R"({"profiles": {"s": {}}, "thresholds": {"dev": {"max_drain_period": "11m"}}})",
            R"(x.json: thresholds.dev.max_drain_period: expected a duration from 0 to 10m (seconds, or e.g. "300ms", "15s"), got "11m")"},
        BadProfileCase{
            "LagBoundPastAnHour",
            R"({"profiles": {"s": {}}, "thresholds": {"dev": {"max_lag": 3601}}})",
            R"(x.json: thresholds.dev.max_lag: expected a duration from 0 to 1h (seconds, or e.g. "300ms", "15s"), got 3601)"},
        BadProfileCase{"TypoInField", R"({"profiles": {"smoke": {"rsp": 5}}})",
                       "x.json: profiles.smoke.rsp: unknown field (expected one of: schedule, rps, "
                       "start_rps, duration, concurrency, bursts, endpoints, confidence, "
                       "windowed, abort_on_breach, write_through, replicator, metric_checks)"},
        BadProfileCase{"UnknownSchedule", R"({"profiles": {"smoke": {"schedule": "steady"}}})",
                       "x.json: profiles.smoke.schedule: unknown schedule \"steady\" (expected one "
                       "of: constant, ramp, burst, poisson)"},
        BadProfileCase{"NoProfiles", R"({"endpoints": {"write": {}}})",
                       "x.json: profiles: missing (declare at least one load profile)"},
        BadProfileCase{"EmptyProfiles", R"({"profiles": {}})",
                       "x.json: profiles: expected at least one load profile, got {}"},
        BadProfileCase{"BurstWithoutWindows", R"({"profiles": {"b": {"schedule": "burst"}}})",
                       "x.json: profiles.b.bursts: missing (a burst schedule needs windows)"},
        BadProfileCase{"WindowsWithoutBurst",
                       R"({"profiles": {"b": {"bursts": [{"start": 1, "length": 1, "rps": 9}]}}})",
                       "x.json: profiles.b.bursts: only a burst schedule has burst windows"},
        BadProfileCase{"BurstPastTheEnd",
                       R"({"profiles": {"b": {"schedule": "burst", "duration": 10,
                           "bursts": [{"start": 8, "length": 5, "rps": 9}]}}})",
                       "x.json: profiles.b.bursts[0]: burst window ends after the profile's "
                       "duration"},
        BadProfileCase{"OverlappingBursts",
                       R"({"profiles": {"b": {"schedule": "burst", "duration": 60,
                           "bursts": [{"start": 10, "length": 5, "rps": 9},
                                      {"start": 12, "length": 5, "rps": 9}]}}})",
                       "x.json: profiles.b.bursts[1]: burst windows must be in time order and "
                       "not overlap"},
        BadProfileCase{"BurstWindowsDiffer",
                       R"({"profiles": {"b": {"schedule": "burst", "duration": 30,
                           "bursts": [{"start": 10, "length": 5, "rps": 9},
                                      {"start": 20, "length": 2, "rps": 9}]}}})",
                       "x.json: profiles.b.bursts[1]: rps and length differ from "
                       "profiles.b.bursts[0]; the load engine repeats one burst window, so every "
                       "window must share its rps and length"},
        BadProfileCase{"BurstPeriodNotFixed",
                       R"({"profiles": {"b": {"schedule": "burst", "duration": 60,
                           "bursts": [{"start": 10, "length": 5, "rps": 9},
                                      {"start": 20, "length": 5, "rps": 9},
                                      {"start": 40, "length": 5, "rps": 9}]}}})",
                       "x.json: profiles.b.bursts[2]: starts 20s after the window before it, "
                       "not 10s; windows must repeat with a fixed period"},
        BadProfileCase{"BurstWouldRepeatBeforeTheEnd",
                       R"({"profiles": {"b": {"schedule": "burst", "duration": 40,
                           "bursts": [{"start": 10, "length": 5, "rps": 9},
                                      {"start": 20, "length": 5, "rps": 9}]}}})",
                       "x.json: profiles.b.bursts: the windows repeat every 10s, so another "
                       "would start at 30s, before the run ends at 40s; end the profile by then "
                       "or declare that window too"},
        BadProfileCase{"BurstMissingRate",
                       R"({"profiles": {"b": {"schedule": "burst",
                           "bursts": [{"start": 1, "length": 1}]}}})",
                       "x.json: profiles.b.bursts[0].rps: missing (a burst needs start, length "
                       "and rps)"},
        BadProfileCase{"StartRateOnConstant", R"({"profiles": {"s": {"start_rps": 1}}})",
                       "x.json: profiles.s.start_rps: only a ramp schedule has a start rate"},
        BadProfileCase{"UnknownEndpointInProfile",
                       R"({"profiles": {"s": {"endpoints": ["export"]}}})",
                       "x.json: profiles.s.endpoints[0]: unknown endpoint \"export\" (declare it "
                       "under \"endpoints\")"},
        BadProfileCase{"RelativeEndpointPath",
                       R"({"profiles": {"s": {}}, "endpoints": {"e": {"path": "v1/x"}}})",
                       "x.json: endpoints.e.path: expected a path starting with '/', got \"v1/x\""},
        BadProfileCase{"BadMethod",
                       R"({"profiles": {"s": {}}, "endpoints": {"e": {"method": "FETCH"}}})",
                       "x.json: endpoints.e.method: expected one of GET, POST, PUT, PATCH, DELETE, "
                       "HEAD, got \"FETCH\""},
        BadProfileCase{"BadStatus",
                       R"({"profiles": {"s": {}}, "endpoints": {"e": {"ok_statuses": [200, 99]}}})",
                       "x.json: endpoints.e.ok_statuses[1]: expected an HTTP status (100..599), "
                       "got 99"},
        BadProfileCase{"ShareOverOne",
                       R"({"profiles": {"s": {}}, "thresholds": {"dev": {"max_error_rate": 5}}})",
                       "x.json: thresholds.dev.max_error_rate: expected a share between 0 and 1 "
                       "(0.005 = 0.5%), got 5"},
        BadProfileCase{
            "TooManyLagProbes",
            R"({"profiles": {"s": {}}, "thresholds": {"dev": {"lag_probes_per_second": 250}}})",
            "x.json: thresholds.dev.lag_probes_per_second: expected at most 100 probes a second "
            "(0 turns the probes off), got 250"},
        BadProfileCase{
            "LagProbeIntervalTooShort",
            R"({"profiles": {"s": {}}, "thresholds": {"default": {"lag_probe_interval": "1ms"}}})",
            "x.json: thresholds.default.lag_probe_interval: expected a duration from 10ms to 5s, "
            "got \"1ms\""},
        BadProfileCase{
            "LagProbeIntervalTooLong",
            R"({"profiles": {"s": {}}, "thresholds": {"prod": {"lag_probe_interval": 6}}})",
            "x.json: thresholds.prod.lag_probe_interval: expected a duration from 10ms to 5s, "
            "got 6"},
        BadProfileCase{
            "SamplingIntervalUnderAMillisecond",
            R"({"profiles": {"s": {}}, "thresholds": {"default": {"sampling_interval": "500us"}}})",
            "x.json: thresholds.default.sampling_interval: expected a duration from 10ms to 60s, "
            "got 500us"},
        BadProfileCase{"UnknownEnvironmentBlock",
                       R"({"profiles": {"s": {}}, "thresholds": {"qa": {}}})",
                       "x.json: thresholds.qa: unknown field (expected one of: default, local, "
                       "dev, staging, prod)"},
        BadProfileCase{"UnknownCheck",
                       R"({"profiles": {"s": {}}, "checks": {"Latency": "optional"}})",
                       "x.json: checks.Latency: unknown SLO (expected one of: ErrorRate, "
                       "LatencyP95, WriteThroughAttempts, WriteThroughResultsOk, WalResultsOk, "
                       "ReplicationLag, DlqDepth, ZeroLoss, Reconciliation)"},
        BadProfileCase{"BadRequirement",
                       R"({"profiles": {"s": {}}, "checks": {"ZeroLoss": "maybe"}})",
                       "x.json: checks.ZeroLoss: expected \"required\" or \"optional\", got "
                       "\"maybe\""},
        BadProfileCase{"WrongSchemaVersion", R"({"schema_version": 2, "profiles": {"s": {}}})",
                       "x.json: schema_version: expected 1, got 2"},
        BadProfileCase{"TopLevelArray", R"([1, 2])",
                       "x.json: (top level): expected an object, got [1,2]"}),
    [](const testing::TestParamInfo<BadProfileCase>& param_info) { return param_info.param.name; });

TEST(ProfileFileTest, EveryRangeIncludesItsBound) {
  Result<ProfileFile> file = ParseProfileFile(
      R"({"profiles": {"s": {"rps": "1M", "concurrency": 100000, "duration": 1000000}},
          "thresholds": {"default": {"drain_period": "10m", "max_drain_period": 600,
                                     "max_lag": "1h", "lag_warmup": "1000000s"}}})",
      "x.json");
  ASSERT_TRUE(file.ok()) << file.error().message;
  const Thresholds& local = file->thresholds.at(Environment::kLocal);
  EXPECT_EQ(local.drain_period, std::chrono::minutes(10));
  EXPECT_EQ(local.max_drain_period, std::chrono::minutes(10));
  EXPECT_EQ(local.max_lag, std::chrono::hours(1));
  EXPECT_EQ(file->profiles.front().rps, 1e6);
  EXPECT_EQ(file->profiles.front().concurrency, 100000);
}

TEST(ProfileFileTest, UnknownThresholdListsTheKnownOnes) {
  Result<ProfileFile> file = ParseProfileFile(
      R"({"profiles": {"s": {}}, "thresholds": {"default": {"p95": "1s"}}})", "x.json");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().message.rfind("x.json: thresholds.default.p95: unknown threshold "
                                       "(expected one of: latency_p95, ",
                                       0),
            0u)
      << file.error().message;
}

}  // namespace
}  // namespace slogate::config
