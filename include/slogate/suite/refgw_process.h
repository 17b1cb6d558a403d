// RefGwProcess: the bundled reference gateway (slogate_refgw) run as a child process, the
// suite's default target when no TARGET_URL is given.
//
// It listens on ephemeral loopback ports in a fresh temporary data directory (named
// slogate-refgw-*, holding owner.pid, this process's pid); Start() returns
// once the gateway has printed its ports and answers /v1/health, and the destructor stops it
// (SIGTERM, then SIGKILL after a grace period) and removes the directory. Thread-compatible.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/suite/target_urls.h"

namespace slogate::suite {

struct RefGwLaunch {
  std::filesystem::path binary;         // empty: FindRefGwBinary()
  std::vector<std::string> extra_args;  // e.g. --faults={...}
  std::chrono::milliseconds startup_timeout{15000};
  std::chrono::milliseconds shutdown_grace{5000};
  bool keep_data_dir = false;  // leave the data directory behind (for debugging a failure)
  // The run's stop flag: once set, Start stops waiting for the gateway (checked at least every
  // kStopCheckPeriod), stops it and fails with code "interrupted". nullptr: never.
  const std::atomic<bool>* stop = nullptr;
};

class RefGwProcess {
 public:
  // Starts the gateway and waits until it is ready. Errors say what failed: the binary is
  // missing, it exited (with its status), or it did not become ready in time.
  static Result<std::unique_ptr<RefGwProcess>> Start(const RefGwLaunch& launch);

  ~RefGwProcess();
  RefGwProcess(const RefGwProcess&) = delete;
  RefGwProcess& operator=(const RefGwProcess&) = delete;

  const TargetUrls& urls() const { return urls_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }

  // Stops the gateway now; returns how it ended ("exited with status 0", "was killed by
  // signal 9"). Idempotent.
  std::string Stop();

 private:
  RefGwProcess() = default;
  // Runs `args` (argv[0] the binary) with its stdout on a pipe; the child dies with this
  // process.
  Status Spawn(std::vector<std::string> args);
  // Reads the start-up line (the ports) and waits for /v1/health to answer, before `deadline`;
  // on failure stops the gateway and says what happened, naming it as `what`.
  Status AwaitReady(const std::string& what, std::chrono::steady_clock::time_point deadline,
                    const std::atomic<bool>* stop);

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::filesystem::path data_dir_;
  TargetUrls urls_;
  std::chrono::milliseconds shutdown_grace_{5000};
  bool keep_data_dir_ = false;
  std::string exit_description_;
};

// Removes the `slogate-refgw-*` data directories under `parent` whose owner (the pid in their
// owner.pid) no longer runs: what a suite killed with SIGKILL, or crashed, left behind. A
// directory without an owner file, or whose owner lives, is never touched (a concurrent run's).
// Returns how many were removed. Start() calls it on the temp directory.
size_t RemoveStaleRefGwDataDirs(const std::filesystem::path& parent);

// Where slogate_refgw is: $SLOGATE_REFGW when set, else next to the running executable, else
// in ../bin relative to it (test binaries live in build/tests, tools in build/bin).
Result<std::filesystem::path> FindRefGwBinary();

}  // namespace slogate::suite
