// Times in the results file: wall-clock times as seconds since the Unix epoch, durations as
// seconds, both JSON numbers.
#pragma once

#include <chrono>

namespace slogate::report {

inline double UnixSeconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration<double>(at.time_since_epoch()).count();
}

inline std::chrono::system_clock::time_point FromUnixSeconds(double seconds) {
  return std::chrono::system_clock::time_point(
      std::chrono::round<std::chrono::system_clock::duration>(
          std::chrono::duration<double>(seconds)));
}

// A duration as seconds, and back (rounded to the nearest nanosecond, so that a value read
// and written again is the same number).
inline double DurationSeconds(std::chrono::nanoseconds value) {
  return std::chrono::duration<double>(value).count();
}

// The most seconds a nanosecond clock holds (about 292 years), rounded down: a duration or
// a time read from a file past it is not one the suite wrote, and converting it would overflow.
inline constexpr double kMostClockSeconds = 9.2e9;

inline std::chrono::nanoseconds FromDurationSeconds(double seconds) {
  return std::chrono::round<std::chrono::nanoseconds>(std::chrono::duration<double>(seconds));
}

}  // namespace slogate::report
