// Worker: one sending thread of a run — a libcurl multi handle driven through its socket API
// from an epoll loop, a pool of reusable easy handles (one per in-flight slot, created when
// first needed, never more than this thread's share of the cap) and this thread's share of
// the schedule.
//
// Hot path per request: write fresh UUIDs (into the slot's copy of a small body, or beside the
// shared template of a large one), stamp the times, curl_multi_add_handle; on completion record
// the latency histograms (all requests, and OK or failed), append an OK response's event_id,
// call the on_acknowledged hook when one is set, and return the slot. No allocation beyond the
// id log's growth and a new slot's first use: bodies, header lists and response buffers are
// reused.
// Memory per slot is bounded: a body copy of at most kCopiedBodyBytes, at most 16 KiB of
// response, 36 B per UUID placeholder, and libcurl's own buffers. Slots exist only once that
// many requests were in flight at the same moment, so a large cap costs nothing until used.
// Not thread-safe: Setup, Run and TakeTotals are called from the thread that owns it.
#pragma once

#include <curl/curl.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "epoll_set.h"
#include "error_taxonomy.h"
#include "event_id.h"
#include "prepared_request.h"
#include "slogate/common/result.h"
#include "slogate/load/load_options.h"
#include "slogate/load/schedule.h"
#include "slogate/stats/histogram.h"
#include "slogate/stats/windows.h"
#include "uuid.h"

namespace slogate::load {

using Clock = std::chrono::steady_clock;

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
  // RunHooks::on_acknowledged, or null when unset (then no clock is read for it).
  const std::function<void(std::string_view, std::chrono::system_clock::time_point)>*
      on_acknowledged = nullptr;
};

class Worker {
 public:
  explicit Worker(const WorkerConfig& config);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Creates the epoll instance, the multi handle and the first slot's easy handle (which
  // checks the URL); further slots are created when the in-flight count first needs them.
  Status Setup();
  // Sends this worker's share of the schedule, arrival times counted from `start`, then
  // drains. Returns when done.
  void Run(Clock::time_point start);
  WorkerTotals TakeTotals() { return std::move(totals_); }

 private:
  // One reusable in-flight slot.
  struct Slot {
    CURL* easy = nullptr;
    std::string body;            // this slot's copy of a small body template (none when streamed)
    std::string fresh_ids;       // a streamed body's UUIDs for this request, 36 characters each
    size_t upload_position = 0;  // next streamed body byte to send
    const PreparedRequest* request = nullptr;  // the shared template
    std::string response;  // at most 16 KiB kept; grows on use, capacity kept across requests
    std::array<char, CURL_ERROR_SIZE> error_detail{};  // libcurl's message for a failure
    Clock::time_point intended;
    Clock::time_point sent;
  };

  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  static int OnCloseSocket(void* self, curl_socket_t socket);
  static size_t OnBody(char* data, size_t size, size_t count, void* slot);
  static size_t OnUpload(char* buffer, size_t size, size_t count, void* slot);
  static int OnUploadSeek(void* slot, curl_off_t offset, int origin);

  Status SetupEasy(Slot& slot);
  void SetupBody(Slot& slot);
  // A slot for the next arrival: a free one, else a new one while under the cap; null when
  // every slot is busy (or a new one could not be created).
  Slot* TakeSlot();
  // Whether TakeSlot can give a slot now.
  bool HasRoom() const { return !free_slots_.empty() || slots_.size() < slot_limit_; }
  void DropStale(Clock::time_point now);
  void SendDue();
  void Send(Slot& slot, Clock::time_point intended);
  void BeginStop();
  // Stops sending when RunHooks::stop or RunHooks::abort is set, noting which.
  void CheckStopRequests();
  Clock::time_point NextWakeup(Clock::time_point now) const;
  void WaitAndDispatch(Clock::time_point wakeup);
  void RunCurlTimers();
  void ReapCompletions();
  void Record(Slot& slot, CURLcode code, Clock::time_point done);
  std::optional<ErrorCategory> RecordResponse(const Slot& slot);
  void RecordAcknowledged(std::string_view id);
  void PublishProgress();
  void AbandonInFlight();

  WorkerConfig config_;
  Clock::time_point start_;
  ArrivalCursor cursor_;
  OkStatuses ok_statuses_;
  UuidGenerator uuids_;
  EpollSet epoll_;
  CURLM* multi_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::deque<Slot> slots_;  // a deque: libcurl and free_slots_ keep pointers to its elements
  size_t slot_limit_ = 1;   // config_.max_in_flight, lowered if a slot cannot be created
  std::vector<Slot*> free_slots_;
  Clock::time_point curl_deadline_ = Clock::time_point::max();
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
