#include "refgw_process.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "http_client.h"

namespace slogate::refgw::testing {
namespace {

// Reads one line from `fd` before `deadline`; empty on timeout or EOF.
std::string ReadLine(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (poll(&poll_fd, 1, static_cast<int>(std::max<int64_t>(left.count(), 1))) <= 0) continue;
    char c;
    if (read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<RefgwProcess>> RefgwProcess::Start(const RefgwConfig& config) {
  char dir_template[] = "/tmp/slogate-refgw-test-XXXXXX";
  if (mkdtemp(dir_template) == nullptr)
    return MakeError("mkdtemp", "cannot create a data directory");
  std::unique_ptr<RefgwProcess> process(new RefgwProcess());
  process->data_dir_ = dir_template;
  std::vector<std::string> args = {SLOGATE_REFGW_BINARY, "--port=0", "--metrics-port=0",
                                   "--replicator-metrics-port=0",
                                   "--data-dir=" + process->data_dir_.string()};
  args.insert(args.end(), config.args.begin(), config.args.end());
  int out[2];
  if (pipe(out) != 0) return MakeError("pipe", "cannot create a pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    // Hermetic: the caller's GATEWAY_* settings (a JWT secret, ports) must not leak in.
    std::vector<std::string> inherited;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      std::string_view variable(*entry);
      if (variable.rfind("GATEWAY_", 0) == 0) {
        inherited.emplace_back(variable.substr(0, variable.find('=')));
      }
    }
    for (const std::string& name : inherited) unsetenv(name.c_str());
    for (const auto& [name, value] : config.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  process->pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + config.ready_deadline;
  std::string line = ReadLine(out[0], deadline);
  close(out[0]);
  nlohmann::json ready = nlohmann::json::parse(line, nullptr, false);
  if (ready.is_discarded() || !ready.contains("api_port")) {
    return MakeError("not_started", "slogate_refgw printed no start-up line (got '" + line + "')");
  }
  process->api_port_ = ready["api_port"].get<uint16_t>();
  process->metrics_port_ = ready["metrics_port"].get<uint16_t>();
  process->replicator_metrics_port_ = ready["replicator_metrics_port"].get<uint16_t>();
  while (std::chrono::steady_clock::now() < deadline) {
    if (Fetch("GET", process->ApiUrl("/v1/health")).status == 200) return process;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return MakeError("not_ready", "slogate_refgw did not answer /v1/health before the deadline");
}

RefgwProcess::~RefgwProcess() {
  Terminate();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

int RefgwProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string RefgwProcess::ApiUrl(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(api_port_) + path;
}
std::string RefgwProcess::MetricsUrl() const {
  return "http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics";
}
std::string RefgwProcess::ReplicatorMetricsUrl() const {
  return "http://127.0.0.1:" + std::to_string(replicator_metrics_port_) + "/metrics";
}

}  // namespace slogate::refgw::testing
