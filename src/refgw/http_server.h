// A small epoll HTTP/1.1 server: a few event-loop threads sharing one listener, keep-alive and
// pipelined requests, Content-Length bodies.
//
// Hostile clients are bounded: a request's head and body each have a deadline (slowloris), an
// answer that leaves input unread is followed by a bounded lingering close, and at the
// descriptor limit a loop stops accepting for a moment instead of spinning on EMFILE (its log
// line is rate-limited).
//
// Handlers never block a loop: a handler gets a Responder and may answer later from any thread
// (e.g. when a WAL append completes); the answer is handed back to the connection's loop
// through an eventfd. Requests on one connection are answered in order: the next pipelined
// request is parsed only after the previous one was answered.
//
// A large body can be streamed (Response::body_stream): the loop pulls one piece at a time
// from a BodyStream and sends it as a chunk, asking for the next only once less than
// kStreamLowWater bytes wait to be written, so a slow reader holds about one piece in memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http_message.h"
#include "http_parser.h"
#include "slogate/common/result.h"

namespace slogate::refgw::http {

namespace detail {
struct Mailbox;
struct StreamPiece;
}  // namespace detail

// Pending output below which a streamed response is asked for its next piece.
inline constexpr size_t kStreamLowWater = 64 * 1024;

// The one way to answer a request. Move-only; thread-safe to call from any thread. A
// Responder dropped without answering sends 500, so a connection is never left hanging.
class Responder {
 public:
  Responder(std::shared_ptr<detail::Mailbox> mailbox, uint64_t connection_id);
  Responder(Responder&& other) noexcept;
  Responder& operator=(Responder&& other) noexcept;
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;
  ~Responder();

  // Sends `response` now. At most one Send/SendAfter per Responder.
  void Send(Response response);
  // Sends `response` once `delay` has passed, without holding any thread meanwhile.
  void SendAfter(std::chrono::nanoseconds delay, Response response);

 private:
  std::shared_ptr<detail::Mailbox> mailbox_;
  uint64_t connection_id_ = 0;
};

// Where a BodyStream hands over one piece. Move-only; thread-safe to call from any thread;
// exactly one of More/Last/Abort per sink. A sink dropped without a call aborts the body.
class PieceSink {
 public:
  PieceSink(std::shared_ptr<detail::Mailbox> mailbox, uint64_t connection_id);
  PieceSink(PieceSink&& other) noexcept;
  PieceSink& operator=(PieceSink&& other) noexcept;
  PieceSink(const PieceSink&) = delete;
  PieceSink& operator=(const PieceSink&) = delete;
  ~PieceSink();

  // `piece` is sent and the stream is pulled again once it has mostly been written.
  void More(std::string piece);
  // The body ends with `piece` (may be empty); the connection then serves its next request.
  void Last(std::string piece);
  // The body cannot be completed: what was sent stays, the final chunk is never sent and the
  // connection is closed, so the client sees a truncated transfer rather than a short answer.
  void Abort();

 private:
  void Deliver(detail::StreamPiece piece);

  std::shared_ptr<detail::Mailbox> mailbox_;
  uint64_t connection_id_ = 0;
};

// The body of a streamed response, produced piece by piece.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Asks for the next piece; called on the connection's loop thread, never again before the
  // sink was used. Must not block: produce the piece at once or hand the sink to another
  // thread. The stream is released when the body ends or the connection closes.
  virtual void Pull(PieceSink sink) = 0;
};

using Handler = std::function<void(Request request, Responder responder)>;

struct ServerOptions {
  std::string name = "http";       // for log lines ("api", "metrics")
  std::string host = "127.0.0.1";  // IPv4 address to bind
  uint16_t port = 0;               // 0 picks an ephemeral port; see Server::port()
  int threads = 2;                 // event-loop threads
  ParseLimits limits;
  std::chrono::milliseconds idle_timeout{60000};  // idle keep-alive connections are closed
  // A request's head must arrive whole within header_timeout of its first byte (of the
  // connection's start, for its first request), its body within body_timeout of the head's
  // end; else the client gets 408 and the connection is closed. Without them a client that
  // sends one byte at a time keeps a connection forever, as every byte resets the idle timer.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  // After an answer that leaves the client's input unread (413, 400, ...), the server shuts
  // its write side and reads and discards input for up to linger_time and linger_bytes before
  // closing, so that the client reads the answer instead of a connection reset (nginx's
  // lingering close).
  std::chrono::milliseconds linger_time{5000};
  size_t linger_bytes = 16 * 1024 * 1024;
  std::vector<Header> response_headers;  // added to every response, also the server's own errors
};

class EventLoop;

class Server {
 public:
  // Binds and starts the event loops. Errors name the address that could not be bound.
  static Result<std::unique_ptr<Server>> Start(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const { return port_; }
  // Stops accepting, closes every connection and joins the loop threads. Idempotent.
  void Stop();

 private:
  Server() = default;

  uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::unique_ptr<Handler> handler_;
  std::unique_ptr<ServerOptions> options_;
  std::vector<std::unique_ptr<EventLoop>> loops_;
  std::vector<std::thread> threads_;
};

}  // namespace slogate::refgw::http
