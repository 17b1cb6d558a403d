// What curl_raw_floor and paced_floor share: a connection libcurl only connects
// (CURLOPT_CONNECT_ONLY), the bench's request pre-rendered, and responses framed by their
// Content-Length. The bench's nginx always sends Content-Length; this is not a framer.
#pragma once

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floor_loop.h"

namespace slogate::bench {

// How the bytes go: through libcurl's easy calls on its connection (curl_raw_floor, what TLS
// would need), or with send/recv on its socket (paced_floor, as the engine's plain HTTP).
enum class RawIo { kCurlEasy, kSocket };

// A connect that has not finished by then fails the tool: a target that accepts nothing must
// not hold it.
inline constexpr long kConnectTimeoutMs = 5000;
// The most a response may hold before it is framed: the bench's are ~200 bytes, and a target
// that never ends its headers or announces a huge body must not grow the tool's memory.
inline constexpr size_t kMaxResponseBytes = 1 << 20;

struct RawConnection {
  CURL* easy = nullptr;
  curl_socket_t socket = CURL_SOCKET_BAD;
  std::string response;  // bytes of the response being read
};

// "POST <path> HTTP/1.1" with the headers libcurl would send for curl_floor's request.
inline std::string RenderRequest(const std::string& url) {
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
                        std::to_string(sizeof(kFloorPayload) - 1) + "\r\n\r\n" + kFloorPayload;
  curl_free(host);
  curl_free(port);
  curl_free(path);
  curl_url_cleanup(parts);
  return request;
}

// Length of the first complete response in `bytes` (headers plus Content-Length body), or 0
// while it is still incomplete.
inline size_t CompleteResponse(std::string_view bytes) {
  const size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  constexpr std::string_view kLength = "\r\nContent-Length: ";
  const size_t at = bytes.substr(0, head_end).find(kLength);
  const size_t body = at == std::string_view::npos
                          ? 0
                          : std::strtoull(bytes.data() + at + kLength.size(), nullptr, 10);
  // A body over the cap never completes (ReadResponses then fails the connection), and the
  // sum below cannot wrap.
  if (body > kMaxResponseBytes) return 0;
  const size_t total = head_end + 4 + body;
  return bytes.size() >= total ? total : 0;
}

// Bytes written, or -1 on an error; 0 when the socket cannot take more now.
inline long SendSome(RawConnection& connection, RawIo io, const char* data, size_t size) {
  if (io == RawIo::kSocket) {
    const ssize_t sent = send(connection.socket, data, size, MSG_NOSIGNAL);
    if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
    return sent;
  }
  size_t sent = 0;
  const CURLcode result = curl_easy_send(connection.easy, data, size, &sent);
  if (result == CURLE_AGAIN) return 0;
  return result == CURLE_OK ? static_cast<long>(sent) : -1;
}

inline bool SendRequest(RawConnection& connection, RawIo io, const std::string& request) {
  size_t sent = 0;
  while (sent < request.size()) {
    // Retried at once: the bench sends one small request on a connection whose last answer
    // has been read, so the socket's send buffer is empty. Not for a peer that stops reading.
    const long now = SendSome(connection, io, request.data() + sent, request.size() - sent);
    if (now < 0) return false;
    sent += static_cast<size_t>(now);
  }
  return true;
}

// Connects `connection` (libcurl only connects: CONNECT_ONLY) and watches its socket for
// input under `index`.
inline bool ConnectRaw(RawConnection& connection, const std::string& url, int epoll_fd,
                       size_t index) {
  connection.easy = curl_easy_init();
  curl_easy_setopt(connection.easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(connection.easy, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(connection.easy, CURLOPT_PROXY, "");
  curl_easy_setopt(connection.easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(connection.easy, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
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

// `connections` connected to `url`, each watched under its index; nullopt after saying which
// tool could not connect.
inline std::optional<std::vector<RawConnection>> ConnectPool(const std::string& url,
                                                             int connections, int epoll_fd,
                                                             const char* name) {
  std::vector<RawConnection> pool(static_cast<size_t>(connections));
  for (size_t i = 0; i < pool.size(); ++i) {
    if (stop_signalled != 0) {
      std::fprintf(stderr, "%s: stopped while connecting\n", name);
      return std::nullopt;
    }
    if (!ConnectRaw(pool[i], url, epoll_fd, i)) {
      std::fprintf(stderr, "%s: cannot connect to %s\n", name, url.c_str());
      return std::nullopt;
    }
  }
  return pool;
}

// Whether a framed response's status is 2xx: the engine's default OK set.
inline bool StatusOk(std::string_view response) {
  return response.size() > 9 && response.substr(0, 7) == "HTTP/1." && response[8] == ' ' &&
         response[9] == '2';
}

// Reads what `connection` has; calls on_response(ok) once per whole response, ok when its
// status is 2xx. False when the connection failed, the peer closed it, or a response grew past
// kMaxResponseBytes unframed.
template <typename OnResponse>
bool ReadResponses(RawConnection& connection, RawIo io, OnResponse on_response) {
  char buffer[16384];
  size_t read = 0;
  if (io == RawIo::kSocket) {
    const ssize_t got = recv(connection.socket, buffer, sizeof(buffer), 0);
    if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    read = static_cast<size_t>(got);
  } else {
    const CURLcode result = curl_easy_recv(connection.easy, buffer, sizeof(buffer), &read);
    if (result == CURLE_AGAIN) return true;
    if (result != CURLE_OK) return false;
  }
  if (read == 0) return false;
  connection.response.append(buffer, read);
  while (const size_t length = CompleteResponse(connection.response)) {
    const bool ok = StatusOk(connection.response);
    connection.response.erase(0, length);
    on_response(ok);
  }
  return connection.response.size() <= kMaxResponseBytes;
}

}  // namespace slogate::bench
