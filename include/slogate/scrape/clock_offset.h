// How far a Prometheus server's clock is from this machine's. Its samples are stamped by its
// clock and the run's start and end by ours: read across clocks that differ, a "before" sample
// taken after the start looks taken before it. The offset is measured once per read by asking
// Prometheus for time() at its own now between two readings of ours. Pure; thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

struct ClockOffset {
  // Prometheus's clock minus ours (positive: Prometheus is ahead).
  std::chrono::nanoseconds offset{0};
  // How far the true offset may be from `offset`: half the round trip plus the millisecond
  // resolution of Prometheus's answer.
  std::chrono::nanoseconds uncertainty{0};
};

// Beyond this the measurement says too little (a round trip over 200 ms): the run's edges
// cannot be placed among the samples, and the Prometheus-sourced findings are INCONCLUSIVE.
inline constexpr std::chrono::milliseconds kMaxClockUncertainty{100};
// Beyond this the clocks are broken rather than apart, or the server does not evaluate an
// instant query at its own now: the Prometheus-sourced findings are INCONCLUSIVE.
inline constexpr std::chrono::minutes kMaxClockOffset{5};

// The offset from one reading: `asked` and `answered` by our clock around the query,
// `remote` Prometheus's evaluation time in its answer.
ClockOffset OffsetFrom(WallTime asked, WallTime answered, WallTime remote);

// "Prometheus's clock is 1.250 s ahead of this machine's (±3 ms)"; "agrees with this machine's
// to within 2 ms" when the offset is inside the uncertainty.
std::string DescribeOffset(const ClockOffset& clock);

}  // namespace slogate::scrape
