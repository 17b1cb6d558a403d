// Loopback helpers for the scrape integration tests: a free port, a listener that never
// answers (for timeouts), and an nginx serving files and fixed answers.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace prometheus {
class Exposer;
}  // namespace prometheus

namespace slogate::scrape::testing {

// A port on 127.0.0.1 that was free a moment ago: bound to port 0, read back, closed. Callers
// must cope with losing the race (NginxServer retries).
int PickFreePort();

// One prometheus-cpp Exposer on 127.0.0.1:0 for the whole test program: stopping one takes
// civetweb about 2 s, so tests share it (never stopped) and register, then remove, a registry
// of their own.
prometheus::Exposer& SharedExposer();

// The URL of SharedExposer()'s /metrics.
std::string SharedExposerUrl();

// Accepts TCP connections into its backlog and never answers: requests to it time out.
class SilentListener {
 public:
  SilentListener();  // throws std::runtime_error when the socket cannot be set up
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;

  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// nginx in the foreground (`daemon off; master_process off`) under a fresh temporary prefix,
// serving `root()` as its document root plus the given `server {}` directives.
class NginxServer {
 public:
  // `server_directives` go inside the server block (locations, gzip...). Files can be written
  // under root() before or after the start. Throws std::runtime_error (with nginx's error log)
  // when nginx does not come up within a few attempts.
  explicit NginxServer(const std::string& server_directives);
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const;
  const std::filesystem::path& root() const { return root_; }

  // Writes `content` to root()/relative_path (directories created), atomically replacing it.
  void WriteFile(const std::string& relative_path, const std::string& content) const;

  // The access log: one line per request, "uri|accept|accept-encoding|content-encoding|
  // authorization|status|connection serial number". nginx writes a line after the response has
  // gone out, so a client can get there first: this waits (up to 5 s) for `lines` lines.
  std::string AccessLog(size_t lines = 0) const;

 private:
  bool TryStart(const std::string& server_directives, std::string& failure);

  std::filesystem::path dir_;
  std::filesystem::path root_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace slogate::scrape::testing
