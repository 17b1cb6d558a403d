// A real prometheus-pushgateway (Debian package) on 127.0.0.1 with a free port, for the
// report's push tests. Started in the constructor, ready when Start() returns true, stopped
// (SIGTERM, then SIGKILL) in the destructor.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace slogate::testing {

class PushgatewayServer {
 public:
  PushgatewayServer() = default;
  PushgatewayServer(const PushgatewayServer&) = delete;
  PushgatewayServer& operator=(const PushgatewayServer&) = delete;
  ~PushgatewayServer();

  // Starts the server on a free loopback port and polls /-/ready until `deadline`. Retries
  // with another port when the chosen one was taken in between. Returns false (and says why in
  // error()) when the binary is missing or never became ready.
  bool Start(std::chrono::seconds deadline);

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& error() const { return error_; }

 private:
  bool StartOnce(int port, std::chrono::steady_clock::time_point deadline);
  void Stop();

  pid_t pid_ = -1;
  int port_ = 0;
  std::string error_;
};

}  // namespace slogate::testing
