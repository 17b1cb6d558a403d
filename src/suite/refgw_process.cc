#include "slogate/suite/refgw_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "slogate/common/log.h"
#include "slogate/common/stoppable_wait.h"
#include "slogate/scrape/health.h"

namespace slogate::suite {
namespace {

using Clock = std::chrono::steady_clock;

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "ended (wait status " + std::to_string(status) + ")";
}

constexpr std::string_view kDataDirPrefix = "slogate-refgw-";
constexpr std::string_view kOwnerFile = "owner.pid";

// The pid in `dir`/owner.pid, or 0 when there is none (a directory being created, or one of a
// version that wrote none: both left alone).
pid_t OwnerOf(const std::filesystem::path& dir) {
  std::ifstream file(dir / kOwnerFile);
  long pid = 0;
  if (!(file >> pid) || pid <= 0) return 0;
  return static_cast<pid_t>(pid);
}

bool IsAlive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

// A data directory under the temp directory, owned by this process (its pid in owner.pid), so
// that a later run can tell it is stale once this process is gone.
Result<std::filesystem::path> MakeDataDir() {
  const std::filesystem::path parent = std::filesystem::temp_directory_path();
  if (const size_t removed = RemoveStaleRefGwDataDirs(parent); removed > 0) {
    log::Info("removed " + std::to_string(removed) + " reference gateway data director" +
              (removed == 1 ? "y" : "ies") + " left in " + parent.string() +
              " by runs that were killed");
  }
  std::string pattern = (parent / (std::string(kDataDirPrefix) + "XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return MakeError("io", "cannot create a temporary data directory for the reference gateway: " +
                               std::string(std::strerror(errno)));
  }
  const std::filesystem::path dir(pattern);
  std::ofstream owner(dir / kOwnerFile);
  owner << getpid() << "\n";
  if (!owner.flush()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return MakeError("io", "cannot write " + (dir / kOwnerFile).string() +
                               ": check that the temporary directory is writable");
  }
  return dir;
}

// Reads one line from `fd` before `deadline` or `stop`, or says why there is none.
Result<std::string> ReadLine(int fd, Clock::time_point deadline, const std::atomic<bool>* stop) {
  std::string line;
  char c = 0;
  while (true) {
    if (StopRequested(stop)) return MakeError("interrupted", "stopped by a signal");
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return MakeError("timeout", "no start-up line before the deadline");
    pollfd ready{fd, POLLIN, 0};
    const int polled =
        poll(&ready, 1, static_cast<int>(std::min(left, kStopCheckPeriod).count()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) continue;
    const ssize_t got = read(fd, &c, 1);
    if (got == 0) return MakeError("exited", "its output ended before the start-up line");
    if (got < 0) {
      if (errno == EINTR) continue;
      return MakeError("io", std::string("reading its output failed: ") + std::strerror(errno));
    }
    if (c == '\n') return line;
    line.push_back(c);
  }
}

TargetUrls UrlsFromReadyLine(const nlohmann::json& ready) {
  const std::string host = "http://127.0.0.1:";
  TargetUrls urls;
  urls.api = host + std::to_string(ready.at("api_port").get<int>());
  urls.metrics = {host + std::to_string(ready.at("metrics_port").get<int>()) + "/metrics"};
  // Every replicator serves its own metrics; a gateway older than replicator_metrics_ports
  // names only the one.
  if (const auto ports = ready.find("replicator_metrics_ports"); ports != ready.end()) {
    for (const auto& port : *ports) {
      urls.metrics.push_back(host + std::to_string(port.get<int>()) + "/metrics");
    }
  } else {
    urls.metrics.push_back(
        host + std::to_string(ready.at("replicator_metrics_port").get<int>()) + "/metrics");
  }
  urls.health = urls.api + "/v1/health";
  urls.audit_template = urls.api + "/v1/admin/memory/{event_id}";
  return urls;
}

}  // namespace

size_t RemoveStaleRefGwDataDirs(const std::filesystem::path& parent) {
  size_t removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kDataDirPrefix) || !entry.is_directory(error)) continue;
    const pid_t owner = OwnerOf(entry.path());
    if (owner == 0 || IsAlive(owner)) continue;
    std::error_code ignored;
    if (std::filesystem::remove_all(entry.path(), ignored) > 0) ++removed;
  }
  return removed;
}

Result<std::filesystem::path> FindRefGwBinary() {
  if (const char* configured = std::getenv("SLOGATE_REFGW"); configured && *configured) {
    std::filesystem::path path(configured);
    if (access(path.c_str(), X_OK) == 0) return path;
    return MakeError("not_found", "SLOGATE_REFGW=" + path.string() + " is not an executable file");
  }
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const auto& candidate : {self.parent_path() / "slogate_refgw",
                                  self.parent_path().parent_path() / "bin" / "slogate_refgw"}) {
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return MakeError(
      "not_found",
      "slogate_refgw was not found next to this program or in ../bin; build it "
      "(make build) or set SLOGATE_REFGW, or set TARGET_URL to test a running gateway");
}

Result<std::unique_ptr<RefGwProcess>> RefGwProcess::Start(const RefGwLaunch& launch) {
  std::filesystem::path binary = launch.binary;
  if (binary.empty()) {
    auto found = FindRefGwBinary();
    if (!found) return found.error();
    binary = *found;
  } else if (access(binary.c_str(), X_OK) != 0) {
    return MakeError("not_found", "the reference gateway " + binary.string() +
                                      " is not an executable file");
  }
  auto data_dir = MakeDataDir();
  if (!data_dir) return data_dir.error();

  std::unique_ptr<RefGwProcess> process(new RefGwProcess());
  process->data_dir_ = *data_dir;
  process->shutdown_grace_ = launch.shutdown_grace;
  process->keep_data_dir_ = launch.keep_data_dir;

  std::vector<std::string> args = {binary.string(), "--port=0", "--metrics-port=0",
                                   "--replicator-metrics-port=0",
                                   "--data-dir=" + data_dir->string()};
  args.insert(args.end(), launch.extra_args.begin(), launch.extra_args.end());
  if (Status spawned = process->Spawn(args); !spawned) return spawned.error();
  const std::string what = "the reference gateway (" + binary.string() + ")";
  if (Status ready =
          process->AwaitReady(what, Clock::now() + launch.startup_timeout, launch.stop);
      !ready) {
    return ready.error();
  }
  return process;
}

Status RefGwProcess::Spawn(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return MakeError("io", std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return MakeError("io", std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The gateway must not outlive a suite that crashes or is killed.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    dup2(pipe_fds[1], STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  pid_ = pid;
  stdout_fd_ = pipe_fds[0];
  return Status::Ok();
}

Status RefGwProcess::AwaitReady(const std::string& what,
                                std::chrono::steady_clock::time_point deadline,
                                const std::atomic<bool>* stop) {
  auto line = ReadLine(stdout_fd_, deadline, stop);
  if (!line) {
    const std::string ended = Stop();
    if (line.error().code == "interrupted") {
      return MakeError("interrupted", what + " was stopped while starting: " +
                                          line.error().message + "; it " + ended);
    }
    return MakeError("refgw_start", what + " did not start: " + line.error().message + "; it " +
                                        ended + " (its stderr is above)");
  }
  try {
    urls_ = UrlsFromReadyLine(nlohmann::json::parse(*line));
  } catch (const nlohmann::json::exception& error) {
    Stop();
    return MakeError("refgw_start", what + " printed an unexpected start-up line \"" + *line +
                                        "\": " + error.what());
  }
  // Ports are bound once the line is printed; /v1/health answering proves the API serves.
  while (true) {
    auto health = scrape::FetchHealth(urls_.health, std::chrono::milliseconds(1000), stop);
    if (health.ok()) return Status::Ok();
    if (StopRequested(stop)) {
      Stop();
      return MakeError("interrupted", what + " was stopped by a signal while starting");
    }
    if (Clock::now() >= deadline) {
      Stop();
      return MakeError("refgw_start", what + " did not answer " + urls_.health +
                                          " in time: " + health.error().message);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string RefGwProcess::Stop() {
  if (pid_ <= 0) return exit_description_;
  kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + shutdown_grace_;
  int status = 0;
  pid_t waited = 0;
  while ((waited = waitpid(pid_, &status, WNOHANG)) == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (waited == 0) {
    log::Warn("reference gateway did not stop within the grace period; killing it");
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  exit_description_ = DescribeWaitStatus(status);
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  if (!keep_data_dir_ && !data_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
  }
  return exit_description_;
}

RefGwProcess::~RefGwProcess() { Stop(); }

}  // namespace slogate::suite
