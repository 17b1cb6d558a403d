// A small epoll HTTP/1.1 server: a few event-loop threads sharing one listener, keep-alive and
// pipelined requests, Content-Length bodies.
//
// Handlers never block a loop: a handler gets a Responder and may answer later from any thread
// (e.g. when a WAL append completes); the answer is handed back to the connection's loop
// through an eventfd. Requests on one connection are answered in order: the next pipelined
// request is parsed only after the previous one was answered.
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
}  // namespace detail

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

using Handler = std::function<void(Request request, Responder responder)>;

struct ServerOptions {
  std::string name = "http";       // for log lines ("api", "metrics")
  std::string host = "127.0.0.1";  // IPv4 address to bind
  uint16_t port = 0;               // 0 picks an ephemeral port; see Server::port()
  int threads = 2;                 // event-loop threads
  ParseLimits limits;
  std::chrono::milliseconds idle_timeout{60000};  // idle keep-alive connections are closed
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
