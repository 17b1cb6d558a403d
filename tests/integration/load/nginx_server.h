// A real nginx on 127.0.0.1 for the load engine's integration tests.
//
// Runs one nginx process (master_process off, so the process the test may SIGSTOP is the one
// that serves) from a private temporary prefix. The port is found by binding 127.0.0.1:0; if
// nginx then fails to bind it (another process took it), a new port is tried. Readiness is
// polled with a deadline. Every POST/GET answers 200 with {"session_id", "event_id"} (the
// event_id is nginx's per-request $request_id) unless `extra_locations` says otherwise.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace slogate::load::testing {

class NginxServer {
 public:
  enum class Listener { kHttp1, kH2Tls };  // kH2Tls: TLS with a fresh self-signed cert, h2

  // Starts nginx with these extra `location` blocks inside the server block. Fails the calling
  // test (ADD_FAILURE) and returns nullptr when nginx cannot be started.
  static std::unique_ptr<NginxServer> Start(const std::string& extra_locations = "",
                                            Listener listener = Listener::kHttp1);
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string base_url() const {
    return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_);
  }
  // The self-signed certificate of a kH2Tls listener (PEM), to use as the CA file.
  std::string certificate() const { return prefix_ + "/cert.pem"; }
  // Lines of the access log, one per request nginx answered ("METHOD URI STATUS"). nginx writes
  // a line after the response has gone out, so this waits (up to 5 s) for `lines` lines.
  std::vector<std::string> AccessLog(size_t lines = 0) const;

 private:
  NginxServer(std::string prefix, int port, pid_t pid, bool tls)
      : prefix_(prefix), port_(port), pid_(pid), tls_(tls) {}

  std::string prefix_;
  int port_;
  pid_t pid_;
  bool tls_;
};

// A TCP port on 127.0.0.1 that refuses connections: bound, never listening, held while alive.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A listener that never accepts: connects succeed (the kernel's backlog), requests are never
// answered, so every request times out.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace slogate::load::testing
