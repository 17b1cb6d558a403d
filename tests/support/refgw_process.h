// RefgwProcess: the real slogate_refgw binary run by a test. It listens on ephemeral loopback
// ports with the given flags and environment (the caller's GATEWAY_* variables never leak in),
// Start() returns once it printed its ports and /v1/health answers (with a deadline), and it
// can be stopped (SIGTERM), crashed (SIGKILL) and restarted on the same data directory. The
// destructor stops it and removes a data directory it created. Thread-compatible.
//
// The suite's own launcher (slogate::suite::RefGwProcess) starts the bundled gateway for a
// conformance run; this one adds what tests need: environment, kill -9 and restarts.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::testing {

struct RefgwOptions {
  // Flags after the port/data-dir ones, e.g. {"--replicators=2"}.
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // set in the gateway's environment
  std::filesystem::path data_dir;  // empty: a fresh temporary directory, removed at the end
  std::chrono::milliseconds ready_deadline{20000};
  std::chrono::milliseconds stop_grace{10000};  // SIGTERM to SIGKILL
};

class RefgwProcess {
 public:
  // Starts the gateway and waits until it serves; errors say which step failed.
  static Result<std::unique_ptr<RefgwProcess>> Start(RefgwOptions options);
  ~RefgwProcess();
  RefgwProcess(const RefgwProcess&) = delete;
  RefgwProcess& operator=(const RefgwProcess&) = delete;

  uint16_t api_port() const { return api_port_; }
  uint16_t metrics_port() const { return metrics_port_; }
  uint16_t replicator_metrics_port() const { return replicator_metrics_port_; }
  std::string ApiUrl(const std::string& path = "") const;
  std::string MetricsUrl() const;
  // Replicator 0's metrics URL.
  std::string ReplicatorMetricsUrl() const;
  // Every replicator's metrics URL, replicator i at [i] (one per --replicators).
  std::vector<std::string> ReplicatorMetricsUrls() const;
  const std::filesystem::path& data_dir() const { return options_.data_dir; }
  // The running gateway's process id (-1 when it is not running).
  pid_t pid() const { return pid_; }

  // SIGTERM, then SIGKILL after the grace period; returns the exit status (-1 when it had to
  // be killed or was not running).
  int Stop();
  // SIGKILL and reap, as a crash would end it.
  void Kill();
  // Starts it again on the same data directory and environment with `args` in place of the
  // original flags (stopping it first if it still runs); new ports.
  Status Restart(std::vector<std::string> args);
  Status Restart() { return Restart(options_.args); }

 private:
  explicit RefgwProcess(RefgwOptions options) : options_(std::move(options)) {}
  Status Launch();
  Status AwaitReady(int stdout_fd);

  RefgwOptions options_;
  bool owns_data_dir_ = false;
  pid_t pid_ = -1;
  uint16_t api_port_ = 0;
  uint16_t metrics_port_ = 0;
  uint16_t replicator_metrics_port_ = 0;
  std::vector<uint16_t> replicator_metrics_ports_;
};

// The slogate_refgw binary of this build.
std::string RefgwBinary();

}  // namespace slogate::testing
