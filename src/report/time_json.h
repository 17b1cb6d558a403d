// Wall-clock times in the results file: seconds since the Unix epoch, as a JSON number.
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

}  // namespace slogate::report
