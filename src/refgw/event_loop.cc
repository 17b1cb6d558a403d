#include "event_loop.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "event_loop_connection.h"
#include "slogate/common/log.h"

namespace slogate::refgw::http {
namespace {

constexpr uint64_t kListenerId = 0;
constexpr uint64_t kWakeId = 1;
constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kMaxPendingOutput = 4 * 1024 * 1024;  // stop parsing pipelined input above
constexpr size_t kMaxConnections = 20000;
constexpr auto kSweepInterval = std::chrono::seconds(1);
// How long a loop stays off the listener after accept() ran out of descriptors, unless one of
// its connections closes first; and how often that condition is logged.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
constexpr auto kAcceptLogPeriod = std::chrono::seconds(10);

// Often enough that the shortest deadline is kept to within a quarter of itself; a short one
// is for tests, the defaults give one sweep a second.
std::chrono::steady_clock::duration SweepInterval(const ServerOptions& options) {
  const auto shortest = std::min(
      {options.idle_timeout, options.header_timeout, options.body_timeout, options.linger_time});
  return std::clamp<std::chrono::steady_clock::duration>(
      shortest / 4, std::chrono::milliseconds(10), kSweepInterval);
}

thread_local EventLoop* current_loop = nullptr;

bool NotBefore(const detail::Delivery& a, const detail::Delivery& b) {
  return a.not_before > b.not_before;  // for a min-heap with std::push_heap
}

}  // namespace

std::string ErrorBody(const std::string& message) {
  std::string body = "{\"detail\":\"";
  for (char c : message) {
    if (c == '"' || c == '\\') body.push_back('\\');
    body.push_back(c);
  }
  return body + "\"}";
}

EventLoop::EventLoop(int listen_fd, const ServerOptions& options, const Handler& handler)
    : listen_fd_(listen_fd),
      options_(options),
      handler_(handler),
      sweep_interval_(SweepInterval(options)),
      accept_failures_(kAcceptLogPeriod) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN | EPOLLEXCLUSIVE;
  event.data.u64 = kListenerId;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event);
  event.events = EPOLLIN;
  event.data.u64 = kWakeId;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
  mailbox_ = std::make_shared<detail::Mailbox>();
  mailbox_->wake_fd = wake_fd_;
}

EventLoop::~EventLoop() {
  {
    std::lock_guard lock(mailbox_->mutex);
    mailbox_->closed = true;
    mailbox_->pending.clear();
  }
  for (auto& [id, connection] : connections_) close(connection->fd);
  close(epoll_fd_);
  close(wake_fd_);
}

EventLoop* EventLoop::Current() { return current_loop; }

void EventLoop::RequestStop() {
  stop_.store(true);
  uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(wake_fd_, &one, sizeof(one));
}

void EventLoop::Run() {
  current_loop = this;
  next_sweep_ = std::chrono::steady_clock::now() + sweep_interval_;
  std::vector<epoll_event> events(256);
  while (!stop_.load()) {
    int timeout_ms = WaitTimeoutMs(std::chrono::steady_clock::now());
    int count = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    if (count < 0 && errno != EINTR) {
      log::Error(options_.name + " server: epoll_wait failed: " + std::strerror(errno));
      break;
    }
    for (int i = 0; i < count; ++i) {
      uint64_t id = events[static_cast<size_t>(i)].data.u64;
      if (id == kListenerId) {
        AcceptAll();
      } else if (id == kWakeId) {
        uint64_t value = 0;
        [[maybe_unused]] ssize_t got = read(wake_fd_, &value, sizeof(value));
        DrainMailbox();
      } else {
        HandleConnectionEvent(id, events[static_cast<size_t>(i)].events);
      }
    }
    auto now = std::chrono::steady_clock::now();
    FireTimers(now);
    if (now >= next_sweep_) {
      SweepIdle(now);
      next_sweep_ = now + sweep_interval_;
    }
    if (!accepting_ && now >= resume_accepting_at_) ResumeAccepting();
  }
  current_loop = nullptr;
}

int EventLoop::WaitTimeoutMs(std::chrono::steady_clock::time_point now) const {
  auto wake = next_sweep_;
  if (!timers_.empty()) wake = std::min(wake, timers_.front().not_before);
  if (!accepting_) wake = std::min(wake, resume_accepting_at_);
  if (wake <= now) return 0;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now);
  return static_cast<int>(std::min<int64_t>(wait.count(), 1000));
}

void EventLoop::AcceptAll() {
  // A few per wake-up, so that a burst of connections spreads over the loops sharing the
  // listener instead of landing on whichever woke first.
  constexpr int kMaxAcceptsPerWake = 8;
  for (int accepted = 0; accepted < kMaxAcceptsPerWake; ++accepted) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) NoteAcceptFailure(errno);
      return;
    }
    if (connections_.size() >= kMaxConnections) {
      close(fd);
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto connection = std::make_unique<Connection>();
    connection->fd = fd;
    connection->id = next_id_++;
    connection->last_activity = std::chrono::steady_clock::now();
    connection->input_deadline = connection->last_activity + options_.header_timeout;
    connection->interest = EPOLLIN;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = connection->id;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    connections_.emplace(connection->id, std::move(connection));
  }
}

void EventLoop::HandleConnectionEvent(uint64_t id, uint32_t events) {
  auto found = connections_.find(id);
  if (found == connections_.end()) return;
  Connection& connection = *found->second;
  connection.last_activity = std::chrono::steady_clock::now();
  if ((events & (EPOLLERR)) != 0) {
    Close(id);
    return;
  }
  if (connection.lingering) {
    if (!DiscardInput(connection)) Close(id);
    return;
  }
  if ((events & (EPOLLIN | EPOLLHUP)) != 0 && !ReadAvailable(connection)) {
    // The peer closed its side: answer what it sent, then close.
    connection.peer_closed = true;
  }
  if (!Pump(connection)) Close(id);
}

bool EventLoop::Pump(Connection& connection) {
  // Bounded so one pipelining client cannot hold the loop; the rest waits for its next event.
  constexpr int kMaxRounds = 64;
  if (connection.lingering) return true;  // answered; only the close is left
  for (int round = 0; round < kMaxRounds; ++round) {
    size_t unparsed = connection.in.size() - connection.in_offset;
    ProcessInput(connection);
    if (!Flush(connection)) return false;
    if (connection.lingering) return true;
    PullIfReady(connection);
    if (connection.awaiting_response || connection.out_offset < connection.out.size()) return true;
    if (connection.in.size() - connection.in_offset == unparsed) return !connection.peer_closed;
  }
  return true;
}

bool EventLoop::ReadAvailable(Connection& connection) {
  const size_t cap = options_.limits.max_header_bytes + options_.limits.max_body_bytes + kReadChunk;
  while (connection.in.size() - connection.in_offset < cap) {
    size_t old_size = connection.in.size();
    connection.in.resize(old_size + kReadChunk);
    ssize_t got = read(connection.fd, connection.in.data() + old_size, kReadChunk);
    if (got > 0) {
      connection.in.resize(old_size + static_cast<size_t>(got));
      if (static_cast<size_t>(got) < kReadChunk) return true;
      continue;
    }
    connection.in.resize(old_size);
    if (got == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

void EventLoop::ProcessInput(Connection& connection) {
  while (!connection.awaiting_response && !connection.close_after_write &&
         connection.out.size() - connection.out_offset < kMaxPendingOutput) {
    std::string_view input(connection.in.data() + connection.in_offset,
                           connection.in.size() - connection.in_offset);
    if (input.empty() || (connection.bytes_needed != 0 && input.size() < connection.bytes_needed))
      break;
    Request request;
    ParseOutcome outcome = ParseRequest(input, options_.limits, &request);
    NoteParseProgress(connection, outcome);
    if (outcome.status == ParseStatus::kIncomplete) {
      connection.bytes_needed = outcome.bytes_needed;
      if (outcome.expects_continue && !connection.sent_continue) {
        connection.out.append("HTTP/1.1 100 Continue\r\n\r\n");
        connection.sent_continue = true;
      }
      break;
    }
    if (outcome.status == ParseStatus::kError) {
      Response response = JsonResponse(outcome.error_status, ErrorBody(outcome.error_message));
      response.close_connection = true;
      connection.head_request = false;
      QueueResponse(connection, response);
      // The rest of the request (a body over the limit) is still on its way.
      connection.linger_on_close = true;
      connection.in.clear();
      connection.in_offset = 0;
      break;
    }
    connection.in_offset += outcome.consumed;
    connection.bytes_needed = 0;
    connection.sent_continue = false;
    connection.awaiting_response = true;
    connection.keep_alive = request.keep_alive;
    connection.head_request = request.method == "HEAD";
    connection.http10 = request.version_minor == 0;
    handler_(std::move(request), Responder(mailbox_, connection.id));
  }
  if (connection.in_offset > 0 && connection.in_offset * 2 >= connection.in.size()) {
    connection.in.erase(0, connection.in_offset);
    connection.in_offset = 0;
  }
}

bool EventLoop::Flush(Connection& connection) {
  while (connection.out_offset < connection.out.size()) {
    ssize_t sent = send(connection.fd, connection.out.data() + connection.out_offset,
                        connection.out.size() - connection.out_offset, MSG_NOSIGNAL);
    if (sent > 0) {
      connection.out_offset += static_cast<size_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return false;
  }
  if (connection.out_offset == connection.out.size()) {
    connection.out.clear();
    connection.out_offset = 0;
    if (connection.close_after_write && !connection.awaiting_response) {
      return connection.lingering || StartLingering(connection);
    }
  }
  UpdateInterest(connection);
  return true;
}

void EventLoop::UpdateInterest(Connection& connection) {
  const size_t cap = options_.limits.max_header_bytes + options_.limits.max_body_bytes + kReadChunk;
  uint32_t interest = 0;
  // Stop reading while the buffered input is at its cap (a pipelining client waits for us).
  if (connection.in.size() - connection.in_offset < cap && !connection.close_after_write)
    interest |= EPOLLIN;
  if (connection.out_offset < connection.out.size()) interest |= EPOLLOUT;
  if (interest == connection.interest) return;
  epoll_event event{};
  event.events = interest;
  event.data.u64 = connection.id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &event);
  connection.interest = interest;
}

void EventLoop::Close(uint64_t id) {
  auto found = connections_.find(id);
  if (found == connections_.end()) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, found->second->fd, nullptr);
  close(found->second->fd);
  connections_.erase(found);
  // A descriptor is free again: a loop that ran out of them may accept once more.
  ResumeAccepting();
}

void EventLoop::NoteAcceptFailure(int error) {
  const bool out_of_descriptors =
      error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
  const auto now = std::chrono::steady_clock::now();
  if (out_of_descriptors) PauseAccepting(now);
  std::optional<std::string> line = accept_failures_.Admit(
      options_.name + " server: accept failed: " + std::strerror(error) +
          (out_of_descriptors ? "; new connections wait until one closes (raise the descriptor "
                                "limit, ulimit -n, to hold more)"
                              : ""),
      now);
  if (line.has_value()) log::Warn(*line);
}

void EventLoop::PauseAccepting(std::chrono::steady_clock::time_point now) {
  resume_accepting_at_ = now + kAcceptPause;
  if (!accepting_) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  accepting_ = false;
}

void EventLoop::ResumeAccepting() {
  if (accepting_) return;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLEXCLUSIVE;
  event.data.u64 = kListenerId;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event);
  accepting_ = true;
}

void EventLoop::DeliverNow(detail::Delivery delivery) { Deliver(std::move(delivery), false); }

void EventLoop::Deliver(detail::Delivery delivery, bool resume_input) {
  if (delivery.not_before > std::chrono::steady_clock::now()) {
    timers_.push_back(std::move(delivery));
    std::push_heap(timers_.begin(), timers_.end(), NotBefore);
    return;
  }
  auto found = connections_.find(delivery.connection_id);
  if (found == connections_.end()) return;  // the client went away meanwhile
  Connection& connection = *found->second;
  if (delivery.piece.has_value()) {
    QueuePiece(connection, std::move(*delivery.piece));
  } else {
    QueueResponse(connection, delivery.response);
    connection.awaiting_response = connection.stream != nullptr;  // streaming: not done yet
  }
  connection.last_activity = std::chrono::steady_clock::now();
  if (!resume_input) return;  // the caller is inside ProcessInput and continues it
  if (!Pump(connection)) Close(connection.id);
}

void EventLoop::DrainMailbox() {
  std::vector<detail::Delivery> deliveries;
  {
    std::lock_guard lock(mailbox_->mutex);
    deliveries.swap(mailbox_->pending);
  }
  for (detail::Delivery& delivery : deliveries) Deliver(std::move(delivery), true);
}

void EventLoop::FireTimers(std::chrono::steady_clock::time_point now) {
  while (!timers_.empty() && timers_.front().not_before <= now) {
    std::pop_heap(timers_.begin(), timers_.end(), NotBefore);
    detail::Delivery delivery = std::move(timers_.back());
    timers_.pop_back();
    delivery.not_before = {};
    Deliver(std::move(delivery), true);
  }
}

}  // namespace slogate::refgw::http
