#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "event_loop.h"
#include "slogate/common/log.h"

namespace slogate::refgw::http {

Responder::Responder(std::shared_ptr<detail::Mailbox> mailbox, uint64_t connection_id)
    : mailbox_(std::move(mailbox)), connection_id_(connection_id) {}

Responder::Responder(Responder&& other) noexcept
    : mailbox_(std::move(other.mailbox_)), connection_id_(other.connection_id_) {}

Responder& Responder::operator=(Responder&& other) noexcept {
  if (this != &other) {
    if (mailbox_ != nullptr) Send(JsonResponse(500, "{\"detail\":\"Internal Server Error\"}"));
    mailbox_ = std::move(other.mailbox_);
    connection_id_ = other.connection_id_;
  }
  return *this;
}

Responder::~Responder() {
  if (mailbox_ != nullptr) Send(JsonResponse(500, "{\"detail\":\"Internal Server Error\"}"));
}

void Responder::Send(Response response) {
  SendAfter(std::chrono::nanoseconds(0), std::move(response));
}

void Responder::SendAfter(std::chrono::nanoseconds delay, Response response) {
  if (mailbox_ == nullptr) return;
  std::shared_ptr<detail::Mailbox> mailbox = std::move(mailbox_);
  detail::Delivery delivery;
  delivery.connection_id = connection_id_;
  delivery.response = std::move(response);
  if (delay.count() > 0) {
    delivery.not_before = std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(delay);
  }
  // Answered synchronously on the connection's own loop thread: no need to wake it.
  EventLoop* loop = EventLoop::Current();
  if (loop != nullptr && loop->Owns(mailbox.get())) {
    loop->DeliverNow(std::move(delivery));
    return;
  }
  detail::Post(mailbox, std::move(delivery));
}

void detail::Post(const std::shared_ptr<Mailbox>& mailbox, Delivery delivery) {
  bool wake = false;
  {
    std::lock_guard lock(mailbox->mutex);
    if (mailbox->closed) return;
    wake = mailbox->pending.empty();
    mailbox->pending.push_back(std::move(delivery));
  }
  if (wake) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t written = write(mailbox->wake_fd, &one, sizeof(one));
  }
}

PieceSink::PieceSink(std::shared_ptr<detail::Mailbox> mailbox, uint64_t connection_id)
    : mailbox_(std::move(mailbox)), connection_id_(connection_id) {}

PieceSink::PieceSink(PieceSink&& other) noexcept
    : mailbox_(std::move(other.mailbox_)), connection_id_(other.connection_id_) {}

PieceSink& PieceSink::operator=(PieceSink&& other) noexcept {
  if (this != &other) {
    if (mailbox_ != nullptr) Abort();
    mailbox_ = std::move(other.mailbox_);
    connection_id_ = other.connection_id_;
  }
  return *this;
}

PieceSink::~PieceSink() {
  if (mailbox_ != nullptr) Abort();
}

void PieceSink::More(std::string piece) {
  Deliver({std::move(piece), detail::StreamPiece::End::kMore});
}

void PieceSink::Last(std::string piece) {
  Deliver({std::move(piece), detail::StreamPiece::End::kLast});
}

void PieceSink::Abort() { Deliver({std::string(), detail::StreamPiece::End::kAbort}); }

void PieceSink::Deliver(detail::StreamPiece piece) {
  if (mailbox_ == nullptr) return;
  detail::Delivery delivery;
  delivery.connection_id = connection_id_;
  delivery.piece = std::move(piece);
  // Always through the mailbox, even from the loop's own thread: a stream answering inside
  // Pull must not re-enter the loop's write path.
  detail::Post(std::exchange(mailbox_, nullptr), std::move(delivery));
}

namespace {

Result<int> BindListener(const std::string& host, uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return MakeError("bad_address", "cannot listen on '" + host + "': not an IPv4 address");
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return MakeError("socket_failed", std::string("socket(): ") + std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, 4096) != 0) {
    std::string reason = std::strerror(errno);
    close(fd);
    return MakeError("bind_failed",
                     "cannot listen on " + host + ":" + std::to_string(port) + ": " + reason);
  }
  return fd;
}

uint16_t BoundPort(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, Handler handler) {
  if (options.threads < 1)
    return MakeError("bad_threads", "an HTTP server needs at least one thread");
  std::unique_ptr<Server> server(new Server());
  server->options_ = std::make_unique<ServerOptions>(std::move(options));
  server->handler_ = std::make_unique<Handler>(std::move(handler));
  const ServerOptions& opts = *server->options_;
  // One listener shared by every loop (EPOLLEXCLUSIVE wakes one loop per connection). Not
  // SO_REUSEPORT: that would let another socket of the same user share, and split, the port.
  Result<int> fd = BindListener(opts.host, opts.port);
  if (!fd.ok()) return fd.error();
  server->listen_fd_ = *fd;
  uint16_t port = BoundPort(*fd);
  for (int i = 0; i < opts.threads; ++i) {
    server->loops_.push_back(std::make_unique<EventLoop>(*fd, opts, *server->handler_));
  }
  server->port_ = port;
  for (auto& loop : server->loops_) {
    server->threads_.emplace_back([loop = loop.get()] { loop->Run(); });
  }
  return server;
}

Server::~Server() { Stop(); }

void Server::Stop() {
  for (auto& loop : loops_) loop->RequestStop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  loops_.clear();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
}

}  // namespace slogate::refgw::http
