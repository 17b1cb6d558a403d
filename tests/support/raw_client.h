// A blocking loopback socket client for malformed or hand-framed HTTP, with a receive timeout so
// a broken server fails a test instead of hanging it. Well-formed requests use HttpClient.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace slogate::testing {

class RawClient {
 public:
  explicit RawClient(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~RawClient() { close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  // False when not all of `bytes` could be written.
  bool Write(const std::string& bytes) {
    return write(fd_, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  }
  void Send(const std::string& bytes) { ASSERT_TRUE(Write(bytes)); }

  // Everything received until the server closes the connection or `timeout` passes.
  std::string ReadToEnd(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, static_cast<int>(std::max<int64_t>(left.count(), 0))) <= 0) break;
      char chunk[4096];
      ssize_t got = read(fd_, chunk, sizeof(chunk));
      if (got <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(got));
    }
    return buffer_;
  }

  // Reads until `count` complete responses (Content-Length framed) arrived, or EOF/timeout.
  std::vector<std::string> Read(size_t count) {
    std::vector<std::string> responses;
    while (responses.size() < count) {
      size_t header_end = buffer_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        size_t length_at = buffer_.find("Content-Length: ");
        size_t length = length_at < header_end ? std::stoul(buffer_.substr(length_at + 16)) : 0;
        if (buffer_.size() >= header_end + 4 + length) {
          responses.push_back(buffer_.substr(0, header_end + 4 + length));
          buffer_.erase(0, header_end + 4 + length);
          continue;
        }
      }
      char chunk[4096];
      ssize_t got = read(fd_, chunk, sizeof(chunk));
      if (got <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(got));
    }
    return responses;
  }

  // Reads until the received bytes end with `marker` (or EOF/timeout) and returns how many
  // arrived, keeping only the last `keep` bytes in buffer(): for bodies too large to search.
  size_t ReadUntilEndsWith(const std::string& marker, size_t keep) {
    size_t total = buffer_.size();
    std::vector<char> chunk(1 << 16);
    while (!(buffer_.size() >= marker.size() &&
             buffer_.compare(buffer_.size() - marker.size(), marker.size(), marker) == 0)) {
      ssize_t got = read(fd_, chunk.data(), chunk.size());
      if (got <= 0) break;
      buffer_.append(chunk.data(), static_cast<size_t>(got));
      total += static_cast<size_t>(got);
      if (buffer_.size() > 2 * keep) buffer_.erase(0, buffer_.size() - keep);
    }
    return total;
  }
  const std::string& buffer() const { return buffer_; }

  // Reads until the received bytes contain `marker` (or EOF/timeout); returns all of them.
  std::string ReadUntil(const std::string& marker) {
    while (buffer_.find(marker) == std::string::npos) {
      char chunk[4096];
      ssize_t got = read(fd_, chunk, sizeof(chunk));
      if (got <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(got));
    }
    return buffer_;
  }

  void ShutdownWrite() { shutdown(fd_, SHUT_WR); }

  // True when the server closed the connection (read returns 0 before the timeout).
  bool ClosedByServer() {
    char byte;
    return read(fd_, &byte, 1) == 0;
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

}  // namespace slogate::testing
