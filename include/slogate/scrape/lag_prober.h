// LagProber: the end-to-end lag probes over HTTP (plain data and options in
// lag_probe_types.h). Runs on its own thread with its own libcurl connections, bounded in
// requests in flight, so probing never takes a slot or a connection from the load.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "slogate/scrape/lag_probe_types.h"

namespace slogate::scrape {

class LagProber {
 public:
  // Throws std::runtime_error when libcurl cannot be initialised (a violated precondition).
  explicit LagProber(LagProbeOptions options);
  ~LagProber();  // Stop()
  LagProber(const LagProber&) = delete;
  LagProber& operator=(const LagProber&) = delete;

  // Starts the prober's thread. No effect when running or stopped. A template without
  // {event_id} starts nothing: Stop then returns the reason in first_error.
  void Start();

  // An acknowledged write (load::RunHooks::on_acknowledged). Thread-safe and cheap: a count
  // under a mutex, and once per tick a copy of the id (at most 128 bytes, into a buffer reserved
  // once) and a wake-up of the prober, which sends the write's first read-back at once.
  // Longer ids are counted (LagProbeResult::ids_too_long), never probed.
  void Offer(std::string_view event_id, WallTime acked_at);

  // Stops taking new writes and waits for the probes in flight to settle, for at most `wait`
  // (bounded by options.max_wait); those still open then end kUnfinished. Returns the result.
  // Idempotent: a second call returns the same result.
  LagProbeResult Stop(std::chrono::milliseconds wait);

  // For fail-fast while the load runs: the probes whose lag is already known to exceed `bound`
  // (their last 404 was asked more than `bound` after the acknowledgement, readable or not
  // since), oldest acknowledgement first, at most `limit`. Thread-safe; copies at most `limit`.
  std::vector<LagProbe> KnownLaggingBeyond(std::chrono::nanoseconds bound, std::size_t limit) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slogate::scrape
