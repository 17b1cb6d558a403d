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
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floor_loop.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
  CURL* easy = nullptr;
  curl_socket_t socket = CURL_SOCKET_BAD;
  std::string response;  // bytes of the response being read
};

// "POST <path> HTTP/1.1" with the headers libcurl would send for curl_floor's request.
std::string RenderRequest(const std::string& url) {
  CURLU* parts = curl_url();
  curl_url_set(parts, CURLUPART_URL, url.c_str(), 0);
  char* host = nullptr;
  char* port = nullptr;
  char* path = nullptr;
  curl_url_get(parts, CURLUPART_HOST, &host, 0);
  curl_url_get(parts, CURLUPART_PORT, &port, 0);
  curl_url_get(parts, CURLUPART_PATH, &path, 0);
  std::string request = std::string("POST ") + (path ? path : "/") +
                        " HTTP/1.1\r\nHost: " + (host ? host : "") +
                        (port ? std::string(":") + port : "") +
                        "\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(sizeof(slogate::bench::kFloorPayload) - 1) + "\r\n\r\n" +
                        slogate::bench::kFloorPayload;
  curl_free(host);
  curl_free(port);
  curl_free(path);
  curl_url_cleanup(parts);
  return request;
}

// Length of the first complete response in `bytes` (headers plus Content-Length body), or 0
// while it is still incomplete. The bench's peer always sends Content-Length.
size_t CompleteResponse(std::string_view bytes) {
  const size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  constexpr std::string_view kLength = "\r\nContent-Length: ";
  const size_t at = bytes.substr(0, head_end).find(kLength);
  const size_t body = at == std::string_view::npos
                          ? 0
                          : std::strtoull(bytes.data() + at + kLength.size(), nullptr, 10);
  const size_t total = head_end + 4 + body;
  return bytes.size() >= total ? total : 0;
}

bool Send(Connection& connection, const std::string& request) {
  size_t sent = 0;
  while (sent < request.size()) {
    size_t now = 0;
    const CURLcode result =
        curl_easy_send(connection.easy, request.data() + sent, request.size() - sent, &now);
    if (result == CURLE_AGAIN) continue;  // a loopback send buffer is never full for long
    if (result != CURLE_OK) return false;
    sent += now;
  }
  return true;
}

// Connects `connection` (libcurl only connects: CONNECT_ONLY) and watches its socket for
// input under `index`.
bool Connect(Connection& connection, const std::string& url, int epoll_fd, size_t index) {
  connection.easy = curl_easy_init();
  curl_easy_setopt(connection.easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(connection.easy, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(connection.easy, CURLOPT_PROXY, "");
  curl_easy_setopt(connection.easy, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_perform(connection.easy) != CURLE_OK ||
      curl_easy_getinfo(connection.easy, CURLINFO_ACTIVESOCKET, &connection.socket) != CURLE_OK) {
    return false;
  }
  connection.response.reserve(4096);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = index;
  return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, connection.socket, &event) == 0;
}

struct Counts {
  uint64_t completed = 0;
  uint64_t failed = 0;
};

// The closed loop: every connection sends `request`, and sends it again as soon as a whole
// response has come back, until `end` or the first failure.
Counts RunClosedLoop(std::vector<Connection>& pool, int epoll_fd, const std::string& request,
                     Clock::time_point end) {
  Counts counts;
  for (Connection& connection : pool) {
    if (!Send(connection, request)) ++counts.failed;
  }
  epoll_event events[256];
  char buffer[16384];
  while (counts.failed == 0 && Clock::now() < end) {
    const int ready = epoll_wait(epoll_fd, events, 256, 100);
    for (int i = 0; i < ready; ++i) {
      Connection& connection = pool[events[i].data.u64];
      size_t read = 0;
      const CURLcode result = curl_easy_recv(connection.easy, buffer, sizeof(buffer), &read);
      if (result == CURLE_AGAIN) continue;
      if (result != CURLE_OK || read == 0) {  // an error, or the peer closed the connection
        ++counts.failed;
        continue;
      }
      connection.response.append(buffer, read);
      while (const size_t length = CompleteResponse(connection.response)) {
        ++counts.completed;
        connection.response.erase(0, length);
        if (!Send(connection, request)) ++counts.failed;
      }
    }
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<slogate::bench::FloorArgs> args =
      slogate::bench::ParseFloorArgs(argc, argv, "curl_raw_floor");
  if (!args) return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  std::vector<Connection> pool(static_cast<size_t>(args->connections));
  for (size_t i = 0; i < pool.size(); ++i) {
    if (!Connect(pool[i], args->url, epoll_fd, i)) {
      std::fprintf(stderr, "curl_raw_floor: cannot connect to %s\n", args->url.c_str());
      return 1;
    }
  }
  const double cpu_before = slogate::bench::CpuSeconds();
  const Clock::time_point start = Clock::now();
  const Counts counts = RunClosedLoop(pool, epoll_fd, RenderRequest(args->url),
                                      start + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(args->seconds)));
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  slogate::bench::PrintFloorResult(counts.completed, elapsed,
                                   slogate::bench::CpuSeconds() - cpu_before, counts.failed);
  for (Connection& connection : pool) curl_easy_cleanup(connection.easy);
  curl_global_cleanup();
  return counts.failed == 0 ? 0 : 1;
}
