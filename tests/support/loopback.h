// Loopback sockets for tests: a free port, a port that refuses connections, a listener that
// never answers and one whose connects hang (for connect errors and timeouts).
#pragma once

#include <string>

namespace slogate::testing {

// A port on 127.0.0.1 that was free a moment ago: bound to port 0, read back, closed. Callers
// must cope with losing the race (the nginx launchers retry with another port).
int PickFreePort();

// A TCP socket bound to an ephemeral port on 127.0.0.1, held (so no one else gets the port)
// until destroyed. Throws std::runtime_error when the socket cannot be set up.
class LoopbackPort {
 public:
  // Bound, never listening: connections are refused.
  static LoopbackPort Refusing() { return LoopbackPort(Mode::kRefusing); }
  // Listening, never accepting: connections land in the kernel's backlog and requests are
  // never answered, so they time out.
  static LoopbackPort Silent() { return LoopbackPort(Mode::kSilent); }
  // Listening with its accept queue full and never accepting: the kernel drops further
  // handshakes, so every connect hangs until the client's connect timeout.
  static LoopbackPort Full() { return LoopbackPort(Mode::kFull); }

  ~LoopbackPort();
  LoopbackPort(const LoopbackPort&) = delete;
  LoopbackPort& operator=(const LoopbackPort&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port>".
  std::string Url() const;

 private:
  enum class Mode { kRefusing, kSilent, kFull };
  explicit LoopbackPort(Mode mode);

  int fd_ = -1;
  int port_ = 0;
  int queued_fd_ = -1;  // kFull: the connection that fills the queue
};

}  // namespace slogate::testing
