// A loopback HTTP server whose every answer a test scripts: for targets that misbehave in ways
// no real server will — hang mid-answer, echo secrets, stream an exposition without end. One
// thread per connection and one request per connection (it always closes), so a script can
// block, sleep or write byte by byte without any framing of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace slogate::testing {

struct ScriptedRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::string head;    // request line and headers, CRLFs included
  std::string body;    // read per Content-Length, at most kMaxBody bytes
  static constexpr size_t kMaxBody = 1 << 20;
};

// What a script writes to. Every call returns promptly once the server is being destroyed, so
// a script that "hangs" by sleeping cannot hold a test past its end.
class ScriptedConnection {
 public:
  explicit ScriptedConnection(int fd, const std::atomic<bool>& stopping)
      : fd_(fd), stopping_(stopping) {}
  // False when the peer has gone or the server is stopping.
  bool Write(std::string_view bytes);
  // A complete response: status line, Content-Length, `Connection: close`, the extra header
  // lines (each ending in CRLF) and the body.
  bool Respond(int status, std::string_view body, std::string_view extra_headers = {});
  // Sleeps for `duration` or until the server stops; false when it stopped.
  bool Sleep(std::chrono::milliseconds duration);
  // Sleeps until the server stops: a target that never answers.
  void Hang();
  // Makes the connection end with a reset (RST) instead of a close (FIN), as a crashed target's
  // or a middlebox's does: SO_LINGER {on, 0} now, the close when the script returns. Call it
  // last; the server then closes without shutting the connection down first (that sends FIN).
  void Reset();
  bool reset() const { return reset_; }

 private:
  int fd_;
  const std::atomic<bool>& stopping_;
  bool reset_ = false;
};

class ScriptedServer {
 public:
  using Script = std::function<void(const ScriptedRequest&, ScriptedConnection&)>;

  // Listens on 127.0.0.1 on a free port and runs `script` for every request, each on its own
  // thread. Throws std::runtime_error when the socket cannot be set up.
  explicit ScriptedServer(Script script);
  // Stops accepting, wakes every sleeping script, shuts every connection and joins.
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port>" followed by `path`.
  std::string Url(std::string_view path = "") const;
  // Requests whose head was read completely so far.
  size_t requests() const { return requests_.load(); }
  // Every request head and body received so far, in arrival order.
  std::vector<ScriptedRequest> Received() const;

 private:
  void AcceptLoop();
  void Serve(int fd);

  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> requests_{0};
  mutable std::mutex mutex_;
  std::vector<int> open_fds_;
  std::vector<std::thread> connections_;
  std::vector<ScriptedRequest> received_;
  std::thread acceptor_;
};

}  // namespace slogate::testing
