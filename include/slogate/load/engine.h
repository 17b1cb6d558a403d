// RunLoad: one open-loop run against a target, measured with coordinated-omission correction.
//
// The schedule alone fixes when each request is meant to go out. Up to `concurrency` requests
// are in flight; an arrival that finds no free slot waits (its latency still counts from its
// intended time) and is dropped — counted, never silently — once it has waited longer than
// `max_queue_wait`. The work is split over sending threads, each with its own libcurl multi
// handle, epoll loop, share of the arrivals (every T-th) and share of the in-flight cap.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "slogate/common/result.h"
#include "slogate/load/load_options.h"
#include "slogate/load/run_result.h"

namespace slogate::load {

// A live view of a run, for progress output. Counts are totals since the start.
struct Progress {
  std::chrono::nanoseconds elapsed{0};
  double target_rps = 0;
  uint64_t sent = 0;
  uint64_t completed = 0;
  uint64_t errors = 0;
  uint64_t connect_errors = 0;  // of `errors`: could not connect (the target may just be down)
  uint64_t ok = 0;
  uint64_t ok_slow = 0;         // of `ok`: corrected latency >= LoadOptions::latency_mark
  uint64_t dropped = 0;
  uint64_t in_flight = 0;
  std::chrono::nanoseconds last_second_p95{0};  // worst thread's p95 of the last whole second
};

struct RunHooks {
  // Set (from any thread or a signal handler) to stop sending; in-flight requests then get
  // LoadOptions::drain_timeout to finish and the run still returns its result.
  const std::atomic<bool>* stop = nullptr;
  // Set to stop sending because a breach is already certain (fail-fast): the run ends as on
  // `stop` (drain, result) but is marked RunResult::aborted, not interrupted.
  const std::atomic<bool>* abort = nullptr;
  // Called about once per second from a monitor thread while the run lasts.
  std::function<void(const Progress&)> on_progress;
  // Called from the sending threads, concurrently, for every OK response that carried an
  // event_id, with the wall-clock time the response was received (the end-to-end lag probes
  // sample these). Must be cheap and thread-safe; the id is only valid during the call.
  std::function<void(std::string_view event_id, std::chrono::system_clock::time_point acked_at)>
      on_acknowledged;
};

// How many sending threads a run uses: LoadOptions::threads when set, else enough for the
// schedule's peak rate, never more than the machine's cores or the concurrency cap.
int SendingThreads(const LoadOptions& options);

// Runs the load. Errors only for invalid options, when libcurl/epoll cannot be set up, or when
// the descriptor limit cannot hold `concurrency` sockets ("descriptor_limit"; the soft limit is
// raised up to the hard one first); request failures are data in the RunResult. Blocks until
// the run and its drain end.
Result<RunResult> RunLoad(const LoadOptions& options, const RunHooks& hooks = {});

}  // namespace slogate::load
