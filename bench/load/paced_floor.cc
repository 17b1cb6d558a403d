// paced_floor: a minimal open-loop sender, the peer for the engine's open-loop bar.
//
//   paced_floor <url> <connections> <seconds> <rate>
//
// Arrivals are evenly spaced at `rate` per second (slogate's constant schedule). Each goes out
// on a free keep-alive connection as soon as it is due, the request pre-rendered and the
// response framed by its Content-Length (raw_exchange.h, as curl_raw_floor). Between arrivals
// the thread sleeps in epoll until the next one is due, with 1 µs of timer slack, and sends
// and reads take turns of at most 32 each: the engine's loop (src/load/worker.cc) with its
// bookkeeping taken out: no histograms of latency, no windows, no ids, no error taxonomy, no
// libcurl multi handle. What is left is what pacing itself costs the sender and the target on
// this machine; run.sh searches its highest rate beside the engine's, so a miss of the
// open-loop bar can be told apart: the engine's own cost, or pacing's on that machine.
// (Polling instead of sleeping was tried, and did worse on a 2-core machine: a thread that
// never yields leaves the kernel's loopback work and nginx's wake-ups nowhere to run.)
//
// Prints "<completed> <achieved req/s> <CPU µs per request> <failed> <lateness p99 ms>
// <slot waits>", where achieved is completed over the arrivals' span, lateness is the time from
// an arrival's due time to its send when a connection was free, and a slot wait is an arrival
// that found none (it then waits for one, as in the engine; its wait is not lateness).
#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/prctl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "floor_loop.h"
#include "raw_exchange.h"

namespace {

using slogate::bench::RawConnection;
using Clock = std::chrono::steady_clock;

// Lateness in µs buckets up to 10 ms, the rest in the last one: the bar is at 1 ms.
class LatenessHistogram {
 public:
  void Record(Clock::duration lateness) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(lateness).count();
    ++buckets_[static_cast<size_t>(std::clamp<long long>(micros, 0, kBuckets - 1))];
    ++count_;
  }
  // The 99th percentile's bucket, in ms (the upper end of the bucket).
  double P99Millis() const {
    const unsigned long long rank = count_ - count_ / 100;
    unsigned long long seen = 0;
    for (size_t bucket = 0; bucket < buckets_.size(); ++bucket) {
      seen += buckets_[bucket];
      if (seen >= rank && count_ > 0) return static_cast<double>(bucket + 1) / 1000.0;
    }
    return 0;
  }

 private:
  static constexpr long long kBuckets = 10001;
  std::array<unsigned long long, kBuckets> buckets_{};
  unsigned long long count_ = 0;
};

constexpr int kSendsPerTurn = 32;  // and events read per turn, as the engine

// epoll_pwait2 until `wakeup`: µs timeouts, where epoll_wait has ms.
int WaitUntil(int epoll_fd, epoll_event* events, Clock::time_point wakeup) {
  const long long nanos = std::max<long long>(
      0, std::chrono::duration_cast<std::chrono::nanoseconds>(wakeup - Clock::now()).count());
  const timespec timeout{static_cast<time_t>(nanos / 1000000000),
                         static_cast<long>(nanos % 1000000000)};
  return epoll_pwait2(epoll_fd, events, kSendsPerTurn, &timeout, nullptr);
}

struct Counts {
  unsigned long long completed = 0;
  unsigned long long failed = 0;
  unsigned long long slot_waits = 0;
  LatenessHistogram lateness;
};

Counts RunPaced(std::vector<RawConnection>& pool, int epoll_fd, const std::string& request,
                double rate, double seconds, Clock::time_point start) {
  Counts counts;
  const auto arrivals = static_cast<unsigned long long>(rate * seconds);
  const double spacing_ns = 1e9 / rate;
  std::vector<size_t> free_connections(pool.size());
  for (size_t i = 0; i < pool.size(); ++i) free_connections[i] = pool.size() - 1 - i;
  unsigned long long next = 0;
  bool waited = false;  // the next arrival found no free connection
  // The arrivals' span plus a second to drain.
  const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(seconds + 1));
  epoll_event events[kSendsPerTurn];
  while (counts.failed == 0 && Clock::now() < end &&
         (next < arrivals || free_connections.size() < pool.size())) {
    // Until the next arrival is due; with none free, until an answer frees a connection.
    Clock::time_point wakeup = Clock::now() + std::chrono::milliseconds(50);
    for (int turn = 0; next < arrivals; ++turn) {
      if (turn == kSendsPerTurn) {  // more are due: read, then go on at once
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
      if (free_connections.empty()) {
        if (!waited) ++counts.slot_waits;
        waited = true;
        break;
      }
      if (!waited) counts.lateness.Record(now - due);
      waited = false;
      const size_t index = free_connections.back();
      free_connections.pop_back();
      if (!slogate::bench::SendRequest(pool[index], request)) ++counts.failed;
      ++next;
    }
    const int ready = WaitUntil(epoll_fd, events, wakeup);
    for (int i = 0; i < ready; ++i) {
      const size_t index = events[i].data.u64;
      const bool open = slogate::bench::ReadResponses(pool[index], [&] {
        ++counts.completed;
        free_connections.push_back(index);  // one request at a time per connection
      });
      if (!open) ++counts.failed;  // an error, or the peer closed the connection
    }
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: paced_floor <url> <connections> <seconds> <rate>\n");
    return 2;
  }
  const std::optional<slogate::bench::FloorArgs> args =
      slogate::bench::ParseFloorArgs(4, argv, "paced_floor");
  const double rate = std::atof(argv[4]);
  if (!args) return 2;
  if (rate <= 0) {
    std::fprintf(stderr, "paced_floor: rate must be positive\n");
    return 2;
  }
  prctl(PR_SET_TIMERSLACK, 1000UL);  // as the engine's sending threads
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  std::optional<std::vector<RawConnection>> pool =
      slogate::bench::ConnectPool(args->url, args->connections, epoll_fd, "paced_floor");
  if (!pool) return 1;
  const double cpu_before = slogate::bench::CpuSeconds();
  const Clock::time_point start = Clock::now();
  const Counts counts = RunPaced(*pool, epoll_fd, slogate::bench::RenderRequest(args->url), rate,
                                 args->seconds, start);
  const double cpu = slogate::bench::CpuSeconds() - cpu_before;
  std::printf("%llu %.0f %.2f %llu %.3f %llu\n", counts.completed,
              static_cast<double>(counts.completed) / args->seconds,
              counts.completed > 0 ? cpu * 1e6 / static_cast<double>(counts.completed) : 0.0,
              counts.failed, counts.lateness.P99Millis(), counts.slot_waits);
  for (RawConnection& connection : *pool) curl_easy_cleanup(connection.easy);
  curl_global_cleanup();
  return counts.failed == 0 ? 0 : 1;
}
