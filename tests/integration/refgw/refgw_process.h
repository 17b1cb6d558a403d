// Runs the real slogate_refgw binary for a test: ports 0, a fresh data directory, the JSON
// start-up line read from its stdout, /v1/health polled until it answers (with a deadline),
// SIGTERM on destruction.
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

namespace slogate::refgw::testing {

struct RefgwConfig {
  std::vector<std::string> args;                         // extra flags
  std::vector<std::pair<std::string, std::string>> env;  // extra environment
  std::chrono::milliseconds ready_deadline{20000};
};

class RefgwProcess {
 public:
  static Result<std::unique_ptr<RefgwProcess>> Start(const RefgwConfig& config);
  // Terminates the process (SIGTERM, then SIGKILL after 10 s) and removes the data directory.
  ~RefgwProcess();
  RefgwProcess(const RefgwProcess&) = delete;
  RefgwProcess& operator=(const RefgwProcess&) = delete;

  uint16_t api_port() const { return api_port_; }
  uint16_t metrics_port() const { return metrics_port_; }
  uint16_t replicator_metrics_port() const { return replicator_metrics_port_; }
  std::string ApiUrl(const std::string& path) const;
  std::string MetricsUrl() const;
  std::string ReplicatorMetricsUrl() const;

  // SIGTERM and wait; returns the exit status (or -1 when it had to be killed).
  int Terminate();

 private:
  RefgwProcess() = default;

  pid_t pid_ = -1;
  std::filesystem::path data_dir_;
  uint16_t api_port_ = 0;
  uint16_t metrics_port_ = 0;
  uint16_t replicator_metrics_port_ = 0;
};

}  // namespace slogate::refgw::testing
