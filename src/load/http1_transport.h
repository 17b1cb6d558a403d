// Http1Transport: HTTP/1.1 on connections libcurl opens and owns (CURLOPT_CONNECT_ONLY through
// the thread's multi handle, so name resolution, TCP, TLS and their errors stay libcurl's),
// with the request written from a pre-rendered buffer and the response framed by the engine
// (ResponseFramer). A libcurl transfer costs about three of wrk's requests in CPU; this path
// costs about one (docs/load.md, "Transports").
//
// Per slot: one connection, kept alive between requests and reopened after "Connection: close",
// a close, a malformed response or a failure. A request that finds its reused connection closed
// by the peer before any byte of a response came back is sent once more on a fresh
// connection, as libcurl does. Pipelining: never (one request per connection at a time).
// Plain-HTTP connections are read and written with send/recv on libcurl's socket; TLS ones
// through curl_easy_send / curl_easy_recv. Timeouts: every request has the run's
// request_timeout from its send, connect included; requests are timed out in send order.
// Not thread-safe: one per sending thread.
#pragma once

#include <curl/curl.h>

#include <array>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "curl_multi_loop.h"
#include "http1_response.h"
#include "transport.h"

namespace slogate::load {

class Http1Transport final : public Transport {
 public:
  Http1Transport(const LoadOptions& options, const PreparedRequest& request);
  ~Http1Transport() override;
  Http1Transport(const Http1Transport&) = delete;
  Http1Transport& operator=(const Http1Transport&) = delete;

  // Renders the request head and opens the multi handle for `max_slots` connections.
  Status Open(size_t max_slots);

  Status AddSlot(size_t slot) override;
  void Send(size_t slot, UuidGenerator& uuids) override;
  void RunDue() override;
  Clock::time_point Deadline() const override;
  void Wait(Clock::time_point wakeup, std::vector<Completion>& finished) override;
  void Abandon(size_t slot) override;
  bool Preconnect(size_t slot) override;
  bool Connecting(size_t slot) const override;

 private:
  enum class Phase {
    kClosed,      // no connection (the easy handle is not in the multi handle)
    kConnecting,  // libcurl is connecting
    kIdle,        // connected, no request
    kWriting,     // a request is being written (the response may already be arriving)
    kReading,     // the request is written; reading the response
  };
  static constexpr size_t kNone = SIZE_MAX;

  struct Slot {
    size_t number = 0;
    CURL* easy = nullptr;
    Phase phase = Phase::kClosed;
    curl_socket_t socket = CURL_SOCKET_BAD;
    bool closed_by_libcurl = false;  // libcurl closed the socket (found the connection dead)
    std::string bytes;       // the request: head, then a copied body with its UUIDs in place
    std::string fresh_ids;   // a streamed body's UUIDs, 36 characters each
    size_t written = 0;      // request bytes written, the streamed body's included
    std::string piece;       // a streamed body's bytes being written (16 KiB at most)
    size_t piece_start = 0;  // their offset in the body
    bool reused = false;     // the request went out on a connection an earlier one used
    bool preconnected = false;  // the connection (or its connect) is Preconnect's, unused
    Clock::time_point preconnect_began;
    bool riding_preconnect = false;  // the request waits for a connect Preconnect began
    bool retried = false;    // already resent once on a fresh connection
    Clock::time_point deadline;
    size_t older = kNone;  // the in-flight list, in send order (so deadline order)
    size_t newer = kNone;
    ResponseFramer framer;
    std::array<char, CURL_ERROR_SIZE> error_detail{};
    std::string detail;
  };

  bool InFlight(const Slot& slot) const;
  void Link(Slot& slot);
  void Unlink(Slot& slot);
  void Connect(Slot& slot);
  void OnConnected(Slot& slot, CURLcode code);
  void Write(Slot& slot);
  void Read(Slot& slot);
  void OnEvent(uint32_t slot, uint32_t events);
  // Gives the response its end when it was the peer's close that ended it, else retries or
  // fails the request.
  void OnPeerClosed(Slot& slot, std::string_view why);
  // Sends the request again on a fresh connection when its reused one was closed before any
  // response byte; false when that is not allowed (then the caller fails it).
  bool Retry(Slot& slot);
  void Succeed(Slot& slot);
  void Fail(Slot& slot, ErrorCategory category, std::string detail);
  void Finish(Slot& slot, Completion completion);
  void Disconnect(Slot& slot);
  void ReapConnects();
  void TimeOut(Clock::time_point now);
  // recv/send on the slot's connection: libcurl's for TLS, the socket's own otherwise.
  CURLcode Receive(Slot& slot, char* buffer, size_t size, size_t& received);
  CURLcode Transmit(Slot& slot, const char* data, size_t size, size_t& sent);
  // Either, as libcurl's codes: CURLE_AGAIN when it would block, `failure` (slot.detail says
  // why) when it failed; `moved` is what the socket call moved (libcurl's call sets it itself).
  template <typename CurlCall, typename SocketCall>
  CURLcode Move(Slot& slot, CURLcode failure, const char* call, CurlCall through_curl,
                SocketCall on_socket, size_t& moved);

  const LoadOptions& options_;
  const PreparedRequest& request_;
  bool tls_ = false;
  bool head_request_ = false;
  std::string head_;        // rendered once per run
  CurlMultiLoop loop_;      // declared before the slots: destroyed after their handles
  std::deque<Slot> slots_;  // a deque: libcurl keeps pointers to its elements
  size_t oldest_ = kNone;   // in-flight list ends
  size_t newest_ = kNone;
  std::vector<Completion> pending_;  // finished outside Wait, handed over by the next one
  std::vector<size_t> lost_;         // slots whose socket libcurl closed, handled after its call
};

}  // namespace slogate::load
