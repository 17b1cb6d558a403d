#include "slogate/load/stop_signals.h"

namespace slogate::load {
namespace {

// Lock-free atomics are async-signal-safe to store to.
std::atomic<bool> stop_flag{false};
std::atomic<int> stop_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

void OnStopSignal(int signal_number) {
  // The first signal is the one the reports name.
  int none = 0;
  stop_signal.compare_exchange_strong(none, signal_number);
  stop_flag.store(true);
}

}  // namespace

StopOnSignals::StopOnSignals(SecondSignal second) {
  stop_flag.store(false);
  stop_signal.store(0);
  struct sigaction action {};
  action.sa_handler = &OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  if (second == SecondSignal::kKills) action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>& StopOnSignals::stop_requested() const { return stop_flag; }

int StopOnSignals::signal_number() const { return stop_signal.load(); }

std::string StopOnSignals::signal_name() const {
  switch (signal_number()) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "";
  }
}

}  // namespace slogate::load
