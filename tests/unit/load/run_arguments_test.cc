#include "slogate/load/run_arguments.h"
#include "slogate/common/secrets.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace slogate::load {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

EnvironmentLookup FakeEnvironment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    const auto found = variables.find(std::string(name));
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

Result<RunArguments> Parse(std::vector<std::string_view> args,
                           std::map<std::string, std::string> variables = {}) {
  return ParseRunArguments(args, FakeEnvironment(std::move(variables)));
}

TEST(RunArgumentsTest, DefaultsAreTheUpstreamHarnesss) {
  Result<RunArguments> parsed = Parse({});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const LoadOptions& options = parsed->options;
  EXPECT_EQ(options.target_url, "http://127.0.0.1:8010");
  EXPECT_EQ(options.request.path, "/v1/session/message");
  EXPECT_EQ(options.schedule.rps, 5);
  EXPECT_EQ(options.schedule.duration, seconds(30));
  EXPECT_EQ(options.concurrency, 20);
  EXPECT_EQ(options.request.message, "ping");
  EXPECT_TRUE(parsed->out_path.empty());
}

TEST(RunArgumentsTest, ReadsTheSeedVariables) {
  Result<RunArguments> parsed = Parse({}, {{"TARGET_URL", "http://gw:8010"},
                                           {"TARGET_PATH", "/v1/sessions/message"},
                                           {"RPS", "0.5"},
                                           {"DURATION", "15"},
                                           {"CONCURRENCY", "4"},
                                           {"JWT", "hdr.body.sig"},
                                           {"TENANT", "acme"},
                                           {"PERSONA_ID", "p"},
                                           {"MESSAGE", "hi"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const LoadOptions& options = parsed->options;
  EXPECT_EQ(options.target_url, "http://gw:8010");
  EXPECT_EQ(options.request.path, "/v1/sessions/message");
  EXPECT_EQ(options.schedule.rps, 0.5);
  EXPECT_EQ(options.schedule.duration, seconds(15));
  EXPECT_EQ(options.concurrency, 4);
  EXPECT_EQ(options.request.jwt, "hdr.body.sig");
  EXPECT_EQ(options.request.tenant, "acme");
  EXPECT_EQ(options.request.persona_id, "p");
  EXPECT_EQ(options.request.message, "hi");
}

TEST(RunArgumentsTest, NeverReadsTheShellPath) {
  Result<RunArguments> parsed = Parse({}, {{"PATH", "/usr/local/bin:/usr/bin"}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->options.request.path, "/v1/session/message");
}

TEST(RunArgumentsTest, FlagsWinOverVariables) {
  Result<RunArguments> parsed =
      Parse({"--rps", "1.5k", "--duration=300ms", "--out", "r.json"}, {{"RPS", "7"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->options.schedule.rps, 1500);
  EXPECT_EQ(parsed->options.schedule.duration, milliseconds(300));
  EXPECT_EQ(parsed->out_path, "r.json");
}

TEST(RunArgumentsTest, EmptyVariablesCountAsUnset) {
  Result<RunArguments> parsed = Parse({}, {{"RPS", ""}, {"TENANT", ""}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->options.schedule.rps, 5);
}

TEST(RunArgumentsTest, BurstAndTransportFlags) {
  Result<RunArguments> parsed = Parse({"--schedule",     "burst",
                                       "--rps",          "10",
                                       "--burst-rps",    "100",
                                       "--burst-start",  "5s",
                                       "--burst-length", "2s",
                                       "--burst-every",  "10s",
                                       "--http",         "2",
                                       "--insecure",     "--header",
                                       "X-A: 1",         "--header",
                                       "X-B: 2",         "--ok-status",
                                       "200,202",        "--no-event-ids",
                                       "--threads",      "2",
                                       "--timeout",      "2s"});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const LoadOptions& options = parsed->options;
  EXPECT_EQ(options.schedule.kind, ScheduleKind::kBurst);
  EXPECT_EQ(options.schedule.burst.rps, 100);
  EXPECT_EQ(options.schedule.burst.start, seconds(5));
  EXPECT_EQ(options.schedule.burst.length, seconds(2));
  EXPECT_EQ(options.schedule.burst.every, seconds(10));
  EXPECT_EQ(options.http_version, HttpVersion::kHttp2);
  EXPECT_TRUE(options.tls.insecure);
  EXPECT_EQ(options.request.headers, (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
  EXPECT_EQ(options.ok_statuses, (std::set<int>{200, 202}));
  EXPECT_FALSE(options.capture_event_ids);
  EXPECT_EQ(options.threads, 2);
  EXPECT_EQ(options.request_timeout, seconds(2));
}

TEST(RunArgumentsTest, TransportIsAutoUnlessNamed) {
  Result<RunArguments> defaults = Parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->options.transport, TransportChoice::kAuto);
  EXPECT_EQ(ResolvedTransport(defaults->options), TransportChoice::kHttp1);
  for (const auto& [flag, choice] : std::vector<std::pair<std::string_view, TransportChoice>>{
           {"auto", TransportChoice::kAuto},
           {"http1", TransportChoice::kHttp1},
           {"curl", TransportChoice::kCurl}}) {
    Result<RunArguments> parsed = Parse({"--transport", flag});
    ASSERT_TRUE(parsed.ok()) << flag;
    EXPECT_EQ(parsed->options.transport, choice) << flag;
  }
  // HTTP/2 goes through libcurl: auto picks it.
  Result<RunArguments> http2 = Parse({"--http", "2"});
  ASSERT_TRUE(http2.ok());
  EXPECT_EQ(ResolvedTransport(http2->options), TransportChoice::kCurl);
}

TEST(RunArgumentsTest, SpinIsOffUnlessGiven) {
  Result<RunArguments> defaults = Parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->options.spin, std::chrono::nanoseconds(0));
  Result<RunArguments> parsed = Parse({"--spin", "50us"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->options.spin, std::chrono::microseconds(50));
  Result<RunArguments> longest = Parse({"--spin=10ms"});
  ASSERT_TRUE(longest.ok());
  EXPECT_EQ(longest->options.spin, kMaxSpin);
}

TEST(RunArgumentsTest, HelpStopsParsing) {
  Result<RunArguments> parsed = Parse({"--rps", "nonsense", "--help"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->outcome, options::Outcome::kHelp);
  EXPECT_NE(RunUsage().find("TARGET_PATH"), std::string::npos);
  EXPECT_NE(RunUsage().find("PATH is the shell's search path"), std::string::npos);
}

struct BadCase {
  const char* name;
  std::vector<std::string_view> args;
  std::map<std::string, std::string> variables;
  const char* message_part;
};

class RunArgumentsRejectsTest : public testing::TestWithParam<BadCase> {};

TEST_P(RunArgumentsRejectsTest, NamesTheVariableOrFlag) {
  Result<RunArguments> parsed = Parse(GetParam().args, GetParam().variables);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find(GetParam().message_part), std::string::npos)
      << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RunArgumentsRejectsTest,
    testing::Values(
        BadCase{"RpsNotANumber", {}, {{"RPS", "fast"}}, "RPS: expected a rate > 0"},
        BadCase{"RpsZero", {"--rps=0"}, {}, "--rps: expected a rate > 0 and <= 1M"},
        BadCase{"NegativeDuration", {}, {{"DURATION", "-3"}}, "DURATION: expected a duration > 0"},
        BadCase{"ZeroConcurrency",
                {"--concurrency", "0"},
                {},
                "--concurrency: expected a whole number from 1 to 100000, got \"0\""},
        BadCase{"UrlPortOutOfRange", {}, {{"TARGET_URL", "http://h:0"}}, "port from 1"},
        BadCase{"PositionalArgument", {"now"}, {}, "unexpected argument \"now\""},
        BadCase{"SwitchWithValue", {"--insecure=yes"}, {}, "takes no value"},
        BadCase{"FractionalConcurrency", {}, {{"CONCURRENCY", "2.5"}}, "CONCURRENCY"},
        BadCase{"RelativePath", {}, {{"TARGET_PATH", "v1/x"}}, "PATH is the shell's"},
        BadCase{"UrlWithPath", {}, {{"TARGET_URL", "http://h:1/v1"}}, "TARGET_PATH"},
        BadCase{"UnknownFlag", {"--rate", "5"}, {}, "--rate"},
        BadCase{"PathFlagHint", {"--path", "/x"}, {}, "did you mean --target-path?"},
        BadCase{"MissingValue", {"--rps"}, {}, "--rps needs a value"},
        BadCase{"BadSchedule", {"--schedule", "steady"}, {}, "steady"},
        BadCase{"BadHttpVersion", {"--http", "3"}, {}, "1.1 or 2"},
        BadCase{"BadTransport", {"--transport", "h2"}, {}, "auto, http1 or curl"},
        BadCase{"Http1TransportWithHttp2",
                {"--transport", "http1", "--http", "2"},
                {},
                "HTTP/1.1 only"},
        BadCase{"SpinPastTheCap", {"--spin", "11ms"}, {}, "--spin: \"11ms\" must be a duration"},
        BadCase{"NegativeSpin", {"--spin", "-1us"}, {}, ">= 0 and <= 10ms"},
        BadCase{"SpinNotADuration", {"--spin", "fast"}, {}, "\"fast\" must be a duration"},
        BadCase{"BadOkStatus", {"--ok-status", "200,abc"}, {}, "--ok-status"},
        BadCase{
            "BurstWithoutLength", {"--schedule", "burst", "--burst-rps", "9"}, {}, "burst length"},
        BadCase{
            "RpsThatWouldOverflow", {}, {{"RPS", "1e20"}}, "RPS: expected a rate > 0 and <= 1M"},
        BadCase{"RampStartOverTheCap",
                {"--schedule", "ramp", "--ramp-from", "1e20"},
                {},
                "--ramp-from: expected a rate >= 0 and <= 1M requests per second"},
        BadCase{"BurstRateOverTheCap",
                {"--burst-rps", "2M"},
                {},
                "--burst-rps: expected a rate >= 0 and <= 1M requests per second"},
        BadCase{"TimeoutThatWouldOverflow",
                {"--timeout", "1e12s"},
                {},
                "--timeout: expected a duration > 0 and <= 10m"},
        BadCase{"DrainPastTenMinutes",
                {"--drain-timeout", "11m"},
                {},
                "--drain-timeout: expected a duration > 0 and <= 10m"},
        BadCase{"BurstStartPastTheLongestRun",
                {"--burst-start", "1000000h"},
                {},
                "--burst-start: expected a duration >= 0 and <= 1000000s"},
        BadCase{"JwtWithATab",
                {},
                {{"JWT", "abcd\tefgh"}},
                "JWT: the credential contains whitespace at byte 5 (value not shown)"},
        BadCase{"JwtWithAControlCharacter",
                {},
                {{"JWT",
                  "abcd\x01"
                  "efgh"}},
                "JWT: the credential contains a control character at byte 5"},
        BadCase{"JwtTooShort",
                {"--jwt", "abc"},
                {},
                "--jwt: the credential is 3 bytes long (value not shown); a "
                "credential must have at least 8 bytes"},
        BadCase{"CredentialHeaderWithAControlCharacter",
                {"--header",
                 "X-Api-Key: abcd\x7f"
                 "efgh"},
                {},
                "header \"X-Api-Key\": the credential contains a control character"},
        BadCase{"ShardWithoutACount",
                {"--shard", "2"},
                {},
                "--shard: \"2\" is not a share: expected I/N"},
        BadCase{"ShardIndexPastTheCount", {"--shard=3/3"}, {}, "is not a share"},
        BadCase{"ShardCountZero", {"--shard=0/0"}, {}, "is not a share"},
        BadCase{"ShardCountPastTheLimit", {"--shard=0/10001"}, {}, "N up to 10000"},
        BadCase{"ShardFromAJobOutsideOne",
                {"--shard=job/4"},
                {},
                "--shard=job/4 needs JOB_COMPLETION_INDEX, which Kubernetes sets"},
        BadCase{"ShardFromAJobOfOtherCompletions",
                {"--shard=job/4"},
                {{"JOB_COMPLETION_INDEX", "4"}},
                "JOB_COMPLETION_INDEX \"4\" is not a share of 4 (0..3): the Job's "
                "completions and --shard's N must be the same"},
        BadCase{"ShardWithASign", {"--shard=+1/3"}, {}, "is not a share"},
        BadCase{"ShardWithASuffix", {"--shard=1/3k"}, {}, "is not a share"},
        BadCase{"ShardWithAFraction", {"--shard=1.0/3"}, {}, "is not a share"},
        BadCase{"ShardFromAnEmptyJobIndex",
                {"--shard=job/4"},
                {{"JOB_COMPLETION_INDEX", ""}},
                "needs JOB_COMPLETION_INDEX"},
        BadCase{"ShardFromAJobIndexThatIsNoNumber",
                {"--shard=job/4"},
                {{"JOB_COMPLETION_INDEX", "abc"}},
                "JOB_COMPLETION_INDEX \"abc\" is not a whole number"},
        BadCase{"StartAtALocalTime",
                {"--start-at", "2026-12-06T22:30:00"},
                {},
                "--start-at: \"2026-12-06T22:30:00\" is not a time"},
        BadCase{"HeaderWithAControlCharacter",
                {"--header",
                 "X-Note: a\x01"
                 "b"},
                {},
                "contains a control character, which an HTTP header cannot carry"}),
    [](const testing::TestParamInfo<BadCase>& param_info) { return param_info.param.name; });

TEST(RunArgumentsTest, AShareAndAStartTime) {
  Result<RunArguments> parsed = Parse({"--shard", "2/5", "--start-at", "@1790000000"});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->options.shard, (ShardSpec{2, 5}));
  ASSERT_TRUE(parsed->options.start_at.has_value());
  EXPECT_EQ(parsed->options.start_at->time_since_epoch(),
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::seconds(1'790'000'000)));
  // An Indexed Job's pod: the index from Kubernetes, the count from the flag.
  parsed = Parse({"--shard=job/4"}, {{"JOB_COMPLETION_INDEX", "3"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->options.shard, (ShardSpec{3, 4}));
  // Without --shard, the whole schedule.
  EXPECT_EQ(Parse({}).value().options.shard, (ShardSpec{0, 1}));
}

TEST(RunArgumentsTest, VersionStopsParsing) {
  Result<RunArguments> parsed = Parse({"--version", "--rps", "0"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->outcome, options::Outcome::kVersion);
}

TEST(RunArgumentsTest, UsageListsEveryFlag) {
  const std::string usage = RunUsage();
  for (const char* flag : {"--target-url URL  [TARGET_URL]", "--rps RATE  [RPS]", "--out FILE",
                           "--no-event-ids", "--header", "--version"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

TEST(RunArgumentsTest, CredentialsAreRegisteredForRedaction) {
  secrets::ClearForTesting();
  Result<RunArguments> parsed =
      Parse({"--header", "Authorization: Basic dXNlcjpwYXNz", "--header", "X-Trace: visible-1"},
            {{"JWT", "tok-Zq93-run-args"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(secrets::Redact("a tok-Zq93-run-args b dXNlcjpwYXNz c visible-1"),
            "a [redacted] b [redacted] c visible-1");
  secrets::ClearForTesting();
}

TEST(RunArgumentsTest, ErrorsNeverEchoTheJwt) {
  Result<RunArguments> parsed = Parse({}, {{"JWT", "top secret"}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace slogate::load
