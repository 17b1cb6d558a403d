#include "scripted_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace slogate::testing {
namespace {

constexpr auto kPollStep = std::chrono::milliseconds(10);
// A request head larger than this is not a request a script is written for.
constexpr size_t kMaxHead = 64 * 1024;

// Reads until `done(buffer)` or the peer closes or the server stops; false on the latter two.
template <typename Done>
bool ReadUntil(int fd, const std::atomic<bool>& stopping, std::string& buffer, Done done) {
  while (!done(buffer)) {
    if (stopping.load()) return false;
    pollfd ready{fd, POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(kPollStep.count()));
    if (polled < 0 && errno != EINTR) return false;
    if (polled <= 0) continue;
    char chunk[8192];
    const ssize_t got = read(fd, chunk, sizeof(chunk));
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(got));
  }
  return true;
}

size_t ContentLength(std::string_view head) {
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return std::strtoull(lower.c_str() + at + 17, nullptr, 10);
}

std::string ReasonFor(int status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

}  // namespace

bool ScriptedConnection::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (stopping_.load()) return false;
    pollfd ready{fd_, POLLOUT, 0};
    const int polled = poll(&ready, 1, static_cast<int>(kPollStep.count()));
    if (polled < 0 && errno != EINTR) return false;
    if (polled <= 0) continue;
    const ssize_t put = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(put));
  }
  return true;
}

bool ScriptedConnection::Respond(int status, std::string_view body,
                                 std::string_view extra_headers) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + ReasonFor(status) +
                     "\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n";
  head.append(extra_headers);
  head.append("\r\n");
  return Write(head) && Write(body);
}

bool ScriptedConnection::Sleep(std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    if (stopping_.load()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        kPollStep, std::chrono::duration_cast<std::chrono::milliseconds>(
                       until - std::chrono::steady_clock::now()) +
                       std::chrono::milliseconds(1)));
  }
  return !stopping_.load();
}

void ScriptedConnection::Hang() {
  while (!stopping_.load()) std::this_thread::sleep_for(kPollStep);
}

void ScriptedConnection::Reset() {
  const linger abort_on_close{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
  reset_ = true;
}

ScriptedServer::ScriptedServer(Script script) : script_(std::move(script)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      listen(listen_fd_, 512) != 0) {
    const std::string error = std::strerror(errno);
    close(listen_fd_);
    throw std::runtime_error("scripted server on 127.0.0.1: " + error);
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

ScriptedServer::~ScriptedServer() {
  stopping_.store(true);
  acceptor_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
    connections.swap(connections_);
  }
  for (std::thread& connection : connections) connection.join();
  close(listen_fd_);
}

std::string ScriptedServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::vector<ScriptedRequest> ScriptedServer::Received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

void ScriptedServer::AcceptLoop() {
  while (!stopping_.load()) {
    pollfd ready{listen_fd_, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(kPollStep.count())) <= 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void ScriptedServer::Serve(int fd) {
  bool reset = false;
  std::string buffer;
  const bool has_head = ReadUntil(fd, stopping_, buffer, [](const std::string& read) {
    return read.find("\r\n\r\n") != std::string::npos || read.size() > kMaxHead;
  });
  const size_t head_end = buffer.find("\r\n\r\n");
  if (has_head && head_end != std::string::npos) {
    ScriptedRequest request;
    request.head = buffer.substr(0, head_end + 4);
    const size_t method_end = request.head.find(' ');
    const size_t target_end = request.head.find(' ', method_end + 1);
    request.method = request.head.substr(0, method_end);
    request.target = request.head.substr(method_end + 1, target_end - method_end - 1);
    const size_t wanted = std::min(ContentLength(request.head), ScriptedRequest::kMaxBody);
    request.body = buffer.substr(head_end + 4);
    if (ReadUntil(fd, stopping_, request.body,
                  [wanted](const std::string& read) { return read.size() >= wanted; })) {
      request.body.resize(std::min(request.body.size(), wanted));
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back(request);
      }
      ++requests_;
      ScriptedConnection connection(fd, stopping_);
      script_(request, connection);
      reset = connection.reset();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  open_fds_.erase(std::find(open_fds_.begin(), open_fds_.end(), fd));
  if (!reset) shutdown(fd, SHUT_RDWR);
  close(fd);
}

}  // namespace slogate::testing
