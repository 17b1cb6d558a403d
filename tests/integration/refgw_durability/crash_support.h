// Collecting what a process acknowledged before it was killed, for the kill -9 durability tests.
#pragma once

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace slogate::testing {

// Collects newline-terminated event ids that another process writes to a pipe.
class AckReader {
 public:
  explicit AckReader(int fd) : fd_(fd) {}
  ~AckReader() { ::close(fd_); }
  AckReader(const AckReader&) = delete;
  AckReader& operator=(const AckReader&) = delete;

  // Reads until at least `count` ids arrived, the writer closed, or `timeout` passed.
  size_t ReadUntil(size_t count, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (ids_.size() < count) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !ReadSome(static_cast<int>(left.count()))) break;
    }
    return ids_.size();
  }
  // Reads everything left until the writer side is closed.
  void ReadToEnd() {
    while (ReadSome(10000)) {
    }
  }
  const std::vector<std::string>& ids() const { return ids_; }

 private:
  // False at end of stream, on error or on timeout.
  bool ReadSome(int timeout_ms) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, timeout_ms) <= 0) return false;
    char buffer[4096];
    const ssize_t got = ::read(fd_, buffer, sizeof(buffer));
    if (got <= 0) return false;
    for (ssize_t i = 0; i < got; ++i) {
      if (buffer[i] == '\n') {
        ids_.push_back(partial_);
        partial_.clear();
      } else {
        partial_.push_back(buffer[i]);
      }
    }
    return true;
  }

  int fd_;
  std::string partial_;
  std::vector<std::string> ids_;
};

}  // namespace slogate::testing
