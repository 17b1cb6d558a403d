#include "slogate/common/wall_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace slogate::wall_time {
namespace {

using std::chrono::system_clock;

system_clock::time_point UnixNanoseconds(long long nanos) {
  return system_clock::time_point(
      std::chrono::duration_cast<system_clock::duration>(std::chrono::nanoseconds(nanos)));
}

TEST(WallTimeTest, FormatsInUtc) {
  EXPECT_EQ(FormatUtc(UnixNanoseconds(1'790'000'000'000'000'000)), "2026-09-21T14:13:20Z");
  EXPECT_EQ(FormatUtcMillis(UnixNanoseconds(1'790'000'000'500'999'999)),
            "2026-09-21T14:13:20.500Z");
}

TEST(WallTimeTest, ReadsRfc3339InUtcAndUnixSeconds) {
  EXPECT_EQ(ParseUtc("2026-09-21T14:13:20Z").value(), UnixNanoseconds(1'790'000'000'000'000'000));
  EXPECT_EQ(ParseUtc("2026-09-21t14:13:20.25z").value(),
            UnixNanoseconds(1'790'000'000'250'000'000));
  EXPECT_EQ(ParseUtc("2026-09-21T14:13:20.123456789Z").value(),
            UnixNanoseconds(1'790'000'000'123'456'789));
  EXPECT_EQ(ParseUtc("@1790000000").value(), UnixNanoseconds(1'790'000'000'000'000'000));
  EXPECT_EQ(ParseUtc("@1790000000.5").value(), UnixNanoseconds(1'790'000'000'500'000'000));
  // Read exactly, not through a double (which would lose a fraction of a microsecond today).
  EXPECT_EQ(ParseUtc("@1796594400.123").value(), UnixNanoseconds(1'796'594'400'123'000'000));
  EXPECT_EQ(ParseUtc("2024-02-29T00:00:00Z").value(), UnixNanoseconds(1'709'164'800'000'000'000));
  // What it prints, it reads.
  const system_clock::time_point at = UnixNanoseconds(1'790'000'000'125'000'000);
  EXPECT_EQ(ParseUtc(FormatUtcMillis(at)).value(), at);
}

TEST(WallTimeTest, RefusesWhatIsNotAUtcTimeSayingWhatIsAccepted) {
  for (const std::string& bad : std::vector<std::string>{"", "now", "2026-09-21 14:13:20Z", "2026-09-21T14:13:20", "2026-09-21T14:13:20+02:00",
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-09-21T24:00:00Z",
        "2026-09-21T14:60:00Z", "1969-12-31T23:59:59Z", "2026-09-21T14:13:20.Z",
        "2026-09-21T14:13:20.1234567890Z", "2026-09-21T14:13:20ZZ", "@", "@-1", "@1e300",
        "@nan", "@12abc", "@1e10", "@1e3", "@+5", "@ 5", "@.5", "@5.", "@1.1234567891", "@17965944000", "2263-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", std::string("2026-09-21T14:13:20\0Z", 21)}) {
    const auto parsed = ParseUtc(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "bad_time");
    EXPECT_NE(parsed.error().message.find("expected UTC as 2026-12-06T22:30:00Z"),
              std::string::npos)
        << parsed.error().message;
  }
}

}  // namespace
}  // namespace slogate::wall_time
