#include "slogate/load/engine.h"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "prepared_request.h"
#include "slogate/common/log.h"
#include "slogate/common/stoppable_wait.h"
#include "slogate/common/units.h"
#include "slogate/common/wall_time.h"
#include "slogate/curl/global_init.h"
#include "worker.h"

namespace slogate::load {
namespace {

// Requests per second one sending thread drives through libcurl with room to spare. On the
// 2-core development VM, beside a co-located nginx, one thread kept send lateness p99 under
// 1 ms up to 39-52k req/s (CPU-bound: ~20 µs per request is libcurl's floor, paced requests
// cost more), while two threads in the same runs managed only 35-44k. A second thread is no
// free gain: each paces half the arrivals, sleeps and wakes more, and at the same total rate
// the pair spends ~1.35x the CPU per request, CPU a co-located target may need. So one thread
// per 25k req/s of peak rate: about half of headroom before a thread runs short, and no
// second thread before then. (Measured with the libcurl transport; the HTTP/1.1 one costs
// about half the CPU per request, so the same count leaves a thread more room.)
constexpr double kRatePerThread = 25000;
// A new connection costs a sending thread about 100 µs of libcurl's CPU (87 µs a connect on the
// 2-core development VM, beside the kernel's 20 µs; a TLS handshake costs far more). Opened on
// demand, the first arrivals of a 20k req/s run each found every connection still connecting
// and opened another, until the cap of 1000 was reached and the first second's p95 was 95 ms:
// the generator's start, measured as the target's latency. So before the first arrival the
// HTTP/1.1 transport opens the connections this process's peak rate keeps in flight while
// answers take up to this long (at least one, no more than its arrivals, within the cap, split
// over the threads), which also carries an early stall of a co-located target without new
// connections. They stay open only while the target keeps idle connections (nginx closes one
// that sent nothing after 60 s); later the run opens what it needs.
constexpr auto kPreconnectAnswerTime = std::chrono::milliseconds(20);
// How long the run waits for those connects at most: a target that does not accept in time is
// met by the run's own requests, which connect again and report what happens. With a start
// time (--start-at) the connects are opened in this last stretch before it, not at set-up.
constexpr auto kPreconnectLimit = std::chrono::seconds(1);
// Threads start their loops after setup; the first arrival is this far in the future so that
// no thread begins late.
constexpr auto kStartDelay = std::chrono::milliseconds(2);
constexpr auto kProgressInterval = std::chrono::seconds(1);
// Descriptors left for everything but the in-flight sockets: stdio, each thread's epoll and
// libcurl wake-up pair, the suite's scrapes, probes and audit, files written.
constexpr rlim_t kSpareDescriptors = 64;

// Reports progress once per interval until `done` is set.
class ProgressMonitor {
 public:
  ProgressMonitor(const RunHooks& hooks, const std::vector<std::unique_ptr<WorkerLive>>& live,
                  double target_rps, Clock::time_point start)
      : hooks_(hooks), live_(live), target_rps_(target_rps), start_(start) {
    if (hooks_.on_progress) thread_ = std::thread([this] { Loop(); });
  }
  ~ProgressMonitor() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, kProgressInterval, [this] { return done_; })) {
      hooks_.on_progress(Snapshot());
    }
  }

  Progress Snapshot() const {
    Progress progress;
    progress.elapsed = Clock::now() - start_;
    progress.target_rps = target_rps_;
    int64_t p95 = 0;
    for (const auto& live : live_) {
      progress.sent += live->sent.load(std::memory_order_relaxed);
      progress.completed += live->completed.load(std::memory_order_relaxed);
      progress.errors += live->errors.load(std::memory_order_relaxed);
      progress.connect_errors += live->connect_errors.load(std::memory_order_relaxed);
      progress.ok += live->ok.load(std::memory_order_relaxed);
      progress.ok_slow += live->ok_slow.load(std::memory_order_relaxed);
      progress.dropped += live->dropped.load(std::memory_order_relaxed);
      p95 = std::max(p95, live->last_second_p95_ns.load(std::memory_order_relaxed));
    }
    progress.in_flight = progress.sent - std::min(progress.sent, progress.completed);
    progress.last_second_p95 = std::chrono::nanoseconds(p95);
    return progress;
  }

  const RunHooks& hooks_;
  const std::vector<std::unique_ptr<WorkerLive>>& live_;
  double target_rps_;
  Clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

RunResult DescribeRun(const LoadOptions& options, const Schedule& schedule) {
  RunResult result;
  result.target_url = options.target_url;
  result.path = options.request.path;
  // A shard asks for its share of every rate: the shards' results add up to the schedule's.
  const double shares = options.shard.count;
  result.target_rps = schedule.MeanRate() / shares;
  result.peak_rps = schedule.PeakRate() / shares;
  result.duration = options.schedule.duration;
  result.concurrency = options.concurrency;
  result.schedule = std::string(ScheduleKindName(options.schedule.kind));
  result.burst_windows = schedule.burst_windows();
  result.rate_plan = schedule.RatePlan();
  for (RateSegment& segment : result.rate_plan) {
    segment.rps_begin /= shares;
    segment.rps_end /= shares;
  }
  result.shard = options.shard;
  result.transport = std::string(TransportName(ResolvedTransport(options)));
  result.latency_mark = options.latency_mark;
  return result;
}

void AddStatusCounts(const std::vector<uint64_t>& counts, std::map<int, uint64_t>& into) {
  for (size_t status = 0; status < counts.size(); ++status) {
    if (counts[status] != 0) into[static_cast<int>(status)] += counts[status];
  }
}

void AddTotals(WorkerTotals& totals, RunResult& result) {
  result.sent += totals.sent;
  result.dropped += totals.dropped;
  result.dropped_at_cap += totals.dropped_at_cap;
  result.not_sent_at_stop += totals.not_sent_at_stop;
  result.scheduled += totals.sent + totals.dropped + totals.not_sent_at_stop;
  result.completed += totals.completed;
  result.ok += totals.ok;
  result.errors += totals.errors;
  result.abandoned_in_flight += totals.abandoned_in_flight;
  result.interrupted = result.interrupted || totals.interrupted;
  result.aborted = result.aborted || totals.aborted;
  for (size_t i = 0; i < totals.errors_by_category.size(); ++i) {
    if (totals.errors_by_category[i] == 0) continue;
    result.errors_by_category[static_cast<ErrorCategory>(i)] += totals.errors_by_category[i];
  }
  AddStatusCounts(totals.status_counts, result.status_counts);
  AddStatusCounts(totals.error_status_counts, result.error_status_counts);
  // Every worker uses the default range, so merging cannot fail.
  (void)result.latency.Merge(totals.latency);
  (void)result.ok_latency.Merge(totals.ok_latency);
  (void)result.failed_latency.Merge(totals.failed_latency);
  (void)result.service_time.Merge(totals.service_time);
  (void)result.ok_service_time.Merge(totals.ok_service_time);
  (void)result.send_lateness.Merge(totals.send_lateness);
  (void)result.slot_wait.Merge(totals.slot_wait);
  result.ok_without_event_id += totals.ok_without_event_id;
  result.sending_time = std::max(result.sending_time, totals.last_send);
}

// The distinct ids over all threads (a repeat in another thread is a repeat too), each thread's
// in the order it received them, threads one after the other.
void AddDistinctEventIds(std::vector<WorkerTotals>& all, RunResult& result) {
  std::vector<EventIdLog*> logs;
  for (WorkerTotals& totals : all) logs.push_back(&totals.event_ids);
  result.duplicate_event_ids += RemoveRepeatedIds(logs);
  for (const EventIdLog* log : logs) {
    for (std::string& id : log->ToStrings()) result.event_ids.push_back(std::move(id));
  }
}

RunResult MergeTotals(RunResult result, std::vector<WorkerTotals>& all) {
  std::vector<std::vector<stats::WindowSummary>> windows;
  for (WorkerTotals& totals : all) {
    AddTotals(totals, result);
    windows.push_back(std::move(totals.per_second));
  }
  AddDistinctEventIds(all, result);
  result.per_second =
      windows.size() == 1 ? std::move(windows.front()) : stats::MergeWindows(windows);
  // A run that sent until its planned end is measured over that whole span; an interrupted or
  // aborted one only up to its last send.
  if (!result.interrupted && !result.aborted) {
    result.sending_time = std::max(result.sending_time, result.duration);
  }
  const double seconds = std::chrono::duration<double>(result.sending_time).count();
  result.achieved_rps = seconds > 0 ? static_cast<double>(result.sent) / seconds : 0;
  return result;
}

// libcurl before 8.0 breaks every h2c (prior knowledge) request after a connection's first
// (curl/curl#10634), which would be reported as the target's read errors.
Status CheckHttp2Support(const LoadOptions& options) {
  if (options.http_version != HttpVersion::kHttp2) return Status::Ok();
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  if ((info->features & CURL_VERSION_HTTP2) == 0) {
    return MakeError("no_http2", "this libcurl was built without HTTP/2 support");
  }
  if (options.target_url.rfind("http://", 0) == 0 && info->version_num < 0x080000) {
    return MakeError("no_h2c", std::string("HTTP/2 over http:// (h2c) needs libcurl >= 8.0; "
                                           "this is ") +
                                   info->version + " (curl#10634). Use https:// or --http 1.1");
  }
  return Status::Ok();
}

// Every in-flight request is a socket. When the soft descriptor limit is too low for the cap,
// it is raised up to the hard limit (as Go and nginx do); past the hard limit the run would
// fail with EMFILE mid-way, so it is refused up front.
Status EnsureDescriptors(const LoadOptions& options) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return Status::Ok();  // nothing to go by
  const rlim_t needed = static_cast<rlim_t>(options.concurrency) + kSpareDescriptors;
  if (limit.rlim_cur == RLIM_INFINITY || needed <= limit.rlim_cur) return Status::Ok();
  if (limit.rlim_max == RLIM_INFINITY || needed <= limit.rlim_max) {
    limit.rlim_cur = needed;
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0) return Status::Ok();
  }
  const rlim_t usable = limit.rlim_max > kSpareDescriptors ? limit.rlim_max - kSpareDescriptors : 0;
  return MakeError("descriptor_limit",
                   "concurrency " + std::to_string(options.concurrency) +
                       " needs that many sockets, but this process may open at most " +
                       std::to_string(limit.rlim_max) + " descriptors (RLIMIT_NOFILE hard limit; " +
                       std::to_string(kSpareDescriptors) +
                       " are kept for everything else); lower the concurrency to " +
                       std::to_string(usable) +
                       " or raise the limit (ulimit -Hn, LimitNOFILE=, docker --ulimit nofile=)");
}

// How long until the first arrival: kStartDelay, or until LoadOptions::start_at. A start time
// already past would make every arrival late from the first, and the results measure the
// generator rather than the target; one too far ahead would hold the run.
Result<std::chrono::nanoseconds> UntilStart(const LoadOptions& options) {
  if (!options.start_at) return std::chrono::duration_cast<std::chrono::nanoseconds>(kStartDelay);
  const auto wait = std::chrono::duration_cast<std::chrono::nanoseconds>(
      *options.start_at - std::chrono::system_clock::now());
  const auto seconds = [](std::chrono::nanoseconds span) {
    return units::FormatDuration(std::chrono::round<std::chrono::milliseconds>(span));
  };
  if (wait < kStartDelay) {
    return MakeError("bad_start_time",
                     "the start time " + wall_time::FormatUtc(*options.start_at) + " is " +
                         (wait < std::chrono::nanoseconds(0) ? seconds(-wait) + " past"
                                                             : std::string("too close")) +
                         ": give every shard a start a little ahead, long enough for all of them "
                         "to be set up (a few seconds, more for pods to be scheduled)");
  }
  if (wait > kMaxStartWait) {
    return MakeError("bad_start_time", "the start time " + wall_time::FormatUtc(*options.start_at) +
                                           " is " + seconds(wait) +
                                           " ahead, more than the " +
                                           units::FormatDuration(kMaxStartWait) + " a run waits");
  }
  return wait;
}

// This process's share of the schedule's peak rate.
double SharePeakRate(const LoadOptions& options, const Schedule& schedule) {
  return schedule.PeakRate() / std::max(options.shard.count, 1);
}

// Opens the connections for the first arrivals (kPreconnectAnswerTime of `peak_rps`, no more
// than the `arrivals` there are), split over the workers, all threads at once, returning at
// `deadline` at the latest.
void PreconnectAll(std::vector<std::unique_ptr<Worker>>& workers, double peak_rps, double arrivals,
                   Clock::time_point deadline) {
  const double in_flight = peak_rps * std::chrono::duration<double>(kPreconnectAnswerTime).count();
  const auto wanted =
      std::max<size_t>(1, static_cast<size_t>(std::ceil(std::min(in_flight, arrivals))));
  const Clock::time_point began = Clock::now();
  std::vector<size_t> opened(workers.size(), 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < workers.size(); ++t) {
    const size_t share = wanted / workers.size() + (t < wanted % workers.size() ? 1 : 0);
    if (share == 0) continue;
    threads.emplace_back([&, t, share] { opened[t] = workers[t]->Preconnect(share, deadline); });
  }
  for (std::thread& thread : threads) thread.join();
  size_t total = 0;
  for (size_t count : opened) total += count;
  log::Debug(
      "load: " + std::to_string(total) + " connection(s) opened before the start, in " +
      units::FormatDuration(std::chrono::round<std::chrono::milliseconds>(Clock::now() - began)));
}

}  // namespace

int SendingThreads(const LoadOptions& options) {
  const int limit = std::max(
      1, std::min(options.concurrency, static_cast<int>(std::thread::hardware_concurrency())));
  if (options.threads > 0) return std::min(options.threads, std::max(1, options.concurrency));
  auto schedule = Schedule::Create(options.schedule);
  const double peak = schedule ? SharePeakRate(options, *schedule)
                               : options.schedule.rps / std::max(options.shard.count, 1);
  const int wanted = static_cast<int>(std::ceil(peak / kRatePerThread));
  return std::clamp(wanted, 1, limit);
}

Result<RunResult> RunLoad(const LoadOptions& options, const RunHooks& hooks) {
  if (Status status = options.Validate(); !status) return status.error();
  Result<Schedule> schedule = Schedule::Create(options.schedule);
  if (!schedule) return schedule.error();
  if (Status status = curl::EnsureGlobalInit(); !status) return status.error();
  if (Status status = CheckHttp2Support(options); !status) return status.error();
  if (Status status = EnsureDescriptors(options); !status) return status.error();
  const PreparedRequest request = PrepareRequest(options);
  const int thread_count = SendingThreads(options);
  log::Debug("load: " + std::to_string(thread_count) + " sending thread(s)");

  std::random_device entropy;
  std::vector<std::unique_ptr<WorkerLive>> live;
  FirstErrorLog first_errors;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < thread_count; ++t) {
    live.push_back(std::make_unique<WorkerLive>());
    WorkerConfig config;
    config.options = &options;
    config.request = &request;
    config.schedule = &*schedule;
    // Thread t of shard i sends arrivals i + t * N, then every (threads * N)-th: the threads
    // of all N shards together walk every arrival once.
    const auto shards = static_cast<uint64_t>(options.shard.count);
    config.first_arrival =
        static_cast<uint64_t>(options.shard.index) + static_cast<uint64_t>(t) * shards;
    config.stride = static_cast<uint64_t>(thread_count) * shards;
    // The in-flight cap is split as evenly as possible; every thread gets at least one slot.
    config.max_in_flight =
        options.concurrency / thread_count + (t < options.concurrency % thread_count);
    config.seed = (static_cast<uint64_t>(entropy()) << 32) ^ entropy();
    config.stop = hooks.stop;
    config.abort = hooks.abort;
    config.live = live.back().get();
    config.first_errors = &first_errors;
    if (hooks.on_acknowledged) config.on_acknowledged = &hooks.on_acknowledged;
    workers.push_back(std::make_unique<Worker>(config));
    if (Status status = workers.back()->Setup(); !status) return status.error();
  }

  const Result<std::chrono::nanoseconds> until_start = UntilStart(options);
  if (!until_start) return until_start.error();
  RunResult result = DescribeRun(options, *schedule);
  if (options.start_at) {
    log::Info("load: share " + std::to_string(options.shard.index) + "/" +
              std::to_string(options.shard.count) + " starts at " +
              wall_time::FormatUtcMillis(*options.start_at) + ", in " +
              units::FormatDuration(std::chrono::round<std::chrono::milliseconds>(*until_start)));
  }
  // A start time shared with other shards stays where it is: the connects are opened in the
  // stretch before it and end in time for the threads to begin.
  const Clock::time_point shared_start = Clock::now() + *until_start;
  if (options.start_at) WaitUntilUnlessStopped(shared_start - kPreconnectLimit, hooks.stop);
  Clock::time_point preconnect_deadline = Clock::now() + kPreconnectLimit;
  if (options.start_at) {
    preconnect_deadline = std::min(preconnect_deadline, shared_start - kStartDelay);
  }
  if (ResolvedTransport(options) == TransportChoice::kHttp1) {
    PreconnectAll(workers, SharePeakRate(options, *schedule),
                  schedule->ExpectedArrivals() / std::max(options.shard.count, 1),
                  preconnect_deadline);
  }
  const Clock::time_point start = options.start_at ? shared_start : Clock::now() + kStartDelay;
  result.started_at = options.start_at.value_or(std::chrono::system_clock::now() + kStartDelay);
  std::vector<WorkerTotals> totals(workers.size());
  {
    ProgressMonitor monitor(hooks, live, result.target_rps, start);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < workers.size(); ++t) {
      threads.emplace_back([&, t] {
        workers[t]->Run(start);
        totals[t] = workers[t]->TakeTotals();
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  // Stopped while waiting for a start time: it finished where it would have begun.
  result.finished_at = std::max(std::chrono::system_clock::now(), result.started_at);
  return MergeTotals(std::move(result), totals);
}

}  // namespace slogate::load
