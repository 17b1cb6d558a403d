#include "nginx_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace slogate::load::testing {
namespace {

constexpr auto kReadyDeadline = std::chrono::seconds(10);
constexpr int kPortAttempts = 5;

// Binds 127.0.0.1:0 and returns the socket (or -1) and the port the kernel chose.
int BindEphemeral(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(address.sin_port);
  return fd;
}

std::string Config(const std::string& prefix, int port, const std::string& extra, bool tls) {
  std::string config = "worker_processes 1;\nmaster_process off;\npid " + prefix +
                       "/nginx.pid;\n"
                       "error_log " +
                       prefix +
                       "/error.log warn;\n"
                       "events { worker_connections 4096; }\n"
                       "http {\n"
                       "  log_format plain '$request_method $uri $status';\n"
                       "  access_log " +
                       prefix +
                       "/access.log plain;\n"
                       "  keepalive_requests 1000000;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    config += "  " + std::string(temp) + "_temp_path " + prefix + "/" + temp + ";\n";
  }
  config += "  server {\n    listen 127.0.0.1:" + std::to_string(port) +
            (tls ? " ssl http2;\n    ssl_certificate " + prefix + "/cert.pem;\n" +
                       "    ssl_certificate_key " + prefix + "/key.pem;\n"
                 : std::string(";\n")) +
            "    location = /ready { access_log off; return 200 'ready'; }\n" + extra +
            "    location / {\n      default_type application/json;\n"
            "      return 200 '{\"session_id\": \"s\", \"event_id\": \"$request_id\"}';\n"
            "    }\n  }\n}\n";
  return config;
}

// True once a TCP connect to the port succeeds and nginx answers /ready.
bool Ready(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool ready = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    // A TLS listener answers this with its "plain HTTP request" error: still a reply.
    const std::string request = "GET /ready HTTP/1.0\r\n\r\n";
    char reply[64];
    ready = send(fd, request.data(), request.size(), MSG_NOSIGNAL) > 0 &&
            recv(fd, reply, sizeof(reply), 0) > 0;
  }
  close(fd);
  return ready;
}

pid_t Launch(const std::string& prefix) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string conf = prefix + "/nginx.conf";
    const std::string error_log = prefix + "/error.log";
    execlp("nginx", "nginx", "-p", prefix.c_str(), "-c", conf.c_str(), "-e", error_log.c_str(),
           "-g", "daemon off;", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits for readiness; false when nginx exited (typically: port taken) or the deadline passed.
bool AwaitReady(pid_t pid, int port) {
  const auto deadline = std::chrono::steady_clock::now() + kReadyDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    if (Ready(port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // poll interval, not a wait
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return false;
}

}  // namespace

// A self-signed certificate for 127.0.0.1, valid for a day.
bool MakeCertificate(const std::string& prefix) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      prefix + "/key.pem -out " + prefix + "/cert.pem >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::unique_ptr<NginxServer> NginxServer::Start(const std::string& extra_locations,
                                                Listener listener) {
  char pattern[] = "/tmp/slogate-nginx-XXXXXX";
  const char* made = mkdtemp(pattern);
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return nullptr;
  }
  const std::string prefix = made;
  const bool tls = listener == Listener::kH2Tls;
  if (tls && !MakeCertificate(prefix)) {
    ADD_FAILURE() << "openssl could not make a test certificate";
    return nullptr;
  }
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    int port = 0;
    const int fd = BindEphemeral(&port);
    if (fd < 0) continue;
    close(fd);  // nginx binds it next; a race with another process is retried
    std::ofstream(prefix + "/nginx.conf") << Config(prefix, port, extra_locations, tls);
    const pid_t pid = Launch(prefix);
    if (pid > 0 && AwaitReady(pid, port)) {
      return std::unique_ptr<NginxServer>(new NginxServer(prefix, port, pid, tls));
    }
  }
  std::ifstream error_log(prefix + "/error.log");
  ADD_FAILURE() << "nginx did not start; error.log:\n" << error_log.rdbuf();
  std::filesystem::remove_all(prefix);
  return nullptr;
}

NginxServer::~NginxServer() {
  kill(pid_, SIGCONT);  // in case a test left it stopped
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  std::filesystem::remove_all(prefix_);
}

std::vector<std::string> NginxServer::AccessLog(size_t lines) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    std::vector<std::string> read;
    std::ifstream log(prefix_ + "/access.log");
    for (std::string line; std::getline(log, line);) read.push_back(line);
    if (read.size() >= lines || std::chrono::steady_clock::now() >= deadline) return read;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

RefusingPort::RefusingPort() { fd_ = BindEphemeral(&port_); }
RefusingPort::~RefusingPort() {
  if (fd_ >= 0) close(fd_);
}

SilentListener::SilentListener() {
  fd_ = BindEphemeral(&port_);
  if (fd_ >= 0) listen(fd_, 128);
}
SilentListener::~SilentListener() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace slogate::load::testing
