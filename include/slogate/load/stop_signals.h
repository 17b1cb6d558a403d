// SIGINT/SIGTERM -> "stop sending": while a StopOnSignals is alive, the first SIGINT or
// SIGTERM sets stop_requested() (pass it as RunHooks::stop) instead of killing the process, so
// the run drains and still reports. The handler resets itself: a second signal kills as usual.
//
// At most one instance at a time (signal handlers are process-wide).
#pragma once

#include <atomic>
#include <csignal>

namespace slogate::load {

class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  const std::atomic<bool>& stop_requested() const;
  // The signal that set the flag, or 0.
  int signal_number() const;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace slogate::load
