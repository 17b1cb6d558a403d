#include "slogate/common/stoppable_wait.h"

#include <algorithm>
#include <thread>

namespace slogate {

bool WaitUntilUnlessStopped(std::chrono::steady_clock::time_point deadline,
                            const std::atomic<bool>* stop) {
  while (!StopRequested(stop)) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        deadline - now, stop != nullptr ? kStopCheckPeriod : deadline - now));
  }
  return false;
}

bool WaitUnlessStopped(std::chrono::nanoseconds duration, const std::atomic<bool>* stop) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point now = Clock::now();
  const auto room = Clock::time_point::max() - now;
  const Clock::time_point deadline =
      duration >= room ? Clock::time_point::max()
                       : now + std::chrono::duration_cast<Clock::duration>(duration);
  return WaitUntilUnlessStopped(deadline, stop);
}

}  // namespace slogate
