// SIGINT/SIGTERM -> "stop": while a StopOnSignals is alive, the first SIGINT or SIGTERM sets
// stop_requested() (pass it as RunHooks::stop) instead of killing the process, so the run
// drains and still reports. What a second signal does is chosen per program (SecondSignal).
//
// At most one instance at a time (signal handlers are process-wide).
#pragma once

#include <atomic>
#include <csignal>
#include <string>

namespace slogate::load {

enum class SecondSignal {
  // The handler resets itself: a second signal kills as usual (`slogate run`: a second Ctrl-C
  // gives up on the drain).
  kKills,
  // Every signal only sets the flag (the suite: its every wait ends within a bound once the
  // flag is set, and a kill before its results are written would lose them all).
  kStopsToo,
};

class StopOnSignals {
 public:
  explicit StopOnSignals(SecondSignal second = SecondSignal::kKills);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  const std::atomic<bool>& stop_requested() const;
  // The signal that set the flag first, or 0.
  int signal_number() const;
  // "SIGINT" or "SIGTERM" for signal_number(), or "" when none arrived.
  std::string signal_name() const;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace slogate::load
