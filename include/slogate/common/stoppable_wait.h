// Waits that a SIGINT/SIGTERM ends early: every wait of a run (the drain, the audit's pauses
// between rounds, the sampling of the run's tail, the reference gateway's start) checks the
// run's stop flag at least every kStopCheckPeriod, so a stop is seen within that period.
#pragma once

#include <atomic>
#include <chrono>

namespace slogate {

inline constexpr std::chrono::milliseconds kStopCheckPeriod{50};

// True when `stop` is set (nullptr: never).
inline bool StopRequested(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load();
}

// Sleeps until `deadline` or until `*stop` turns true, whichever is first. Returns false when
// it ended because of `stop` (also when it was set on entry), true when the deadline passed.
// `stop` may be nullptr (a plain sleep). Thread-safe.
bool WaitUntilUnlessStopped(std::chrono::steady_clock::time_point deadline,
                            const std::atomic<bool>* stop);

// WaitUntilUnlessStopped for `duration` from now; a duration too long for the clock waits
// until the end of the clock's range (that is, until stopped).
bool WaitUnlessStopped(std::chrono::nanoseconds duration, const std::atomic<bool>* stop);

}  // namespace slogate
