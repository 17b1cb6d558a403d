// Waiting for a condition in tests: poll it with a deadline instead of sleeping a fixed time.
#pragma once

#include <chrono>
#include <thread>

namespace slogate::testing {

// Polls `probe` every `interval` until it returns true or `deadline` passes; true when it held.
template <typename Probe>
bool Eventually(Probe probe, std::chrono::milliseconds deadline = std::chrono::milliseconds(15000),
                std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (probe()) return true;
    std::this_thread::sleep_for(interval);
  }
  return probe();
}

}  // namespace slogate::testing
