// NginxServer: a real nginx on 127.0.0.1 for tests — the load engine's target, a Prometheus
// endpoint serving files, the audit and health routes.
//
// One nginx process (master_process off, so the process a test may SIGSTOP is the one that
// serves) runs from a private temporary prefix with root() as its document root. The port is
// found by binding 127.0.0.1:0; if nginx then fails to bind it (another process took it), a
// new port is tried. Readiness is polled with a deadline. The destructor stops nginx (resuming
// it first if a test left it stopped) and removes the prefix.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace slogate::testing {

// The default access log line: "POST /v1/session/message 200".
inline constexpr const char* kRequestLogFormat = "$request_method $uri $status";
// An access log line with what a scrape sends: "uri|accept|accept-encoding|content-encoding|
// authorization|status|connection serial number".
inline constexpr const char* kScrapeLogFormat =
    "$request_uri|$http_accept|$http_accept_encoding|$sent_http_content_encoding|"
    "$http_authorization|$status|$connection";

struct NginxOptions {
  enum class Listener { kHttp1, kH2Tls };  // kH2Tls: TLS with a fresh self-signed cert, h2

  std::string server_directives;  // inside the server block: locations, gzip...
  std::string access_log_format = kRequestLogFormat;
  Listener listener = Listener::kHttp1;
};

class NginxServer {
 public:
  // Starts nginx. Fails the calling test (ADD_FAILURE, with nginx's error log) and returns
  // nullptr when it cannot be started.
  static std::unique_ptr<NginxServer> Start(const NginxOptions& options);
  // A stand-in for the gateway's write path: every request not matched by `extra_locations`
  // answers 200 with {"session_id", "event_id"} (the event_id is nginx's $request_id).
  static std::unique_ptr<NginxServer> StartFakeGateway(
      const std::string& extra_locations = "",
      NginxOptions::Listener listener = NginxOptions::Listener::kHttp1);
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // "http://127.0.0.1:<port><path>" (https for a kH2Tls listener).
  std::string Url(const std::string& path = "") const;
  // The self-signed certificate of a kH2Tls listener (PEM), to use as the CA file.
  std::string certificate() const { return (prefix_ / "cert.pem").string(); }
  const std::filesystem::path& root() const { return root_; }

  // Writes `content` to root()/relative_path (directories created), atomically replacing it.
  void WriteFile(const std::string& relative_path, const std::string& content) const;

  // The access log, one line per answered request in the options' format. nginx writes a line
  // after the response has gone out, so a client can get there first: these wait (up to 5 s)
  // for `lines` lines.
  std::vector<std::string> AccessLogLines(size_t lines = 0) const;
  std::string AccessLog(size_t lines = 0) const;

 private:
  NginxServer(std::filesystem::path prefix, bool tls)
      : prefix_(std::move(prefix)), root_(prefix_ / "www"), tls_(tls) {}
  // One attempt on a fresh port; false (with the reason in `failure`) when nginx did not come up.
  bool TryStart(const NginxOptions& options, std::string& failure);

  std::filesystem::path prefix_;
  std::filesystem::path root_;
  bool tls_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace slogate::testing
