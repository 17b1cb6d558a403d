#include "slogate/scrape/clock_offset.h"

#include <gtest/gtest.h>

namespace slogate::scrape {
namespace {

using std::chrono::milliseconds;

const WallTime kAsked = WallTime(std::chrono::seconds(1700000000));

TEST(ClockOffsetTest, TheOffsetIsFromTheMidpointOfTheRoundTrip) {
  // Asked at 0, answered at 40 ms; Prometheus said 1.520 s: 1.5 s ahead, ±(20 + 1) ms.
  const ClockOffset clock =
      OffsetFrom(kAsked, kAsked + milliseconds(40), kAsked + milliseconds(1520));
  EXPECT_EQ(clock.offset, milliseconds(1500));
  EXPECT_EQ(clock.uncertainty, milliseconds(21));
  EXPECT_EQ(DescribeOffset(clock),
            "Prometheus's clock is 1.500 s ahead of this machine's (±21 ms)");
}

TEST(ClockOffsetTest, ABehindClockAndAnAgreeingOneAreSaidSo) {
  const ClockOffset behind =
      OffsetFrom(kAsked, kAsked + milliseconds(2), kAsked - milliseconds(250));
  EXPECT_EQ(behind.offset, milliseconds(-251));
  EXPECT_EQ(DescribeOffset(behind), "Prometheus's clock is 251 ms behind this machine's (±2 ms)");
  const ClockOffset same = OffsetFrom(kAsked, kAsked + milliseconds(4), kAsked + milliseconds(3));
  EXPECT_EQ(DescribeOffset(same), "Prometheus's clock agrees with this machine's to within 3 ms");
}

// Our clock stepped back between the two readings: the readings still bound the moment.
TEST(ClockOffsetTest, ReadingsOutOfOrderStillBoundIt) {
  const ClockOffset clock = OffsetFrom(kAsked + milliseconds(10), kAsked, kAsked + milliseconds(5));
  EXPECT_EQ(clock.offset, milliseconds(0));
  EXPECT_EQ(clock.uncertainty, milliseconds(6));
}

}  // namespace
}  // namespace slogate::scrape
