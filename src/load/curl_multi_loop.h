// CurlMultiLoop: one sending thread's libcurl multi handle, driven through its socket API
// (CURLMOPT_SOCKETFUNCTION / CURLMOPT_TIMERFUNCTION, curl_multi_socket_action) from an epoll
// instance with nanosecond timeouts. Both transports use it: the libcurl one for every
// transfer, the HTTP/1.1 one for its connects (name resolution, TCP, TLS, all libcurl's) and
// for the epoll instance its own connections are watched in.
// Not thread-safe: one per sending thread.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "epoll_set.h"
#include "slogate/common/result.h"
#include "slogate/load/load_options.h"

namespace slogate::load {

using Clock = std::chrono::steady_clock;

// A duration as libcurl's millisecond options take it: at least 1 (0 would mean no limit).
long CurlMilliseconds(std::chrono::nanoseconds value);

class CurlMultiLoop {
 public:
  // Events on a socket the engine owns (EpollSet::Own): its slot and epoll's event bits.
  using OwnedEvent = std::function<void(uint32_t slot, uint32_t events)>;

  CurlMultiLoop() = default;
  ~CurlMultiLoop();
  CurlMultiLoop(const CurlMultiLoop&) = delete;
  CurlMultiLoop& operator=(const CurlMultiLoop&) = delete;

  // Creates the epoll instance and the multi handle, keeping at most `connections` open.
  Status Open(long connections, bool multiplex);
  CURLM* multi() const { return multi_; }
  EpollSet& epoll() { return epoll_; }
  // Sets what every easy handle of this loop needs to connect to `url` as `options` say: the
  // URL, no proxy, no signals, TCP_NODELAY, the connect timeout, TLS, libcurl's messages into
  // `error_buffer` (CURL_ERROR_SIZE), and the close-socket callback (so a closed socket is
  // forgotten by the epoll set before its number is reused).
  Status SetUp(CURL* easy, const LoadOptions& options, const std::string& url, char* error_buffer);
  // Called with the owning slot when libcurl closes a socket the engine owns (EpollSet::Own),
  // which it may do on its own to a connection it finds dead.
  void OnOwnedSocketClosed(std::function<void(uint32_t slot)> closed) {
    owned_closed_ = std::move(closed);
  }
  // When libcurl next needs its timers run.
  Clock::time_point deadline() const { return deadline_; }
  // Runs libcurl's timers when they are due.
  void RunDueTimers() {
    if (Clock::now() >= deadline_) RunTimers();
  }
  // Waits for socket events until `wakeup` at the latest, hands each to libcurl or to
  // `owned`, then runs libcurl's timers when due.
  void Wait(Clock::time_point wakeup, const OwnedEvent& owned);

 private:
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  static int OnCloseSocket(void* self, curl_socket_t socket);
  void RunTimers();

  EpollSet epoll_;
  CURLM* multi_ = nullptr;
  std::function<void(uint32_t slot)> owned_closed_;
  Clock::time_point deadline_ = Clock::time_point::max();
};

}  // namespace slogate::load
