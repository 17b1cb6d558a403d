// Loopback sockets for tests: a free port, a port that refuses connections and a listener that
// never answers (for connect errors and timeouts).
#pragma once

namespace slogate::testing {

// A port on 127.0.0.1 that was free a moment ago: bound to port 0, read back, closed. Callers
// must cope with losing the race (the nginx launchers retry with another port).
int PickFreePort();

// A TCP socket bound to an ephemeral port on 127.0.0.1, held (so no one else gets the port)
// until destroyed. Throws std::runtime_error when the socket cannot be set up.
class LoopbackPort {
 public:
  // Bound, never listening: connections are refused.
  static LoopbackPort Refusing() { return LoopbackPort(false); }
  // Listening, never accepting: connections land in the kernel's backlog and requests are
  // never answered, so they time out.
  static LoopbackPort Silent() { return LoopbackPort(true); }

  ~LoopbackPort();
  LoopbackPort(const LoopbackPort&) = delete;
  LoopbackPort& operator=(const LoopbackPort&) = delete;

  int port() const { return port_; }

 private:
  explicit LoopbackPort(bool listening);

  int fd_ = -1;
  int port_ = 0;
};

}  // namespace slogate::testing
