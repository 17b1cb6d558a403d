#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <prometheus/exposer.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace slogate::scrape::testing {
namespace {

constexpr int kStartAttempts = 5;
constexpr auto kReadyDeadline = std::chrono::seconds(10);
constexpr auto kPollPause = std::chrono::milliseconds(10);

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Binds a TCP socket to 127.0.0.1:0 and returns it with the port the kernel chose.
int BindEphemeral(int& port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    throw std::runtime_error("binding 127.0.0.1:0: " + error);
  }
  port = ntohs(address.sin_port);
  return fd;
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address = Loopback(port);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return connected;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Config(const std::filesystem::path& dir, int port, const std::string& directives) {
  const std::string d = dir.string();
  std::ostringstream conf;
  conf << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
       << "error_log " << d << "/error.log warn;\npid " << d << "/nginx.pid;\n"
       << "events { worker_connections 64; }\n"
       << "http {\n"
       << "  log_format scrape '$request_uri|$http_accept|$http_accept_encoding|"
       << "$sent_http_content_encoding|$http_authorization|$status|$connection';\n"
       << "  access_log " << d << "/access.log scrape;\n"
       << "  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d << "/proxy;\n"
       << "  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d << "/uwsgi;\n"
       << "  scgi_temp_path " << d << "/scgi;\n"
       << "  default_type application/octet-stream;\n"
       << "  server {\n    listen 127.0.0.1:" << port << ";\n    root " << d << "/www;\n"
       << directives << "\n  }\n}\n";
  return conf.str();
}

}  // namespace

int PickFreePort() {
  int port = 0;
  close(BindEphemeral(port));
  return port;
}

prometheus::Exposer& SharedExposer() {
  // Never destroyed: ctest runs each test in its own process, and a 2 s civetweb shutdown at
  // every exit would dominate the suite's time. The process exit closes the socket.
  static auto* exposer = new prometheus::Exposer("127.0.0.1:0");
  return *exposer;
}

std::string SharedExposerUrl() {
  return "http://127.0.0.1:" + std::to_string(SharedExposer().GetListeningPorts().at(0)) +
         "/metrics";
}

SilentListener::SilentListener() {
  fd_ = BindEphemeral(port_);
  if (listen(fd_, 16) != 0) {
    close(fd_);
    throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
  }
}

SilentListener::~SilentListener() { close(fd_); }

NginxServer::NginxServer(const std::string& server_directives) {
  std::string pattern = (std::filesystem::temp_directory_path() / "slogate-nginx-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  }
  dir_ = pattern;
  root_ = dir_ / "www";
  std::filesystem::create_directories(root_);
  std::string failure;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    if (TryStart(server_directives, failure)) return;
  }
  std::filesystem::remove_all(dir_);
  throw std::runtime_error("nginx did not start: " + failure);
}

bool NginxServer::TryStart(const std::string& server_directives, std::string& failure) {
  port_ = PickFreePort();
  const std::filesystem::path conf = dir_ / "nginx.conf";
  std::ofstream(conf) << Config(dir_, port_, server_directives);
  std::filesystem::remove(dir_ / "error.log");
  std::filesystem::remove(dir_ / "nginx.pid");
  const std::string prefix = dir_.string() + "/";
  const std::string early_log = (dir_ / "error.log").string();
  const std::string conf_path = conf.string();
  std::vector<std::string> args = {"nginx", "-c", conf_path, "-p", prefix, "-e", early_log};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawnp(&pid_, "nginx", nullptr, nullptr, argv.data(), environ) != 0) {
    failure = "cannot run nginx (is it installed?)";
    return false;
  }
  // Ready when it accepts connections; give up on the port if nginx exits (bind failure).
  const auto deadline = std::chrono::steady_clock::now() + kReadyDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      failure = ReadFile(dir_ / "error.log");
      return false;
    }
    // The pid file is written after the listening sockets are bound, so a connection that
    // succeeds then reaches this nginx, not whoever else may hold the port.
    if (std::filesystem::exists(dir_ / "nginx.pid") && Accepts(port_)) return true;
    std::this_thread::sleep_for(kPollPause);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  failure = "not accepting connections on port " + std::to_string(port_) + " after 10 s";
  return false;
}

NginxServer::~NginxServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string NginxServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void NginxServer::WriteFile(const std::string& relative_path, const std::string& content) const {
  const std::filesystem::path target = root_ / relative_path;
  std::filesystem::create_directories(target.parent_path());
  const std::filesystem::path staging = target.string() + ".tmp";
  std::ofstream(staging, std::ios::binary) << content;
  std::filesystem::rename(staging, target);
}

std::string NginxServer::AccessLog(size_t lines) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string log = ReadFile(dir_ / "access.log");
  while (static_cast<size_t>(std::count(log.begin(), log.end(), '\n')) < lines &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    log = ReadFile(dir_ / "access.log");
  }
  return log;
}

}  // namespace slogate::scrape::testing
