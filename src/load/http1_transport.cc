#include "http1_transport.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <span>
#include <utility>

#include "http1_request.h"
#include "slogate/common/units.h"

namespace slogate::load {
namespace {

// Bytes moved per send or recv call: a loopback segment, and a streamed body's piece.
constexpr size_t kChunkBytes = 16 * 1024;
// Calls made for one slot per event before the loop moves on (epoll reports the socket again):
// a target streaming faster than it is read, or reading faster than a large body is written,
// cannot hold the thread, its other slots, its timeouts or a stop request. 256 KiB, as libcurl
// bounds its own reads per call.
constexpr int kCallsPerEvent = 16;
// libcurl closes a cached connection idle longer than CURLOPT_MAXAGE_CONN (118 s by default)
// when it next connects anything. A CONNECT_ONLY connection looks idle to libcurl however busy
// the engine keeps it, so the age is set past any run.
constexpr long kNeverTooOldSeconds = 100L * 365 * 24 * 3600;
// A preconnected connection's first request within this long of its connect is the
// connection's own first (not sent again if the connection turns out closed); later, the
// target may have closed it while idle, and the request may be sent once more as on a reused
// connection. A target closes an idle connection after seconds, not within one.
constexpr auto kPreconnectedFreshFor = std::chrono::seconds(1);

bool StartsWithHttps(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if ((url[i] | 0x20) != kScheme[i]) return false;
  }
  return true;
}

}  // namespace

Http1Transport::Http1Transport(const LoadOptions& options, const PreparedRequest& request)
    : options_(options), request_(request) {}

Http1Transport::~Http1Transport() {
  for (Slot& slot : slots_) {
    if (slot.easy == nullptr) continue;
    if (slot.socket != CURL_SOCKET_BAD) loop_.epoll().Forget(slot.socket);
    if (slot.phase != Phase::kClosed) curl_multi_remove_handle(loop_.multi(), slot.easy);
    curl_easy_cleanup(slot.easy);
  }
}

Status Http1Transport::Open(size_t max_slots) {
  tls_ = StartsWithHttps(request_.url);
  head_request_ = request_.method == "HEAD";
  Result<std::string> head = RenderHttp1Head(request_);
  if (!head) return head.error();
  head_ = std::move(head).value();
  if (Status status = loop_.Open(static_cast<long>(max_slots), false); !status) return status;
  // Called from inside libcurl: only notes the loss; the slot is dealt with after the call.
  loop_.OnOwnedSocketClosed([this](uint32_t number) {
    Slot& slot = slots_[number];
    slot.socket = CURL_SOCKET_BAD;
    slot.closed_by_libcurl = true;
    lost_.push_back(number);
  });
  return Status::Ok();
}

Status Http1Transport::AddSlot(size_t number) {
  slots_.emplace_back();
  Slot& slot = slots_.back();
  slot.number = number;
  slot.easy = curl_easy_init();
  Status status = slot.easy == nullptr
                      ? MakeError("curl_setup", "curl_easy_init failed")
                      : loop_.SetUp(slot.easy, options_, request_.url, slot.error_detail.data());
  if (!status) {
    if (slot.easy != nullptr) curl_easy_cleanup(slot.easy);
    slots_.pop_back();
    return status;
  }
  curl_easy_setopt(slot.easy, CURLOPT_PRIVATE, &slot);
  curl_easy_setopt(slot.easy, CURLOPT_CONNECT_ONLY, 1L);
  // ALPN offers http/1.1 alone: the engine speaks nothing else on the connection.
  curl_easy_setopt(slot.easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(slot.easy, CURLOPT_MAXAGE_CONN, kNeverTooOldSeconds);
  slot.bytes = head_;
  if (StreamsBody(request_)) {
    slot.fresh_ids.resize(request_.uuid_offsets.size() * static_cast<size_t>(kUuidTextLength));
  } else {
    slot.bytes += request_.body;
  }
  return Status::Ok();
}

void Http1Transport::Send(size_t number, UuidGenerator& uuids) {
  Slot& slot = slots_[number];
  if (StreamsBody(request_)) {
    for (size_t at = 0; at < slot.fresh_ids.size(); at += static_cast<size_t>(kUuidTextLength)) {
      uuids.Write(slot.fresh_ids.data() + at);
    }
  } else {
    for (size_t offset : request_.uuid_offsets) {
      uuids.Write(slot.bytes.data() + head_.size() + offset);
    }
  }
  slot.framer.Begin(head_request_);
  slot.written = 0;
  slot.piece.clear();
  slot.retried = false;
  const Clock::time_point now = Clock::now();
  slot.deadline = now + options_.request_timeout;
  Link(slot);
  if (slot.closed_by_libcurl) Disconnect(slot);
  // A connection Preconnect opened moments ago is this request's own, as one libcurl opens for
  // it: not sent again when it turns out closed. One that waited longer may have been closed by
  // the target meanwhile, like a reused one.
  const bool ahead = slot.preconnected;
  slot.preconnected = false;
  slot.reused =
      slot.phase == Phase::kIdle && (!ahead || now - slot.preconnect_began > kPreconnectedFreshFor);
  slot.riding_preconnect = ahead && slot.phase == Phase::kConnecting;
  if (slot.phase == Phase::kIdle) {
    slot.phase = Phase::kWriting;
    Write(slot);
  } else if (slot.phase == Phase::kClosed) {
    Connect(slot);
  }
  // kConnecting: a preconnect still under way carries the request once it is done.
}

void Http1Transport::RunDue() {
  loop_.RunDueTimers();
  ReapConnects();
}

Clock::time_point Http1Transport::Deadline() const {
  // Requests finished during a send are handed over without waiting. (The clock's epoch, not
  // time_point::min(): a wait is computed as this minus now.)
  if (!pending_.empty() || !lost_.empty()) return Clock::time_point{};
  const Clock::time_point timeout =
      oldest_ == kNone ? Clock::time_point::max() : slots_[oldest_].deadline;
  return std::min(loop_.deadline(), timeout);
}

void Http1Transport::Wait(Clock::time_point wakeup, std::vector<Completion>& finished) {
  loop_.Wait(wakeup, [this](uint32_t slot, uint32_t events) { OnEvent(slot, events); });
  ReapConnects();
  TimeOut(Clock::now());
  finished.insert(finished.end(), pending_.begin(), pending_.end());
  pending_.clear();
}

bool Http1Transport::Preconnect(size_t number) {
  Slot& slot = slots_[number];
  if (slot.phase != Phase::kClosed) return true;
  slot.preconnected = true;
  slot.preconnect_began = Clock::now();
  Connect(slot);
  return true;
}

bool Http1Transport::Connecting(size_t number) const {
  return slots_[number].phase == Phase::kConnecting;
}

void Http1Transport::Abandon(size_t number) {
  Slot& slot = slots_[number];
  if (InFlight(slot)) Unlink(slot);
  Disconnect(slot);
}

bool Http1Transport::InFlight(const Slot& slot) const {
  return slot.older != kNone || oldest_ == slot.number;
}

void Http1Transport::Link(Slot& slot) {
  slot.older = newest_;
  slot.newer = kNone;
  if (newest_ != kNone) slots_[newest_].newer = slot.number;
  newest_ = slot.number;
  if (oldest_ == kNone) oldest_ = slot.number;
}

void Http1Transport::Unlink(Slot& slot) {
  if (slot.older != kNone) {
    slots_[slot.older].newer = slot.newer;
  } else {
    oldest_ = slot.newer;
  }
  if (slot.newer != kNone) {
    slots_[slot.newer].older = slot.older;
  } else {
    newest_ = slot.older;
  }
  slot.older = kNone;
  slot.newer = kNone;
}

void Http1Transport::Connect(Slot& slot) {
  slot.phase = Phase::kConnecting;
  slot.error_detail[0] = '\0';
  const CURLMcode code = curl_multi_add_handle(loop_.multi(), slot.easy);
  if (code != CURLM_OK) {
    slot.phase = Phase::kClosed;
    if (!InFlight(slot)) return;
    Fail(slot, ErrorCategory::kOther,
         std::string("cannot start a connect: ") + curl_multi_strerror(code));
  }
}

void Http1Transport::ReapConnects() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(loop_.multi(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    Slot* slot = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot);
    OnConnected(*slot, message->data.result);
  }
  // Connections libcurl closed during its calls: one that was waiting is dropped; one carrying
  // a request ended like a close by the peer.
  for (size_t i = 0; i < lost_.size(); ++i) {
    Slot& slot = slots_[lost_[i]];
    if (slot.phase == Phase::kIdle) {
      Disconnect(slot);
    } else if (slot.phase == Phase::kWriting || slot.phase == Phase::kReading) {
      OnPeerClosed(slot, "libcurl closed the connection as dead");
    }
  }
  lost_.clear();
}

void Http1Transport::OnConnected(Slot& slot, CURLcode code) {
  if (slot.phase != Phase::kConnecting) return;
  curl_socket_t socket = CURL_SOCKET_BAD;
  if (code == CURLE_OK) code = curl_easy_getinfo(slot.easy, CURLINFO_ACTIVESOCKET, &socket);
  const bool riding_preconnect = slot.riding_preconnect;
  slot.riding_preconnect = false;
  if (code != CURLE_OK || socket == CURL_SOCKET_BAD) {
    std::string detail =
        std::string(curl_easy_strerror(code)) + " (" + slot.error_detail.data() + ")";
    Disconnect(slot);
    if (!InFlight(slot)) return;
    // The connect began before the request: its own timeout ran from then, not from the
    // send. The request connects afresh and keeps its own deadline.
    if (riding_preconnect) {
      Connect(slot);
      return;
    }
    Fail(slot, CategoryOfCurlCode(code), std::move(detail));
    return;
  }
  slot.socket = socket;
  slot.closed_by_libcurl = false;
  if (!InFlight(slot)) {
    // Preconnected: idle until its first request, watched so that a close is noticed.
    slot.phase = Phase::kIdle;
    loop_.epoll().Own(socket, EPOLLIN, static_cast<uint32_t>(slot.number));
    return;
  }
  slot.phase = Phase::kWriting;
  Write(slot);
}

void Http1Transport::Write(Slot& slot) {
  const auto slot_number = static_cast<uint32_t>(slot.number);
  for (int call = 0; call < kCallsPerEvent; ++call) {
    const char* data = nullptr;
    size_t size = 0;
    const size_t body_at = slot.written - std::min(slot.written, slot.bytes.size());
    if (slot.written < slot.bytes.size()) {
      data = slot.bytes.data() + slot.written;
      size = slot.bytes.size() - slot.written;
    } else if (StreamsBody(request_) && body_at < request_.body.size()) {
      // The piece lives in the slot: a TLS write that would block must be retried with the
      // same buffer (OpenSSL refuses a moved one), and the retry comes from another call.
      if (body_at < slot.piece_start || body_at >= slot.piece_start + slot.piece.size()) {
        slot.piece.resize(kChunkBytes);
        slot.piece.resize(
            CopyBodyPart(request_, slot.fresh_ids, body_at, std::span<char>(slot.piece)));
        slot.piece_start = body_at;
      }
      data = slot.piece.data() + (body_at - slot.piece_start);
      size = slot.piece.size() - (body_at - slot.piece_start);
    } else {
      slot.phase = Phase::kReading;
      loop_.epoll().Own(slot.socket, EPOLLIN, slot_number);
      return;
    }
    size_t sent = 0;
    const CURLcode code = Transmit(slot, data, size, sent);
    if (code == CURLE_AGAIN) break;
    if (code != CURLE_OK) {
      // Sent again only while nothing of a response came back: an early answer (a 413, a 401)
      // means the target has the request.
      if (!slot.framer.received_any() && Retry(slot)) return;
      std::string detail = std::move(slot.detail);
      Disconnect(slot);
      Fail(slot, ErrorCategory::kWrite, std::move(detail));
      return;
    }
    slot.written += sent;
  }
  // Would block, or wrote its share for this event: the rest when the socket is writable.
  loop_.epoll().Own(slot.socket, EPOLLIN | EPOLLOUT, slot_number);
}

void Http1Transport::Read(Slot& slot) {
  char buffer[kChunkBytes];
  for (int call = 0; call < kCallsPerEvent; ++call) {
    size_t received = 0;
    const CURLcode code = Receive(slot, buffer, sizeof buffer, received);
    if (code == CURLE_AGAIN) return;
    if (slot.phase == Phase::kIdle) {
      // A close, an error or stray bytes between requests: the connection cannot carry the
      // next one.
      Disconnect(slot);
      return;
    }
    if (code != CURLE_OK) {
      if (!slot.framer.received_any() && Retry(slot)) return;
      std::string detail = std::move(slot.detail);
      Disconnect(slot);
      Fail(slot, ErrorCategory::kRead, std::move(detail));
      return;
    }
    if (received == 0) {
      OnPeerClosed(slot, "");
      return;
    }
    const size_t used = slot.framer.Feed(std::string_view(buffer, received));
    switch (slot.framer.state()) {
      case ResponseFramer::State::kIncomplete:
        continue;
      case ResponseFramer::State::kComplete:
        // Bytes past the response, a response that came before the whole request was written,
        // or a protocol switch nobody asked for leave the connection in a state no next request
        // can trust.
        if (!slot.framer.keeps_connection() || used < received || slot.phase == Phase::kWriting ||
            slot.framer.status() == 101) {
          Disconnect(slot);
        } else {
          slot.phase = Phase::kIdle;
        }
        Succeed(slot);
        return;
      case ResponseFramer::State::kMalformed:
        Disconnect(slot);
        Fail(slot, ErrorCategory::kRead,
             "malformed response: " + std::string(slot.framer.failure()));
        return;
    }
  }
}

void Http1Transport::OnEvent(uint32_t number, uint32_t events) {
  Slot& slot = slots_[number];
  // Reading first, as libcurl does: an early answer followed by a close is the answer, not a
  // failed write.
  const bool connected =
      slot.phase == Phase::kWriting || slot.phase == Phase::kReading || slot.phase == Phase::kIdle;
  if (connected && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) Read(slot);
  if (slot.phase == Phase::kWriting && (events & EPOLLOUT) != 0) Write(slot);
}

void Http1Transport::OnPeerClosed(Slot& slot, std::string_view why) {
  slot.framer.Close();
  if (slot.framer.state() == ResponseFramer::State::kComplete) {
    Disconnect(slot);
    Succeed(slot);
    return;
  }
  if (!slot.framer.received_any() && Retry(slot)) return;
  std::string detail(slot.framer.failure());
  if (!why.empty()) detail += std::string(" (") + std::string(why) + ")";
  Disconnect(slot);
  Fail(slot, ErrorCategory::kRead, std::move(detail));
}

bool Http1Transport::Retry(Slot& slot) {
  if (!slot.reused || slot.retried) return false;
  Disconnect(slot);
  slot.retried = true;
  slot.reused = false;
  slot.written = 0;
  slot.piece.clear();
  slot.framer.Begin(head_request_);
  Connect(slot);
  return true;
}

void Http1Transport::Succeed(Slot& slot) {
  Completion completion;
  completion.status = slot.framer.status();
  completion.body = slot.framer.body();
  Finish(slot, completion);
}

void Http1Transport::Fail(Slot& slot, ErrorCategory category, std::string detail) {
  slot.detail = std::move(detail);
  Completion completion;
  completion.failure = category;
  completion.detail = slot.detail;
  Finish(slot, completion);
}

void Http1Transport::Finish(Slot& slot, Completion completion) {
  if (InFlight(slot)) Unlink(slot);
  completion.slot = slot.number;
  completion.done = Clock::now();
  pending_.push_back(completion);
}

void Http1Transport::Disconnect(Slot& slot) {
  // Forgotten first, so that the close below is not reported back as a loss.
  if (slot.socket != CURL_SOCKET_BAD) loop_.epoll().Forget(slot.socket);
  // Removing a CONNECT_ONLY handle closes its connection (or stops its connect).
  if (slot.phase != Phase::kClosed) curl_multi_remove_handle(loop_.multi(), slot.easy);
  slot.phase = Phase::kClosed;
  slot.socket = CURL_SOCKET_BAD;
  slot.closed_by_libcurl = false;
}

void Http1Transport::TimeOut(Clock::time_point now) {
  while (oldest_ != kNone && slots_[oldest_].deadline <= now) {
    Slot& slot = slots_[oldest_];
    Disconnect(slot);
    Fail(slot, ErrorCategory::kTimeout,
         "no complete response within " + units::FormatDuration(options_.request_timeout));
  }
}

CURLcode Http1Transport::Receive(Slot& slot, char* buffer, size_t size, size_t& received) {
  return Move(
      slot, CURLE_RECV_ERROR, "recv",
      [&] { return curl_easy_recv(slot.easy, buffer, size, &received); },
      [&] { return recv(slot.socket, buffer, size, 0); }, received);
}

CURLcode Http1Transport::Transmit(Slot& slot, const char* data, size_t size, size_t& sent) {
  return Move(
      slot, CURLE_SEND_ERROR, "send", [&] { return curl_easy_send(slot.easy, data, size, &sent); },
      [&] { return send(slot.socket, data, size, MSG_NOSIGNAL); }, sent);
}

template <typename CurlCall, typename SocketCall>
CURLcode Http1Transport::Move(Slot& slot, CURLcode failure, const char* call, CurlCall through_curl,
                              SocketCall on_socket, size_t& moved) {
  if (slot.socket == CURL_SOCKET_BAD) {
    slot.detail = "the connection is closed";
    return failure;
  }
  if (tls_) {
    const CURLcode code = through_curl();
    if (code != CURLE_OK && code != CURLE_AGAIN) {
      slot.detail = std::string(curl_easy_strerror(code)) + " (" + slot.error_detail.data() + ")";
    }
    return code;
  }
  while (true) {
    const ssize_t count = on_socket();
    if (count >= 0) {
      moved = static_cast<size_t>(count);
      return CURLE_OK;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return CURLE_AGAIN;
    slot.detail = std::string(call) + ": " + std::strerror(errno);
    return failure;
  }
}

}  // namespace slogate::load
