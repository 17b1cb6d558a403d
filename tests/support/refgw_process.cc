#include "refgw_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "eventually.h"
#include "http_client.h"

namespace slogate::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The first line on `fd` before `deadline`; empty on timeout or end of output.
std::string FirstLine(int fd, Clock::time_point deadline) {
  std::string line;
  for (char c = 0; Clock::now() < deadline;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(std::max<int64_t>(left.count(), 1))) <= 0) continue;
    if (read(fd, &c, 1) != 1 || c == '\n') break;
    line.push_back(c);
  }
  return line;
}

// In the child: the caller's GATEWAY_* settings (a JWT secret, ports) must not leak in.
void SetEnvironment(const std::vector<std::pair<std::string, std::string>>& env) {
  std::vector<std::string> inherited;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view variable(*entry);
    if (variable.rfind("GATEWAY_", 0) == 0) {
      inherited.emplace_back(variable.substr(0, variable.find('=')));
    }
  }
  for (const std::string& name : inherited) unsetenv(name.c_str());
  for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
}

}  // namespace

Result<std::unique_ptr<RefgwProcess>> RefgwProcess::Start(RefgwOptions options) {
  std::unique_ptr<RefgwProcess> process(new RefgwProcess(std::move(options)));
  if (process->options_.data_dir.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "slogate-refgw-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return MakeError("io", "cannot create a data directory: " + std::string(strerror(errno)));
    }
    process->options_.data_dir = pattern;
    process->owns_data_dir_ = true;
  }
  if (Status launched = process->Launch(); !launched) return launched.error();
  return process;
}

Status RefgwProcess::Launch() {
  std::vector<std::string> args = {RefgwBinary(), "--port=0", "--metrics-port=0",
                                   "--replicator-metrics-port=0",
                                   "--data-dir=" + options_.data_dir.string()};
  args.insert(args.end(), options_.args.begin(), options_.args.end());
  int out[2];
  if (pipe(out) != 0)
    return MakeError("io", "cannot create a pipe: " + std::string(strerror(errno)));
  pid_ = fork();
  if (pid_ < 0) {
    close(out[0]);
    close(out[1]);
    return MakeError("io", "fork failed: " + std::string(strerror(errno)));
  }
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    if (!options_.stderr_file.empty()) {
      int log = open(options_.stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (log < 0 || dup2(log, STDERR_FILENO) < 0) _exit(126);
    }
    SetEnvironment(options_.env);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  Status ready = AwaitReady(out[0]);
  close(out[0]);
  if (!ready) Kill();
  return ready;
}

Status RefgwProcess::AwaitReady(int stdout_fd) {
  const auto deadline = Clock::now() + options_.ready_deadline;
  const std::string line = FirstLine(stdout_fd, deadline);
  nlohmann::json ready = nlohmann::json::parse(line, nullptr, false);
  if (ready.is_discarded() || !ready.contains("api_port")) {
    return MakeError("not_started", "slogate_refgw printed no start-up line (got '" + line + "')");
  }
  api_port_ = ready["api_port"].get<uint16_t>();
  metrics_port_ = ready["metrics_port"].get<uint16_t>();
  replicator_metrics_port_ = ready["replicator_metrics_port"].get<uint16_t>();
  replicator_metrics_ports_ = ready.value("replicator_metrics_ports", std::vector<uint16_t>{});
  HttpClient http;
  if (Eventually([&] { return http.Fetch("GET", ApiUrl("/v1/health")).status == 200; },
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()))) {
    return Status::Ok();
  }
  return MakeError("not_ready", "slogate_refgw did not answer /v1/health before the deadline");
}

RefgwProcess::~RefgwProcess() {
  Stop();
  if (owns_data_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(options_.data_dir, ignored);
  }
}

int RefgwProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  const bool exited = Eventually([&] { return waitpid(pid_, &status, WNOHANG) != 0; },
                                 options_.stop_grace, std::chrono::milliseconds(10));
  if (!exited) {
    Kill();
    return -1;
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void RefgwProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

Status RefgwProcess::Restart(std::vector<std::string> args) {
  Stop();
  options_.args = std::move(args);
  return Launch();
}

std::string RefgwBinary() { return SLOGATE_REFGW_BINARY; }

std::string RefgwProcess::ApiUrl(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(api_port_) + path;
}
std::string RefgwProcess::MetricsUrl() const {
  return "http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics";
}
std::string RefgwProcess::ReplicatorMetricsUrl() const {
  return "http://127.0.0.1:" + std::to_string(replicator_metrics_port_) + "/metrics";
}
std::vector<std::string> RefgwProcess::ReplicatorMetricsUrls() const {
  std::vector<std::string> urls;
  for (uint16_t port : replicator_metrics_ports_) {
    urls.push_back("http://127.0.0.1:" + std::to_string(port) + "/metrics");
  }
  return urls;
}

}  // namespace slogate::testing
