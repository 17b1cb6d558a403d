// paced_floor: a minimal open-loop sender, the peer for the engine's open-loop bar.
//
//   paced_floor <url> <connections> <seconds> <rate>
//
// Arrivals are evenly spaced at `rate` per second (slogate's constant schedule). Each goes out
// on a free keep-alive connection as soon as it is due: the request pre-rendered, written with
// send() and the response read with recv() on the socket libcurl connected (as the engine's
// plain HTTP/1.1 path), and framed by its Content-Length (raw_exchange.h). Between arrivals
// the thread sleeps in epoll until the next one is due, with 1 µs of timer slack, and sends
// and reads take turns of at most 32 each. That is the engine's loop (src/load/worker.cc) with
// its bookkeeping taken out: no latency histograms, windows, ids, error taxonomy, timeouts or
// libcurl timers. What is left is what pacing itself costs the sender and the target on this
// machine; run.sh searches its highest rate beside the engine's, so that a miss of the
// open-loop bar can be told apart: the engine's own cost, or pacing's on that machine.
// (Polling instead of sleeping was tried, and did worse on a 2-core machine: a thread that
// never yields leaves the kernel's loopback work and nginx's wake-ups less room.)
//
// Prints "<completed> <achieved req/s> <CPU µs per request> <failed> <lateness p99 ms>
// <slot waits>", each as the engine's summary counts it: achieved is sent over the planned
// span (or up to the last send, if later); a slot wait is an arrival that found no connection
// free; lateness is the time from when an arrival could go (its due time, or when a
// connection came free) to its send, its p99 taken from the engine's own histogram.
#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/prctl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "floor_loop.h"
#include "raw_exchange.h"
#include "slogate/stats/histogram.h"

namespace {

using slogate::bench::RawConnection;
using slogate::bench::RawIo;
using Clock = std::chrono::steady_clock;

constexpr int kSendsPerTurn = 32;  // as the engine (kSendsPerTurn, worker.cc)
constexpr int kMaxEvents = 32;     // as the engine (kMaxEvents, curl_multi_loop.cc)

// Waits in epoll until `wakeup` (µs timeouts with epoll_pwait2, as the engine; ms before Linux
// 5.11, rounded up). Returns the events ready, 0 after a signal.
int WaitUntil(int epoll_fd, epoll_event* events, Clock::time_point wakeup) {
  const long long nanos = std::max<long long>(
      0, std::chrono::duration_cast<std::chrono::nanoseconds>(wakeup - Clock::now()).count());
  const timespec timeout{static_cast<time_t>(nanos / 1000000000),
                         static_cast<long>(nanos % 1000000000)};
  int ready = epoll_pwait2(epoll_fd, events, kMaxEvents, &timeout, nullptr);
  if (ready < 0 && errno == ENOSYS) {
    ready = epoll_wait(epoll_fd, events, kMaxEvents, static_cast<int>((nanos + 999999) / 1000000));
  }
  return std::max(ready, 0);
}

struct Counts {
  unsigned long long sent = 0;
  unsigned long long completed = 0;
  unsigned long long failed = 0;
  unsigned long long slot_waits = 0;
  Clock::duration last_send{};  // from the start
  slogate::stats::Histogram lateness;  // the engine's histogram, so its p99 is the same measure
};

Counts RunPaced(std::vector<RawConnection>& pool, int epoll_fd, const std::string& request,
                double rate, double seconds, Clock::time_point start) {
  Counts counts;
  const auto arrivals = static_cast<unsigned long long>(rate * seconds);
  const double spacing_ns = 1e9 / rate;
  std::vector<size_t> free_connections(pool.size());
  for (size_t i = 0; i < pool.size(); ++i) free_connections[i] = pool.size() - 1 - i;
  // When a connection last came free while none was: an arrival due before then waited for a
  // slot, and its lateness counts from then (Worker::Send).
  Clock::time_point slot_free_since = start;
  unsigned long long next = 0;
  // The arrivals' span plus a second to drain.
  const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(seconds + 1));
  epoll_event events[kMaxEvents];
  while (counts.failed == 0 && Clock::now() < end && slogate::bench::stop_signalled == 0 &&
         (next < arrivals || free_connections.size() < pool.size())) {
    // Until the next arrival is due; with none free, until an answer frees a connection.
    Clock::time_point wakeup = Clock::now() + std::chrono::milliseconds(50);
    for (int turn = 0; next < arrivals && !free_connections.empty(); ++turn) {
      if (turn == kSendsPerTurn) {  // more may be due: read, then go on at once
        wakeup = Clock::now();
        break;
      }
      const Clock::time_point due =
          start +
          std::chrono::nanoseconds(static_cast<long long>(static_cast<double>(next) * spacing_ns));
      const Clock::time_point now = Clock::now();
      if (due > now) {
        wakeup = due;
        break;
      }
      const Clock::time_point ready = std::max(due, slot_free_since);
      if (ready > due) ++counts.slot_waits;
      counts.lateness.Record(now - ready);  // one O(1) add per send, as the engine
      const size_t index = free_connections.back();
      free_connections.pop_back();
      if (!slogate::bench::SendRequest(pool[index], RawIo::kSocket, request)) ++counts.failed;
      ++counts.sent;
      counts.last_send = now - start;
      ++next;
    }
    const int ready = WaitUntil(epoll_fd, events, wakeup);
    for (int i = 0; i < ready; ++i) {
      const size_t index = events[i].data.u64;
      const bool open = slogate::bench::ReadResponses(pool[index], RawIo::kSocket, [&](bool ok) {
        ++(ok ? counts.completed : counts.failed);
        if (free_connections.empty()) slot_free_since = Clock::now();
        free_connections.push_back(index);  // one request at a time per connection
      });
      if (!open) ++counts.failed;  // an error, the peer closed, or an unframed flood
    }
  }
  // Requests still unanswered when the drain ran out failed, as the engine's timeouts do; a
  // stop by a signal leaves them uncounted, as the engine's abandoned ones, and after a failure
  // the loop ended early and they are not known to be unanswered.
  if (counts.failed == 0 && slogate::bench::stop_signalled == 0) {
    counts.failed += pool.size() - free_connections.size();
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<slogate::bench::FloorArgs> args =
      slogate::bench::ParseFloorArgs(argc, argv, "paced_floor", 1, " <rate>");
  if (!args) return 2;
  const std::optional<double> rate = slogate::bench::InRange(
      "paced_floor", "rate", argv[4], slogate::units::ParseQuantity(argv[4]), 1.0, 1e7);
  if (!rate) return 2;
  slogate::bench::StopOnSignals();
  prctl(PR_SET_TIMERSLACK, 1000UL);  // as the engine's sending threads
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  std::optional<std::vector<RawConnection>> pool =
      slogate::bench::ConnectPool(args->url, args->connections, epoll_fd, "paced_floor");
  if (!pool) return 1;
  const double cpu_before = slogate::bench::CpuSeconds();
  const Clock::time_point start = Clock::now();
  const Counts counts = RunPaced(*pool, epoll_fd, slogate::bench::RenderRequest(args->url), *rate,
                                 args->seconds, start);
  const double cpu = slogate::bench::CpuSeconds() - cpu_before;
  // As the engine's achieved_rps: sent over the planned span, or up to the last send if later;
  // a run stopped by a signal, up to its last send.
  const double last_send = std::chrono::duration<double>(counts.last_send).count();
  const bool interrupted = slogate::bench::ReportInterrupted("paced_floor");
  const double span = interrupted ? last_send : std::max(args->seconds, last_send);
  std::printf("%llu %.0f %.2f %llu %.3f %llu\n", counts.completed,
              span > 0 ? static_cast<double>(counts.sent) / span : 0.0,
              counts.completed > 0 ? cpu * 1e6 / static_cast<double>(counts.completed) : 0.0,
              counts.failed,
              std::chrono::duration<double, std::milli>(counts.lateness.Percentile(0.99)).count(),
              counts.slot_waits);
  for (RawConnection& connection : *pool) curl_easy_cleanup(connection.easy);
  curl_global_cleanup();
  return counts.failed == 0 ? 0 : 1;
}
