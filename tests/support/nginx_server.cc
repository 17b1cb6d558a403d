#include "nginx_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "eventually.h"
#include "files.h"
#include "loopback.h"

extern char** environ;

namespace slogate::testing {
namespace {

constexpr auto kReadyDeadline = std::chrono::seconds(10);
constexpr int kPortAttempts = 5;

std::string Config(const std::filesystem::path& prefix, int port, const NginxOptions& options) {
  const std::string p = prefix.string();
  std::ostringstream conf;
  conf << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
       << "error_log " << p << "/error.log warn;\npid " << p << "/nginx.pid;\n"
       << "events { worker_connections 4096; }\n"
       << "http {\n"
       << "  log_format test '" << options.access_log_format << "';\n"
       << "  access_log " << p << "/access.log test;\n"
       << "  keepalive_requests 1000000;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    conf << "  " << temp << "_temp_path " << p << "/" << temp << ";\n";
  }
  conf << "  default_type application/octet-stream;\n"
       << "  server {\n    listen 127.0.0.1:" << port;
  if (options.listener == NginxOptions::Listener::kH2Tls) {
    conf << " ssl http2;\n    ssl_certificate " << p << "/cert.pem;\n"
         << "    ssl_certificate_key " << p << "/key.pem";
  }
  conf << ";\n    root " << p << "/www;\n"
       << "    location = /ready { access_log off; return 200 'ready'; }\n"
       << options.server_directives << "\n  }\n}\n";
  return conf.str();
}

// True once nginx answers on the port (a TLS listener answers with its "plain HTTP request"
// error: still a reply).
bool Answers(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool answered = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    const std::string request = "GET /ready HTTP/1.0\r\n\r\n";
    char reply[64];
    answered = send(fd, request.data(), request.size(), MSG_NOSIGNAL) > 0 &&
               recv(fd, reply, sizeof(reply), 0) > 0;
  }
  close(fd);
  return answered;
}

// A self-signed certificate for 127.0.0.1, valid for a day.
bool MakeCertificate(const std::filesystem::path& prefix) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      (prefix / "key.pem").string() + " -out " + (prefix / "cert.pem").string() +
      " >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

}  // namespace

std::unique_ptr<NginxServer> NginxServer::Start(const NginxOptions& options) {
  std::string pattern = (std::filesystem::temp_directory_path() / "slogate-nginx-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
    return nullptr;
  }
  const bool tls = options.listener == NginxOptions::Listener::kH2Tls;
  std::unique_ptr<NginxServer> server(new NginxServer(pattern, tls));
  std::filesystem::create_directories(server->root_);
  if (tls && !MakeCertificate(server->prefix_)) {
    ADD_FAILURE() << "openssl could not make a test certificate";
    return nullptr;
  }
  std::string failure;
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    if (server->TryStart(options, failure)) return server;
  }
  ADD_FAILURE() << "nginx did not start: " << failure;
  return nullptr;
}

std::unique_ptr<NginxServer> NginxServer::StartFakeGateway(const std::string& extra_locations,
                                                           NginxOptions::Listener listener) {
  NginxOptions options;
  options.server_directives = extra_locations +
                              "    location / {\n      default_type application/json;\n"
                              "      return 200 '{\"session_id\": \"s\", \"event_id\": "
                              "\"$request_id\"}';\n    }\n";
  options.listener = listener;
  return Start(options);
}

bool NginxServer::TryStart(const NginxOptions& options, std::string& failure) {
  port_ = PickFreePort();  // nginx binds it next; losing the race is retried by the caller
  const std::filesystem::path conf = prefix_ / "nginx.conf";
  std::ofstream(conf) << Config(prefix_, port_, options);
  std::filesystem::remove(prefix_ / "error.log");
  std::filesystem::remove(prefix_ / "nginx.pid");
  std::vector<std::string> args = {"nginx",       "-p", prefix_.string() + "/",          "-c",
                                   conf.string(), "-e", (prefix_ / "error.log").string()};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawnp(&pid_, "nginx", nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    failure = "cannot run nginx (is it installed?)";
    return false;
  }
  bool exited = false;
  // The pid file is written after the listening sockets are bound, so an answer then comes
  // from this nginx, not from whoever else may hold the port.
  const bool ready = Eventually(
      [&] {
        exited = waitpid(pid_, nullptr, WNOHANG) == pid_;
        return exited || (std::filesystem::exists(prefix_ / "nginx.pid") && Answers(port_));
      },
      kReadyDeadline, std::chrono::milliseconds(5));
  if (ready && !exited) return true;
  if (!exited) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  failure = exited ? "error.log:\n" + ReadFile(prefix_ / "error.log")
                   : "not answering on port " + std::to_string(port_) + " after 10 s";
  return false;
}

NginxServer::~NginxServer() {
  if (pid_ > 0) {
    kill(pid_, SIGCONT);  // in case a test left it stopped
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(prefix_, ignored);
}

std::string NginxServer::Url(const std::string& path) const {
  return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_) + path;
}

void NginxServer::WriteFile(const std::string& relative_path, const std::string& content) const {
  const std::filesystem::path target = root_ / relative_path;
  std::filesystem::create_directories(target.parent_path());
  const std::filesystem::path staging = target.string() + ".tmp";
  std::ofstream(staging, std::ios::binary) << content;
  std::filesystem::rename(staging, target);
}

std::vector<std::string> NginxServer::AccessLogLines(size_t lines) const {
  std::vector<std::string> read;
  Eventually(
      [&] {
        read.clear();
        std::ifstream log(prefix_ / "access.log");
        for (std::string line; std::getline(log, line);) read.push_back(line);
        return read.size() >= lines;
      },
      std::chrono::seconds(5), std::chrono::milliseconds(2));
  return read;
}

std::string NginxServer::AccessLog(size_t lines) const {
  std::string text;
  for (const std::string& line : AccessLogLines(lines)) text += line + "\n";
  return text;
}

}  // namespace slogate::testing
