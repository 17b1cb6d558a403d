// curl_floor: what one request costs through libcurl's multi socket API on this machine, with
// nothing of slogate around it.
//
//   curl_floor <url> <connections> <seconds>
//
// A closed loop on one thread: `connections` easy handles POST the bench's payload, each
// re-added as soon as it completes, driven by curl_multi_socket_action from an epoll loop that
// mirrors libcurl's socket wishes literally. No schedule, no clocks per request, no
// histograms, only the options a keep-alive POST needs. Prints one line: "<completed> <req/s>
// <CPU µs per request (user + system)> <failed>". The load benchmark runs it beside wrk and
// slogate so the engine's cost above libcurl's is visible in the same run.
#include <curl/curl.h>
#include <sys/epoll.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "floor_loop.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Loop {
  int epoll_fd = -1;
  CURLM* multi = nullptr;
  Clock::time_point deadline = Clock::time_point::max();  // libcurl's timer
};

int OnSocket(CURL* /*easy*/, curl_socket_t socket, int what, void* loop_pointer,
             void* socket_data) {
  auto* loop = static_cast<Loop*>(loop_pointer);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(loop->epoll_fd, EPOLL_CTL_DEL, socket, nullptr);
    curl_multi_assign(loop->multi, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  event.data.fd = socket;
  // socket_data marks a socket already in epoll (set through curl_multi_assign).
  epoll_ctl(loop->epoll_fd, socket_data != nullptr ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event);
  curl_multi_assign(loop->multi, socket, loop);
  return 0;
}

int OnTimer(CURLM* /*multi*/, long timeout_ms, void* loop_pointer) {
  static_cast<Loop*>(loop_pointer)->deadline =
      timeout_ms < 0 ? Clock::time_point::max()
                     : Clock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

size_t Discard(char* /*data*/, size_t size, size_t count, void* /*unused*/) { return size * count; }

int CurlFlags(uint32_t events) {
  return (events & EPOLLIN ? CURL_CSELECT_IN : 0) | (events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
         (events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
}

struct Counts {
  uint64_t completed = 0;
  uint64_t failed = 0;
};

// `connections` easy handles POSTing the bench's payload to `url`, added to the loop's multi.
std::vector<CURL*> AddTransfers(Loop& loop, const std::string& url, int connections,
                                curl_slist* headers) {
  std::vector<CURL*> easies;
  for (int i = 0; i < connections; ++i) {
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, slogate::bench::kFloorPayload);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Discard);
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_multi_add_handle(loop.multi, easy);
    easies.push_back(easy);
  }
  return easies;
}

// Drives the transfers until `end`, re-adding each handle as soon as its transfer completes.
Counts RunClosedLoop(Loop& loop, Clock::time_point end) {
  Counts counts;
  int running = 0;
  epoll_event events[256];
  while (Clock::now() < end && slogate::bench::stop_signalled == 0) {
    const auto until_timer = loop.deadline - Clock::now();
    const int wait_ms = static_cast<int>(std::clamp<int64_t>(
        std::chrono::ceil<std::chrono::milliseconds>(until_timer).count(), 0, 100));
    const int ready = epoll_wait(loop.epoll_fd, events, 256, wait_ms);
    for (int i = 0; i < ready; ++i) {
      curl_multi_socket_action(loop.multi, events[i].data.fd, CurlFlags(events[i].events),
                               &running);
    }
    if (Clock::now() >= loop.deadline) {
      loop.deadline = Clock::time_point::max();
      curl_multi_socket_action(loop.multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(loop.multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      if (message->data.result == CURLE_OK)
        ++counts.completed;
      else
        ++counts.failed;
      curl_multi_remove_handle(loop.multi, easy);
      curl_multi_add_handle(loop.multi, easy);
    }
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<slogate::bench::FloorArgs> args =
      slogate::bench::ParseFloorArgs(argc, argv, "curl_floor");
  if (!args) return 2;
  slogate::bench::StopOnSignals();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Loop loop;
  loop.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  loop.multi = curl_multi_init();
  curl_multi_setopt(loop.multi, CURLMOPT_SOCKETFUNCTION, &OnSocket);
  curl_multi_setopt(loop.multi, CURLMOPT_SOCKETDATA, &loop);
  curl_multi_setopt(loop.multi, CURLMOPT_TIMERFUNCTION, &OnTimer);
  curl_multi_setopt(loop.multi, CURLMOPT_TIMERDATA, &loop);
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");
  const std::vector<CURL*> easies = AddTransfers(loop, args->url, args->connections, headers);

  const double cpu_before = slogate::bench::CpuSeconds();
  const Clock::time_point start = Clock::now();
  const Counts counts =
      RunClosedLoop(loop, start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(args->seconds)));
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  slogate::bench::ReportInterrupted("curl_floor");
  slogate::bench::PrintFloorResult(counts.completed, elapsed,
                                   slogate::bench::CpuSeconds() - cpu_before, counts.failed);

  for (CURL* easy : easies) {
    curl_multi_remove_handle(loop.multi, easy);
    curl_easy_cleanup(easy);
  }
  curl_multi_cleanup(loop.multi);
  curl_slist_free_all(headers);
  curl_global_cleanup();
  return counts.failed == 0 ? 0 : 1;
}
