#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace slogate::testing {
namespace {

// Binds a TCP socket to 127.0.0.1:0 and returns it with the port the kernel chose.
int BindEphemeral(int& port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    throw std::runtime_error("binding 127.0.0.1:0: " + error);
  }
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

int PickFreePort() {
  int port = 0;
  close(BindEphemeral(port));
  return port;
}

LoopbackPort::LoopbackPort(Mode mode) {
  fd_ = BindEphemeral(port_);
  if (mode == Mode::kRefusing) return;
  // A backlog of 0 holds one connection: kFull's own, completed by the kernel, never accepted.
  const int backlog = mode == Mode::kFull ? 0 : 128;
  std::string failure;
  if (listen(fd_, backlog) != 0) {
    failure = std::string("listen: ") + std::strerror(errno);
  } else if (mode == Mode::kFull) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port_));
    queued_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (queued_fd_ < 0 ||
        connect(queued_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      failure = std::string("filling the accept queue: ") + std::strerror(errno);
    }
  }
  if (failure.empty()) return;
  if (queued_fd_ >= 0) close(queued_fd_);
  close(fd_);
  throw std::runtime_error(failure);
}

std::string LoopbackPort::Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

LoopbackPort::~LoopbackPort() {
  if (queued_fd_ >= 0) close(queued_fd_);
  close(fd_);
}

}  // namespace slogate::testing
