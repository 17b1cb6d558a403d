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

LoopbackPort::LoopbackPort(bool listening) {
  fd_ = BindEphemeral(port_);
  if (listening && listen(fd_, 128) != 0) {
    const std::string error = std::strerror(errno);
    close(fd_);
    throw std::runtime_error("listen: " + error);
  }
}

LoopbackPort::~LoopbackPort() { close(fd_); }

}  // namespace slogate::testing
