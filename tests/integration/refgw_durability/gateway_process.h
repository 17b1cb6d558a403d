// Runs slogate_refgw as a child process for the end-to-end durability test: ephemeral ports,
// the ports read from the one JSON line it prints at start-up, kill -9 on demand.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace slogate::refgw::store {

class GatewayProcess {
 public:
  GatewayProcess() = default;
  ~GatewayProcess() { Kill(); }
  GatewayProcess(const GatewayProcess&) = delete;
  GatewayProcess& operator=(const GatewayProcess&) = delete;

  // Starts `binary` with `args` and waits (up to `timeout`) for its ready line. Returns an
  // error text, empty on success.
  std::string Start(const std::string& binary, const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout) {
    int out[2];
    if (::pipe(out) != 0) return "pipe failed";
    pid_ = ::fork();
    if (pid_ < 0) return "fork failed";
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(binary.c_str()));
      for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      _exit(127);
    }
    ::close(out[1]);
    stdout_fd_ = out[0];
    const std::optional<std::string> line = ReadLine(timeout);
    if (!line) return "no ready line from " + binary + " within the deadline";
    const auto ready = nlohmann::json::parse(*line, nullptr, false);
    if (!ready.is_object() || !ready.contains("api_port")) return "bad ready line: " + *line;
    api_port_ = ready["api_port"].get<int>();
    return "";
  }

  // SIGKILL and reap; no-op when not running.
  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (stdout_fd_ >= 0) {
      ::close(stdout_fd_);
      stdout_fd_ = -1;
    }
  }

  int api_port() const { return api_port_; }

 private:
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd ready{stdout_fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
        return std::nullopt;
      }
      char c = 0;
      if (::read(stdout_fd_, &c, 1) != 1) return std::nullopt;
      if (c == '\n') return line;
      line.push_back(c);
    }
  }

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int api_port_ = 0;
};

}  // namespace slogate::refgw::store
