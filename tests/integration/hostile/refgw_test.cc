// The reference gateway against clients that attack its event loop: heads and bodies dribbled
// a byte at a time (slowloris), more connections than it has descriptors, and a body over the
// limit sent in full, whose 413 must still be readable.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "eventually.h"
#include "http_client.h"
#include "refgw_process.h"

namespace slogate::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::unique_ptr<RefgwProcess> StartGateway(std::vector<std::string> args,
                                           std::filesystem::path stderr_file = {}) {
  RefgwOptions options;
  options.args = std::move(args);
  options.stderr_file = std::move(stderr_file);
  auto started = RefgwProcess::Start(std::move(options));
  if (!started.ok()) {
    ADD_FAILURE() << started.error().message;
    return nullptr;
  }
  return std::move(*started);
}

int ConnectTo(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Connections that each send `opening` and then one byte of `trickle` every 100 ms, as a
// slowloris client does, until the server answers or closes.
class DribblingClients {
 public:
  DribblingClients(uint16_t port, int count, const std::string& opening, std::string trickle)
      : trickle_(std::move(trickle)), started_(Clock::now()) {
    for (int i = 0; i < count; ++i) {
      Client client;
      client.fd = ConnectTo(port);
      if (client.fd >= 0) send(client.fd, opening.data(), opening.size(), MSG_NOSIGNAL);
      clients_.push_back(std::move(client));
    }
  }
  ~DribblingClients() {
    for (Client& client : clients_) {
      if (client.fd >= 0) close(client.fd);
    }
  }

  // Dribbles until every connection was ended by the server or `limit` passed; true when all
  // were ended.
  bool RunUntilAllEnded(milliseconds limit) {
    for (size_t sent = 0; Clock::now() - started_ < limit; ++sent) {
      bool all_ended = true;
      for (Client& client : clients_) all_ended = Step(client, sent) && all_ended;
      if (all_ended) return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  }

  // The earliest time after the start at which the server ended a connection.
  Clock::duration FirstEnded() const {
    Clock::duration first = Clock::duration::max();
    for (const Client& client : clients_) first = std::min(first, client.ended - started_);
    return first;
  }
  // How many connections got an answer starting with `status_line`.
  int Answered(const std::string& status_line) const {
    int count = 0;
    for (const Client& client : clients_) count += client.received.starts_with(status_line);
    return count;
  }

 private:
  struct Client {
    int fd = -1;
    std::string received;
    Clock::time_point ended = Clock::time_point::max();
  };

  // False while the connection is still open.
  bool Step(Client& client, size_t sent) {
    if (client.fd < 0) return true;
    char chunk[4096];
    ssize_t got = recv(client.fd, chunk, sizeof(chunk), MSG_DONTWAIT);
    if (got > 0) client.received.append(chunk, static_cast<size_t>(got));
    const bool open = got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (open && client.received.empty()) {
      const char byte = trickle_[sent % trickle_.size()];
      if (send(client.fd, &byte, 1, MSG_NOSIGNAL) == 1) return false;
    }
    if (got > 0) return false;  // read the rest, up to the close, on the next step
    client.ended = std::min(client.ended, Clock::now());
    close(client.fd);
    client.fd = -1;
    return true;
  }

  std::string trickle_;
  Clock::time_point started_;
  std::vector<Client> clients_;
};

TEST(RefgwHostileTest, SlowlorisConnectionsAreClosedAtTheHeadDeadline) {
  auto gateway = StartGateway({"--header-timeout=1s"});
  ASSERT_NE(gateway, nullptr);
  DribblingClients clients(gateway->api_port(), 50,
                           "POST /v1/session/message HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                           "X-Slow: keep-me-open\r\n");
  // Every byte resets the 60 s idle timer: only the 1 s head deadline can end these.
  EXPECT_TRUE(clients.RunUntilAllEnded(milliseconds(8000)))
      << "dribbling connections were kept open past the head deadline";
  EXPECT_GE(clients.FirstEnded(), milliseconds(900)) << "closed before the deadline";
  EXPECT_EQ(clients.Answered("HTTP/1.1 408 "), 50);
  EXPECT_EQ(Fetch("GET", gateway->ApiUrl("/v1/health")).status, 200);
}

TEST(RefgwHostileTest, SlowBodiesAreClosedAtTheBodyDeadline) {
  auto gateway = StartGateway({"--body-timeout=1s"});
  ASSERT_NE(gateway, nullptr);
  DribblingClients clients(gateway->api_port(), 20,
                           "POST /v1/session/message HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
                           "{");
  EXPECT_TRUE(clients.RunUntilAllEnded(milliseconds(8000)))
      << "dribbled bodies were kept open past the body deadline";
  EXPECT_GE(clients.FirstEnded(), milliseconds(900)) << "closed before the deadline";
  EXPECT_EQ(clients.Answered("HTTP/1.1 408 "), 20);
}

// utime + stime of `pid`, in clock ticks (/proc/<pid>/stat fields 14 and 15).
long CpuTicks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));  // the name may hold spaces
  std::string field;
  long utime = 0;
  long stime = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14) utime = std::stol(field);
    if (index == 15) stime = std::stol(field);
  }
  return utime + stime;
}

size_t OpenDescriptors(pid_t pid) {
  const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
  std::error_code ignored;
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(fds, ignored),
                                           std::filesystem::directory_iterator()));
}

TEST(RefgwHostileTest, AtTheDescriptorLimitTheGatewayWaitsQuietlyAndServesAgain) {
  const std::filesystem::path log = std::filesystem::temp_directory_path() /
                                    ("slogate-hostile-refgw-" + std::to_string(getpid()) + ".log");
  std::filesystem::remove(log);
  struct RemoveAtEnd {
    std::filesystem::path path;
    ~RemoveAtEnd() { std::filesystem::remove(path); }
  } remove_log{log};
  // Long deadlines: the connections below must stay for the whole measurement.
  auto gateway = StartGateway({"--header-timeout=60s"}, log);
  ASSERT_NE(gateway, nullptr);
  const pid_t pid = gateway->pid();
  // A few descriptors above what it holds now, as if it had been started with ulimit -n.
  const rlim_t limit = OpenDescriptors(pid) + 8;
  rlimit lowered{limit, limit};
  ASSERT_EQ(prlimit(pid, RLIMIT_NOFILE, &lowered, nullptr), 0) << std::strerror(errno);

  std::vector<int> connections;
  for (int i = 0; i < 40; ++i) connections.push_back(ConnectTo(gateway->api_port()));
  ASSERT_TRUE(Eventually([&] { return OpenDescriptors(pid) >= limit; }, milliseconds(5000)))
      << "the gateway never reached its descriptor limit (" << OpenDescriptors(pid) << " of "
      << limit << ")";
  const long ticks_before = CpuTicks(pid);
  std::this_thread::sleep_for(milliseconds(2000));  // the measurement itself: nothing to poll
  const long ticks = CpuTicks(pid) - ticks_before;
  // A loop spinning on EMFILE burns all 2 s of a core; waiting costs next to nothing.
  EXPECT_LT(ticks, sysconf(_SC_CLK_TCK) / 5) << "CPU ticks in 2 s at the descriptor limit";
  const size_t log_bytes = std::filesystem::file_size(log);
  ::testing::Test::RecordProperty("cpu_ticks_in_2s", static_cast<int>(ticks));
  ::testing::Test::RecordProperty("log_bytes_in_2s", static_cast<int>(log_bytes));
  EXPECT_LT(log_bytes, 2000u) << "the log grew by " << log_bytes << " bytes in 2 s";
  std::string logged;
  std::getline(std::ifstream(log), logged, '\0');
  EXPECT_NE(logged.find("accept failed: Too many open files"), std::string::npos) << logged;

  for (int fd : connections) {
    if (fd >= 0) close(fd);
  }
  EXPECT_TRUE(Eventually([&] { return Fetch("GET", gateway->ApiUrl("/v1/health")).status == 200; },
                         milliseconds(10000)))
      << "the gateway did not serve again once connections closed";
}

TEST(RefgwHostileTest, OversizedBodyGetsA413ThatLibcurlReads) {
  auto gateway = StartGateway({});
  ASSERT_NE(gateway, nullptr);
  const std::string body(2 * 1024 * 1024, 'x');
  for (int attempt = 0; attempt < 3; ++attempt) {
    // "Expect:" removed: libcurl sends the whole body at once instead of waiting for 100.
    HttpResult result =
        Fetch("POST", gateway->ApiUrl("/v1/session/message"), {kJsonHeader, "Expect:"}, body);
    EXPECT_EQ(result.status, 413) << "attempt " << attempt << ": " << result.error;
    EXPECT_NE(result.body.find("exceeds the limit of 1048576"), std::string::npos) << result.body;
  }
}

TEST(RefgwHostileTest, OversizedBodyGetsA413ThatARawSocketReadsToAClose) {
  // A server that resets the connection mid-write must fail the test, not kill it.
  std::signal(SIGPIPE, SIG_IGN);
  auto gateway = StartGateway({});
  ASSERT_NE(gateway, nullptr);
  const std::string request =
      "POST /v1/session/message HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
      "application/json\r\nContent-Length: 2097152\r\n\r\n" +
      std::string(2 * 1024 * 1024, 'x');
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int fd = ConnectTo(gateway->api_port());
    ASSERT_GE(fd, 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    const bool sent = send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
                      static_cast<ssize_t>(request.size());
    shutdown(fd, SHUT_WR);
    std::string answer;
    char chunk[4096];
    ssize_t got = 0;
    while ((got = recv(fd, chunk, sizeof(chunk), 0)) > 0)
      answer.append(chunk, static_cast<size_t>(got));
    const std::string ending = got == 0 ? "a close" : std::strerror(errno);
    close(fd);
    EXPECT_TRUE(sent) << "attempt " << attempt << ": the connection was reset while sending";
    EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << "attempt " << attempt << ": " << answer;
    // A reset may arrive before the client has read the answer, and then discards it.
    EXPECT_EQ(ending, "a close") << "attempt " << attempt;
  }
}

}  // namespace
}  // namespace slogate::testing
