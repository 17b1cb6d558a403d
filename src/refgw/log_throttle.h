// Rate-limits one kind of log line: a condition that repeats in a tight loop (accept failing at
// the descriptor limit, thousands of times a second) must not flood stderr and the disk.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace slogate::refgw {

// Lets one line through per period and counts the ones held back in between; the next line
// let through says how many were. Pure (the caller passes the time); not thread-safe: one per
// thread, e.g. one per event loop.
class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::steady_clock::duration period) : period_(period) {}

  // The line to log now — `message`, followed by the count held back since the last one when
  // there were any — or nullopt when this one is held back.
  std::optional<std::string> Admit(const std::string& message,
                                   std::chrono::steady_clock::time_point now);

 private:
  std::chrono::steady_clock::duration period_;
  std::optional<std::chrono::steady_clock::time_point> next_;
  uint64_t held_back_ = 0;
};

}  // namespace slogate::refgw
