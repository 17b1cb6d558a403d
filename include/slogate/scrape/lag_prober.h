// LagProber: the end-to-end lag probes over HTTP (plain data and options in
// lag_probe_types.h). Runs on its own thread with its own libcurl connections, bounded in
// requests in flight, so probing never takes a slot or a connection from the load.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include "slogate/scrape/lag_probe_types.h"

namespace slogate::scrape {

class LagProber {
 public:
  explicit LagProber(LagProbeOptions options);
  ~LagProber();  // Stop()
  LagProber(const LagProber&) = delete;
  LagProber& operator=(const LagProber&) = delete;

  // Starts the prober's thread. No effect when running.
  void Start();

  // An acknowledged write (load::RunHooks::on_acknowledged). Thread-safe and cheap: it only
  // replaces the newest acknowledged write, which the prober takes at its next tick.
  void Offer(std::string_view event_id, WallTime acked_at);

  // Stops taking new writes and waits for the probes in flight to settle, for at most `wait`
  // (bounded by options.max_wait); those still open then end kUnfinished. Returns the result.
  // Idempotent: a second call returns the same result.
  LagProbeResult Stop(std::chrono::milliseconds wait);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slogate::scrape
