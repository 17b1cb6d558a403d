#include "pushgateway_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "http_client.h"
#include "loopback.h"

extern char** environ;

namespace slogate::testing {
namespace {

constexpr char kBinary[] = "/usr/bin/prometheus-pushgateway";

}  // namespace

PushgatewayServer::~PushgatewayServer() { Stop(); }

bool PushgatewayServer::Start(std::chrono::seconds deadline) {
  if (access(kBinary, X_OK) != 0) {
    error_ = std::string(kBinary) + " is not installed (scripts/bootstrap-deps installs it)";
    return false;
  }
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (int attempt = 0; attempt < 3 && std::chrono::steady_clock::now() < until; ++attempt) {
    if (StartOnce(PickFreePort(), until)) return true;
  }
  return false;
}

bool PushgatewayServer::StartOnce(int port, std::chrono::steady_clock::time_point deadline) {
  const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(port);
  std::vector<char*> argv = {const_cast<char*>(kBinary), const_cast<char*>(listen.c_str()),
                             const_cast<char*>("--log.level=error"), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawn(&pid_, kBinary, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    error_ = "cannot start " + std::string(kBinary);
    pid_ = -1;
    return false;
  }
  port_ = port;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: most likely the port was taken
      error_ = "pushgateway exited while starting on port " + std::to_string(port);
      pid_ = -1;
      return false;
    }
    if (Fetch("GET", base_url() + "/-/ready").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval, not a wait
  }
  error_ = "pushgateway on port " + std::to_string(port) + " not ready before the deadline";
  Stop();
  return false;
}

void PushgatewayServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace slogate::testing
