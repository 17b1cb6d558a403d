// Worker: one sending thread of a run — this thread's share of the schedule, sent through a
// Transport (transport.h) that owns the connections, with at most this thread's share of the
// in-flight cap, each slot created when first needed.
//
// Hot path per request: take a free slot, stamp the times, hand it to the transport (which
// writes fresh UUIDs into its copy of the request); on completion record the latency histograms
// (all requests, and OK or failed), append an OK response's event_id, call the on_acknowledged
// hook when one is set, and return the slot. No allocation beyond the id log's growth and a new
// slot's first use.
// Not thread-safe: Setup, Preconnect, Run and TakeTotals are called one after the other (the
// engine runs Preconnect and Run on threads of their own, joined in between).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error_taxonomy.h"
#include "event_id.h"
#include "prepared_request.h"
#include "slogate/common/result.h"
#include "slogate/load/load_options.h"
#include "slogate/load/schedule.h"
#include "slogate/stats/histogram.h"
#include "slogate/stats/windows.h"
#include "transport.h"
#include "uuid.h"

namespace slogate::load {

inline constexpr size_t kErrorCategoryCount = static_cast<size_t>(ErrorCategory::kOther) + 1;
inline constexpr size_t kMaxStatusCode = 1000;

// Counters the progress monitor reads while the worker runs (single writer, relaxed).
struct WorkerLive {
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> completed{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<uint64_t> connect_errors{0};
  std::atomic<uint64_t> ok{0};
  std::atomic<uint64_t> ok_slow{0};  // OK with latency >= LoadOptions::latency_mark
  std::atomic<uint64_t> dropped{0};
  std::atomic<int64_t> last_second_p95_ns{0};
};

// The run's first error of each category is logged once, by whichever thread sees it first;
// the counts say how often it happened. One bit per category.
class FirstErrorLog {
 public:
  // True for the first call with `category` in this run, false after.
  bool First(ErrorCategory category) {
    const uint32_t bit = uint32_t{1} << static_cast<uint32_t>(category);
    return (seen_.fetch_or(bit, std::memory_order_relaxed) & bit) == 0;
  }

 private:
  static_assert(kErrorCategoryCount <= 32);
  std::atomic<uint32_t> seen_{0};
};

// What one worker measured; the engine merges these into the RunResult.
struct WorkerTotals {
  uint64_t sent = 0;
  uint64_t dropped = 0;
  uint64_t dropped_at_cap = 0;
  uint64_t not_sent_at_stop = 0;
  uint64_t completed = 0;
  uint64_t ok = 0;
  uint64_t errors = 0;
  uint64_t abandoned_in_flight = 0;
  std::array<uint64_t, kErrorCategoryCount> errors_by_category{};
  std::vector<uint64_t> status_counts = std::vector<uint64_t>(kMaxStatusCode, 0);
  std::vector<uint64_t> error_status_counts = std::vector<uint64_t>(kMaxStatusCode, 0);
  stats::Histogram latency;
  stats::Histogram ok_latency;
  stats::Histogram failed_latency;
  stats::Histogram service_time;
  stats::Histogram ok_service_time;
  stats::Histogram send_lateness;
  stats::Histogram slot_wait;
  std::vector<stats::WindowSummary> per_second;
  EventIdLog event_ids;                   // every id returned, repeats included
  uint64_t ok_without_event_id = 0;       // OK responses without one (capture on)
  std::chrono::nanoseconds last_send{0};  // offset of the last send from the run's start
  bool interrupted = false;               // stopped with arrivals left to send
  bool aborted = false;                   // aborted (RunHooks::abort) with arrivals left
};

struct WorkerConfig {
  const LoadOptions* options = nullptr;
  const PreparedRequest* request = nullptr;
  const Schedule* schedule = nullptr;
  uint64_t first_arrival = 0;  // this worker sends arrivals first, first + stride, ...
  uint64_t stride = 1;
  int max_in_flight = 1;
  uint64_t seed = 0;  // for session UUIDs
  const std::atomic<bool>* stop = nullptr;
  const std::atomic<bool>* abort = nullptr;  // RunHooks::abort
  WorkerLive* live = nullptr;
  // Shared by the run's workers: the error categories whose first occurrence has been logged.
  FirstErrorLog* first_errors = nullptr;
  // RunHooks::on_acknowledged, or null when unset (then no clock is read for it).
  const std::function<void(std::string_view, std::chrono::system_clock::time_point)>*
      on_acknowledged = nullptr;
};

// When a sending loop whose next wakeup is `wakeup` stops sleeping, spinning for `spin` before
// it (LoadOptions::spin): `wakeup` itself without a spin, `now` (poll, do not sleep) inside the
// spin, else `spin` before the wakeup.
Clock::time_point SpinWakeup(Clock::time_point wakeup, Clock::time_point now, Clock::duration spin);

class Worker {
 public:
  explicit Worker(const WorkerConfig& config);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Creates the transport and the first slot (which checks the URL); further slots are created
  // when the in-flight count first needs them.
  Status Setup();
  // Opens up to `count` connections (within this thread's cap) before the run, and waits for
  // their connects until `deadline` or a stop request, whichever is first. Returns how many
  // it started (0 where the transport leaves connections to libcurl).
  size_t Preconnect(size_t count, Clock::time_point deadline);
  // Sends this worker's share of the schedule, arrival times counted from `start`, then
  // drains. Returns when done.
  void Run(Clock::time_point start);
  WorkerTotals TakeTotals() { return std::move(totals_); }

 private:
  // When one slot's request was due and when it went out.
  struct SlotTimes {
    Clock::time_point intended;
    Clock::time_point sent;
  };

  // A slot for the next arrival: a free one, else a new one while under the cap; nullopt when
  // every slot is busy (or a new one could not be created).
  std::optional<size_t> TakeSlot();
  // Whether TakeSlot can give a slot now.
  bool HasRoom() const { return !free_slots_.empty() || slots_.size() < slot_limit_; }
  void DropStale(Clock::time_point now);
  void SendDue();
  void Send(size_t slot, Clock::time_point intended);
  void BeginStop();
  // Stops sending when RunHooks::stop or RunHooks::abort is set, noting which.
  void CheckStopRequests();
  bool StopOrAbortRequested() const;
  Clock::time_point NextWakeup(Clock::time_point now) const;
  void RecordFinished();
  void Record(const Completion& completion);
  std::optional<ErrorCategory> RecordResponse(const Completion& completion);
  void RecordAcknowledged(std::string_view id);
  void PublishProgress();
  void AbandonInFlight();

  WorkerConfig config_;
  Clock::time_point start_;
  ArrivalCursor cursor_;
  OkStatuses ok_statuses_;
  UuidGenerator uuids_;
  std::unique_ptr<Transport> transport_;
  std::vector<SlotTimes> slots_;  // one per slot created, indexed by slot number
  size_t slot_limit_ = 1;         // config_.max_in_flight, lowered if a slot cannot be created
  std::vector<size_t> free_slots_;
  std::vector<bool> in_flight_;       // by slot number
  std::vector<Completion> finished_;  // filled by the transport, emptied as recorded
  // When a slot last became free after all were busy: an arrival due before it waited for the
  // cap, not for the loop.
  Clock::time_point slot_free_since_;
  bool stopping_ = false;  // no more sends: schedule done or stop requested
  Clock::time_point drain_deadline_ = Clock::time_point::max();
  stats::PerSecondWindows windows_;
  size_t published_windows_ = 0;
  uint64_t ok_slow_ = 0;  // published live only; RunResult has it per second
  WorkerTotals totals_;
};

}  // namespace slogate::load
