#include "pushgateway_server.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

extern char** environ;

namespace slogate::report::testing {
namespace {

constexpr char kBinary[] = "/usr/bin/prometheus-pushgateway";

// A port the kernel just gave out on 127.0.0.1 (free now; someone may take it before use).
int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

size_t Append(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

}  // namespace

std::optional<std::string> HttpGet(const std::string& url, std::string* error) {
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    *error = curl_easy_strerror(code);
    return std::nullopt;
  }
  if (status != 200) {
    *error = "status " + std::to_string(status);
    return std::nullopt;
  }
  return body;
}

PushgatewayServer::~PushgatewayServer() { Stop(); }

bool PushgatewayServer::Start(std::chrono::seconds deadline) {
  if (access(kBinary, X_OK) != 0) {
    error_ = std::string(kBinary) + " is not installed (scripts/bootstrap-deps installs it)";
    return false;
  }
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (int attempt = 0; attempt < 3 && std::chrono::steady_clock::now() < until; ++attempt) {
    const int port = FreeLoopbackPort();
    if (port != 0 && StartOnce(port, until)) return true;
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
    std::string not_ready;
    if (HttpGet(base_url() + "/-/ready", &not_ready)) return true;
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

}  // namespace slogate::report::testing
