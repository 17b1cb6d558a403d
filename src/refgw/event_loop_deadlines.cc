// EventLoop's defences against clients that hold connections: the head and body deadlines of a
// request, the idle sweep, and the lingering close that lets a client read an answer given
// before its request was read (413).
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "event_loop.h"
#include "event_loop_connection.h"
#include "http_message.h"

namespace slogate::refgw::http {

void EventLoop::NoteParseProgress(Connection& connection, const ParseOutcome& outcome) {
  using Awaiting = Connection::Awaiting;
  const auto now = std::chrono::steady_clock::now();
  if (outcome.status != ParseStatus::kIncomplete) {
    connection.awaiting_input = Awaiting::kNone;
  } else if (outcome.bytes_needed != 0) {  // the head is complete, the body is not
    if (connection.awaiting_input != Awaiting::kBody) {
      connection.awaiting_input = Awaiting::kBody;
      connection.input_deadline = now + options_.body_timeout;
    }
  } else if (connection.awaiting_input == Awaiting::kNone) {
    // The first bytes of the next request on a kept-alive connection.
    connection.awaiting_input = Awaiting::kHead;
    connection.input_deadline = now + options_.header_timeout;
  }
}

void EventLoop::ExpireRequest(Connection& connection) {
  const bool head = connection.awaiting_input == Connection::Awaiting::kHead;
  // A connection that never sent a byte gets no answer, as in nginx: there is no request.
  if (!head || connection.in.size() > connection.in_offset) {
    const auto limit = head ? options_.header_timeout : options_.body_timeout;
    Response response = JsonResponse(
        408, ErrorBody(std::string(head ? "the request head" : "the request body") +
                       " did not arrive in full within " + std::to_string(limit.count()) +
                       " ms; send each request without pauses"));
    response.close_connection = true;
    connection.head_request = false;
    QueueResponse(connection, response);
    // One attempt: a client this slow gets no more of the loop's time.
    send(connection.fd, connection.out.data() + connection.out_offset,
         connection.out.size() - connection.out_offset, MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  // Input left unread at close() would turn the close into a reset that discards the 408.
  DiscardInput(connection);
  Close(connection.id);
}

bool EventLoop::StartLingering(Connection& connection) {
  const bool input_unread =
      connection.linger_on_close || connection.in.size() > connection.in_offset;
  if (!input_unread || connection.peer_closed) return false;
  shutdown(connection.fd, SHUT_WR);
  connection.lingering = true;
  connection.linger_deadline = std::chrono::steady_clock::now() + options_.linger_time;
  connection.in.clear();
  connection.in_offset = 0;
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = connection.id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &event);
  connection.interest = EPOLLIN;
  return DiscardInput(connection);
}

bool EventLoop::DiscardInput(Connection& connection) {
  char scratch[16 * 1024];
  while (connection.lingered_bytes <= options_.linger_bytes) {
    ssize_t got = read(connection.fd, scratch, sizeof(scratch));
    if (got > 0) {
      connection.lingered_bytes += static_cast<size_t>(got);
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return false;
}

void EventLoop::SweepIdle(std::chrono::steady_clock::time_point now) {
  std::vector<uint64_t> idle;
  std::vector<uint64_t> expired;
  for (const auto& [id, connection] : connections_) {
    if (connection->lingering) {
      if (now >= connection->linger_deadline) idle.push_back(id);
      continue;
    }
    const bool waiting_for_request = !connection->awaiting_response &&
                                     connection->out_offset == connection->out.size() &&
                                     !connection->close_after_write;
    if (waiting_for_request && connection->awaiting_input != Connection::Awaiting::kNone &&
        now >= connection->input_deadline) {
      expired.push_back(id);
      continue;
    }
    // A stream waiting on the socket counts as idle too: a client that stopped reading.
    const bool waiting_on_peer = !connection->awaiting_response ||
                                 (connection->stream != nullptr && !connection->stream_pulling);
    if (waiting_on_peer && now - connection->last_activity > options_.idle_timeout) {
      idle.push_back(id);
    }
  }
  for (uint64_t id : expired) ExpireRequest(*connections_.at(id));
  for (uint64_t id : idle) Close(id);
}

}  // namespace slogate::refgw::http
