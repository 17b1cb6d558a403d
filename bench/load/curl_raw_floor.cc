// curl_raw_floor: what one request costs when libcurl only connects (CURLOPT_CONNECT_ONLY) and
// the HTTP/1.1 exchange is written and read through curl_easy_send / curl_easy_recv.
//
//   curl_raw_floor <url> <connections> <seconds>
//
// The same closed loop as curl_floor (one thread, `connections` keep-alive connections, the
// bench's POST payload), but each request is one pre-rendered buffer and each response is
// framed by its Content-Length here instead of by libcurl's transfer machinery. libcurl still
// owns the connection (and would own TLS and a proxy tunnel). It measures how much of
// curl_floor's cost is libcurl's per-transfer work rather than the socket traffic itself: a
// question for the engine's design, not a mode of it. Same output line as curl_floor:
// "<completed> <req/s> <CPU µs per request (user + system)> <failed>".
#include <curl/curl.h>
#include <sys/epoll.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "floor_loop.h"
#include "raw_exchange.h"

namespace {

using slogate::bench::RawConnection;
using slogate::bench::RawIo;
using Clock = std::chrono::steady_clock;

struct Counts {
  uint64_t completed = 0;
  uint64_t failed = 0;
};

// The closed loop: every connection sends `request`, and sends it again as soon as a whole
// response has come back, until `end` or the first failure.
Counts RunClosedLoop(std::vector<RawConnection>& pool, int epoll_fd, const std::string& request,
                     Clock::time_point end) {
  Counts counts;
  for (RawConnection& connection : pool) {
    if (!slogate::bench::SendRequest(connection, RawIo::kCurlEasy, request)) ++counts.failed;
  }
  epoll_event events[256];
  while (counts.failed == 0 && Clock::now() < end && slogate::bench::stop_signalled == 0) {
    const int ready = epoll_wait(epoll_fd, events, 256, 100);
    for (int i = 0; i < ready; ++i) {
      RawConnection& connection = pool[events[i].data.u64];
      const bool open = slogate::bench::ReadResponses(connection, RawIo::kCurlEasy, [&](bool ok) {
        ++(ok ? counts.completed : counts.failed);
        if (!slogate::bench::SendRequest(connection, RawIo::kCurlEasy, request)) ++counts.failed;
      });
      if (!open) ++counts.failed;  // an error, the peer closed, or an unframed flood
    }
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<slogate::bench::FloorArgs> args =
      slogate::bench::ParseFloorArgs(argc, argv, "curl_raw_floor");
  if (!args) return 2;
  slogate::bench::StopOnSignals();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  std::optional<std::vector<RawConnection>> pool =
      slogate::bench::ConnectPool(args->url, args->connections, epoll_fd, "curl_raw_floor");
  if (!pool) return 1;
  const double cpu_before = slogate::bench::CpuSeconds();
  const Clock::time_point start = Clock::now();
  const Counts counts = RunClosedLoop(*pool, epoll_fd, slogate::bench::RenderRequest(args->url),
                                      start + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(args->seconds)));
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  slogate::bench::ReportInterrupted("curl_raw_floor");
  slogate::bench::PrintFloorResult(counts.completed, elapsed,
                                   slogate::bench::CpuSeconds() - cpu_before, counts.failed);
  for (RawConnection& connection : *pool) curl_easy_cleanup(connection.easy);
  curl_global_cleanup();
  return counts.failed == 0 ? 0 : 1;
}
