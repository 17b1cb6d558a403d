#include "slogate/scrape/clock_offset.h"

#include <cstdio>

namespace slogate::scrape {
namespace {

std::string Millis(std::chrono::nanoseconds duration) {
  const double ms = std::chrono::duration<double, std::milli>(duration).count();
  char text[32];
  if (ms < 1000) {
    std::snprintf(text, sizeof(text), "%.0f ms", ms);
  } else {
    std::snprintf(text, sizeof(text), "%.3f s", ms / 1000);
  }
  return text;
}

}  // namespace

ClockOffset OffsetFrom(WallTime asked, WallTime answered, WallTime remote) {
  if (answered < asked) std::swap(asked, answered);  // our clock stepped back: still a bound
  const auto half_trip = (answered - asked) / 2;
  return ClockOffset{remote - (asked + half_trip),
                     std::chrono::duration_cast<std::chrono::nanoseconds>(half_trip) +
                         std::chrono::milliseconds(1)};
}

std::string DescribeOffset(const ClockOffset& clock) {
  const auto magnitude = clock.offset < clock.offset.zero() ? -clock.offset : clock.offset;
  if (magnitude <= clock.uncertainty) {
    return "Prometheus's clock agrees with this machine's to within " + Millis(clock.uncertainty);
  }
  return "Prometheus's clock is " + Millis(magnitude) +
         (clock.offset > clock.offset.zero() ? " ahead of" : " behind") + " this machine's (±" +
         Millis(clock.uncertainty) + ")";
}

}  // namespace slogate::scrape
