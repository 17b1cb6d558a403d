// One event-loop thread of http::Server: accepts on the shared listener, reads, parses, calls the
// handler, and writes answers delivered through its Mailbox. Private to http_server.cc.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http_server.h"
#include "log_throttle.h"

namespace slogate::refgw::http {

namespace detail {

// One piece of a streamed body, from a PieceSink.
struct StreamPiece {
  enum class End { kMore, kLast, kAbort };
  std::string bytes;
  End end = End::kMore;
};

// An answer, or a piece of a streamed one, on its way to a connection, possibly not before
// `not_before`.
struct Delivery {
  uint64_t connection_id = 0;
  std::chrono::steady_clock::time_point not_before{};
  Response response;
  std::optional<StreamPiece> piece;  // when set, `response` is unused
};

// Queues `delivery` on `mailbox` and wakes its loop. Thread-safe; dropped when the mailbox
// was closed (its loop stopped).
void Post(const std::shared_ptr<Mailbox>& mailbox, Delivery delivery);

// Where Responders leave answers for a loop; outlives the loop while Responders exist.
struct Mailbox {
  int wake_fd = -1;  // eventfd the loop waits on
  std::mutex mutex;
  std::vector<Delivery> pending;  // guarded by mutex
  bool closed = false;            // guarded by mutex
};

}  // namespace detail

class EventLoop {
 public:
  // `listen_fd` (shared, owned by the Server), `options` and `handler` must outlive the loop.
  EventLoop(int listen_fd, const ServerOptions& options, const Handler& handler);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs until RequestStop(); call on the loop's own thread.
  void Run();
  // Thread-safe.
  void RequestStop();

  // Called by Responder on the loop's own thread (the handler answered synchronously).
  void DeliverNow(detail::Delivery delivery);
  // The loop running on the calling thread, or nullptr on other threads.
  static EventLoop* Current();
  bool Owns(const detail::Mailbox* mailbox) const { return mailbox_.get() == mailbox; }

 private:
  struct Connection;

  void AcceptAll();
  // Logs a failed accept() (at most one line per period) and pauses on running out of
  // descriptors.
  void NoteAcceptFailure(int error);
  // At the descriptor limit accept() keeps failing while the level-triggered listener stays
  // ready: the loop leaves the listener until a connection of its own closes or a short pause
  // passes, instead of spinning.
  void PauseAccepting(std::chrono::steady_clock::time_point now);
  void ResumeAccepting();
  void HandleConnectionEvent(uint64_t id, uint32_t events);
  bool ReadAvailable(Connection& connection);
  void ProcessInput(Connection& connection);
  // Parses, dispatches and writes until the connection waits on a handler, on the socket, or
  // on more input. False when the connection should be closed.
  bool Pump(Connection& connection);
  void QueueResponse(Connection& connection, const Response& response);
  void QueueStreamHead(Connection& connection, const Response& response);
  void QueuePiece(Connection& connection, detail::StreamPiece piece);
  // Asks the connection's stream for its next piece when little output is pending.
  void PullIfReady(Connection& connection);
  bool Flush(Connection& connection);
  // After the last answer of a connection that may have unread input: shuts the write side and
  // keeps reading (DiscardInput) within the linger bounds. False when it can be closed now.
  bool StartLingering(Connection& connection);
  // Reads and drops what arrived; false once the peer closed or the byte bound was passed.
  bool DiscardInput(Connection& connection);
  // Tracks the head and body deadlines as parsing reaches each part of a request.
  void NoteParseProgress(Connection& connection, const ParseOutcome& outcome);
  // A request that missed its deadline: 408 when part of it arrived, then close.
  void ExpireRequest(Connection& connection);
  void UpdateInterest(Connection& connection);
  void Close(uint64_t id);
  void Deliver(detail::Delivery delivery, bool resume_input);
  void DrainMailbox();
  void FireTimers(std::chrono::steady_clock::time_point now);
  // Closes connections past their idle timeout, request deadline or linger bound.
  void SweepIdle(std::chrono::steady_clock::time_point now);
  int WaitTimeoutMs(std::chrono::steady_clock::time_point now) const;

  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  const ServerOptions& options_;
  const Handler& handler_;
  std::shared_ptr<detail::Mailbox> mailbox_;
  std::atomic<bool> stop_{false};
  uint64_t next_id_ = 2;  // 0 = listener, 1 = wake eventfd
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<detail::Delivery> timers_;  // min-heap on not_before
  std::chrono::steady_clock::time_point next_sweep_{};
  std::chrono::steady_clock::duration sweep_interval_;
  bool accepting_ = true;
  std::chrono::steady_clock::time_point resume_accepting_at_{};  // while !accepting_
  LogThrottle accept_failures_;
};

}  // namespace slogate::refgw::http
