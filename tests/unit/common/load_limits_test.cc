#include "slogate/common/load_limits.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace slogate::limits {
namespace {

// One boundary value: the text, and the message when it is refused (nullopt: accepted).
struct LimitCase {
  const char* name;
  const char* text;
  std::optional<std::string> error;
};

std::string Name(const testing::TestParamInfo<LimitCase>& param_info) {
  return param_info.param.name;
}

void PrintTo(const LimitCase& limit_case, std::ostream* out) { *out << limit_case.text; }

template <typename T>
void ExpectOutcome(const Result<T>& result, const LimitCase& limit_case) {
  if (!limit_case.error) {
    EXPECT_TRUE(result.ok()) << result.error().message;
    return;
  }
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, *limit_case.error);
}

const std::string kRps =
    "expected a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, 1.5k; shard higher rates "
    "over several processes), got ";

class RpsTest : public testing::TestWithParam<LimitCase> {};
TEST_P(RpsTest, AcceptsOnlyPositiveRatesUpToTheCap) {
  ExpectOutcome(ParseRps(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, RpsTest,
    testing::Values(LimitCase{"Zero", "0", kRps + "\"0\""},
                    LimitCase{"Negative", "-1", kRps + "\"-1\""},
                    LimitCase{"Word", "fast", kRps + "\"fast\""},
                    LimitCase{"Empty", "", kRps + "\"\""},
                    LimitCase{"Infinite", "inf", kRps + "\"inf\""},
                    LimitCase{"Tiny", "0.001", std::nullopt},
                    LimitCase{"Suffixed", "1.5k", std::nullopt},
                    LimitCase{"AtTheCap", "1M", std::nullopt},
                    LimitCase{"PastTheCap", "1000001", kRps + "\"1000001\""}),
    Name);

TEST(RpsTest, ReadsTheValue) { EXPECT_EQ(*ParseRps("1.5k"), 1500); }

const std::string kDuration = "expected a duration > 0 and <= 1000000s (seconds, or e.g. 90s, 2m), got ";

class RunDurationTest : public testing::TestWithParam<LimitCase> {};
TEST_P(RunDurationTest, AcceptsOnlyPositiveDurationsUpToTheCap) {
  ExpectOutcome(ParseRunDuration(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, RunDurationTest,
    testing::Values(LimitCase{"Zero", "0", kDuration + "\"0\""},
                    LimitCase{"ZeroWithUnit", "0s", kDuration + "\"0s\""},
                    LimitCase{"Negative", "-3", kDuration + "\"-3\""},
                    LimitCase{"Garbage", "15 seconds", kDuration + "\"15 seconds\""},
                    LimitCase{"OneNanosecond", "1ns", std::nullopt},
                    LimitCase{"BareSeconds", "15", std::nullopt},
                    LimitCase{"AtTheCap", "1000000", std::nullopt},
                    LimitCase{"PastTheCap", "1000001s", kDuration + "\"1000001s\""}),
    Name);

TEST(RunDurationTest, BareNumberIsSeconds) {
  EXPECT_EQ(*ParseRunDuration("15"), std::chrono::seconds(15));
}

const std::string kRateOrZero =
    "expected a rate >= 0 and <= 1M requests per second (e.g. 0, 5, 1.5k), got ";

class RateOrZeroTest : public testing::TestWithParam<LimitCase> {};
TEST_P(RateOrZeroTest, AcceptsZeroUpToTheCap) {
  ExpectOutcome(ParseRateOrZero(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, RateOrZeroTest,
    testing::Values(LimitCase{"Zero", "0", std::nullopt},
                    LimitCase{"AtTheCap", "1M", std::nullopt},
                    LimitCase{"PastTheCap", "1.000001M", kRateOrZero + "\"1.000001M\""},
                    LimitCase{"WouldOverflowTheCounts", "1e20", kRateOrZero + "\"1e20\""},
                    LimitCase{"Negative", "-1", kRateOrZero + "\"-1\""}),
    Name);

const std::string kWait =
    "expected a duration > 0 and <= 10m (seconds, or e.g. 500ms, 30s, 2m), got ";

class WaitTest : public testing::TestWithParam<LimitCase> {};
TEST_P(WaitTest, AcceptsPositiveWaitsUpToTenMinutes) {
  ExpectOutcome(ParseWait(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, WaitTest,
    testing::Values(LimitCase{"Zero", "0", kWait + "\"0\""},
                    LimitCase{"OneMillisecond", "1ms", std::nullopt},
                    LimitCase{"AtTheCap", "10m", std::nullopt},
                    LimitCase{"PastTheCap", "601", kWait + "\"601\""},
                    LimitCase{"PastNanosecondRange", "1e12s", kWait + "\"1e12s\""},
                    LimitCase{"HugeHours", "1000000h", kWait + "\"1000000h\""}),
    Name);

TEST(WaitTest, ReadsTheValue) { EXPECT_EQ(*ParseWait("1.5s"), std::chrono::milliseconds(1500)); }

const std::string kOffset =
    "expected a duration >= 0 and <= 1000000s (seconds, or e.g. 90s, 2m), got ";

class RunOffsetTest : public testing::TestWithParam<LimitCase> {};
TEST_P(RunOffsetTest, AcceptsZeroUpToTheLongestRun) {
  ExpectOutcome(ParseRunOffset(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, RunOffsetTest,
    testing::Values(LimitCase{"Zero", "0", std::nullopt},
                    LimitCase{"AtTheCap", "1000000s", std::nullopt},
                    LimitCase{"PastTheCap", "300h", kOffset + "\"300h\""},
                    LimitCase{"Negative", "-1s", kOffset + "\"-1s\""}),
    Name);

const std::string kConcurrency = "expected a whole number from 1 to 100000, got ";

class ConcurrencyTest : public testing::TestWithParam<LimitCase> {};
TEST_P(ConcurrencyTest, AcceptsWholeNumbersFromOneToTheCap) {
  ExpectOutcome(ParseConcurrency(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, ConcurrencyTest,
    testing::Values(LimitCase{"Zero", "0", kConcurrency + "\"0\""},
                    LimitCase{"One", "1", std::nullopt},
                    LimitCase{"Fraction", "2.5", kConcurrency + "\"2.5\""},
                    LimitCase{"Negative", "-1", kConcurrency + "\"-1\""},
                    LimitCase{"AtTheCap", "100k", std::nullopt},
                    LimitCase{"PastTheCap", "100001", kConcurrency + "\"100001\""}),
    Name);

const std::string kNoHost = "expected an http:// or https:// URL with a host, got ";
const std::string kBadPort = "expected a port from 1 to 65535 after the host, got ";
const std::string kWithPath =
    "expected scheme://host[:port] without a path (put the path in TARGET_PATH), got ";

class BaseUrlTest : public testing::TestWithParam<LimitCase> {};
TEST_P(BaseUrlTest, AcceptsSchemeHostAndPortOnly) {
  const Status status = CheckBaseUrl(GetParam().text);
  ExpectOutcome(status.ok() ? Result<bool>(true) : Result<bool>(status.error()), GetParam());
}
INSTANTIATE_TEST_SUITE_P(
    Boundaries, BaseUrlTest,
    testing::Values(LimitCase{"Http", "http://gw:8010", std::nullopt},
                    LimitCase{"Https", "https://gw", std::nullopt},
                    LimitCase{"TrailingSlash", "http://gw:8010/", std::nullopt},
                    LimitCase{"Ipv6", "http://[::1]:8010", std::nullopt},
                    LimitCase{"NoScheme", "gw:8010", kNoHost + "\"gw:8010\""},
                    LimitCase{"OtherScheme", "ftp://gw", kNoHost + "\"ftp://gw\""},
                    LimitCase{"NoHost", "http:///v1", kNoHost + "\"http:///v1\""},
                    LimitCase{"OnlyPort", "http://:8010", kNoHost + "\"http://:8010\""},
                    LimitCase{"PortZero", "http://gw:0", kBadPort + "\"http://gw:0\""},
                    LimitCase{"PortOne", "http://gw:1", std::nullopt},
                    LimitCase{"PortMax", "http://gw:65535", std::nullopt},
                    LimitCase{"PortPastMax", "http://gw:65536", kBadPort + "\"http://gw:65536\""},
                    LimitCase{"PortEmpty", "http://gw:", kBadPort + "\"http://gw:\""},
                    LimitCase{"PortWord", "http://gw:http", kBadPort + "\"http://gw:http\""},
                    LimitCase{"Whitespace", "http://g w", "URL contains whitespace, got \"http://g w\""},
                    LimitCase{"ControlCharacter", "http://g\x01w",
                              "URL contains a control character, got \"http://g\\x01w\""},
                    LimitCase{"UnclosedIpv6", "http://[::1",
                              "expected an IPv6 host in brackets, like http://[::1]:8010, got "
                              "\"http://[::1\""},
                    LimitCase{"Ipv6WithoutPort", "http://[::1]", std::nullopt},
                    LimitCase{"Ipv6BadPort", "http://[::1]:0",
                              "expected a port from 1 to 65535 after the host, got "
                              "\"http://[::1]:0\""},
                    LimitCase{"BracketInHost", "http://a]b:80",
                              "expected an http:// or https:// URL with a host, got "
                              "\"http://a]b:80\""},
                    LimitCase{"WithPath", "http://gw:8010/v1", kWithPath + "\"http://gw:8010/v1\""},
                    LimitCase{"WithQuery", "http://gw?x=1", kWithPath + "\"http://gw?x=1\""}),
    Name);

TEST(HttpUrlTest, AllowsAPathButChecksThePort) {
  EXPECT_TRUE(CheckHttpUrl("http://gw:9400/metrics").ok());
  EXPECT_TRUE(CheckHttpUrl("http://gw:8010/v1/admin/memory/{event_id}").ok());
  Status bad = CheckHttpUrl("http://gw:99999/metrics");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, kBadPort + "\"http://gw:99999/metrics\"");
}

// Every report prints the URLs, so a password in one is refused, and not quoted in the error.
TEST(HttpUrlTest, RefusesUserInformationWithoutQuotingIt) {
  for (const char* url : {"http://admin:pa55word@gw:9400/metrics", "https://pa55word@gw"}) {
    Status bad = CheckHttpUrl(url);
    ASSERT_FALSE(bad.ok()) << url;
    EXPECT_NE(bad.error().message.find("user information"), std::string::npos);
    EXPECT_EQ(bad.error().message.find("pa55word"), std::string::npos);
  }
  EXPECT_TRUE(CheckHttpUrl("http://gw:8010/v1/admin/memory/user@{event_id}").ok());
}

}  // namespace
}  // namespace slogate::limits
