#include "log_throttle.h"

namespace slogate::refgw {

std::optional<std::string> LogThrottle::Admit(const std::string& message,
                                              std::chrono::steady_clock::time_point now) {
  if (next_.has_value() && now < *next_) {
    ++held_back_;
    return std::nullopt;
  }
  std::string line = message;
  if (held_back_ > 0) {
    line += " (" + std::to_string(held_back_) + " more like it since the previous one, not logged)";
  }
  held_back_ = 0;
  next_ = now + period_;
  return line;
}

}  // namespace slogate::refgw
