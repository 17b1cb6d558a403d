// http::Server against clients that hold connections: heads and bodies that dribble in, silent
// connections, and answers given before a request was read (413), which must still be readable.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "http_server.h"
#include "raw_client.h"

namespace slogate::refgw::http {
namespace {

using slogate::testing::RawClient;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class HttpServerDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A server that closes on a client mid-write must fail the test, not kill it.
    std::signal(SIGPIPE, SIG_IGN);
    options_.limits.max_body_bytes = 1024;
    options_.header_timeout = milliseconds(300);
    options_.body_timeout = milliseconds(300);
    options_.linger_time = milliseconds(300);
  }

  void Start() {
    auto started = Server::Start(options_, [](Request request, Responder responder) {
      responder.Send(JsonResponse(200, request.method + " " + request.path));
    });
    ASSERT_TRUE(started.ok()) << started.error().message;
    server_ = std::move(*started);
  }

  // Sends `bytes` one every 50 ms until the server answers or closes; returns how many it sent.
  static size_t Dribble(RawClient& client, const std::string& bytes) {
    for (size_t sent = 0; sent < bytes.size(); ++sent) {
      if (!client.ReadToEnd(milliseconds(50)).empty()) return sent;
      if (!client.Write(bytes.substr(sent, 1))) return sent;
    }
    return bytes.size();
  }

  ServerOptions options_;
  std::unique_ptr<Server> server_;
};

TEST_F(HttpServerDeadlineTest, HeadDribbledPastItsDeadlineGets408AndClose) {
  Start();
  RawClient client(server_->port());
  const std::string head = "GET /slow HTTP/1.1\r\nX-Padding: " + std::string(200, 'a') + "\r\n\r\n";
  const size_t sent = Dribble(client, head);
  EXPECT_LT(sent, head.size()) << "a 10 s head was accepted whole with a 300 ms deadline";
  const std::string answer = client.ReadToEnd(milliseconds(2000));
  EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("the request head did not arrive in full within 300 ms"), std::string::npos)
      << answer;
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(HttpServerDeadlineTest, BodyDribbledPastItsDeadlineGets408AndClose) {
  Start();
  RawClient client(server_->port());
  client.Send("POST /slow HTTP/1.1\r\nContent-Length: 200\r\n\r\n");
  const size_t sent = Dribble(client, std::string(200, 'b'));
  EXPECT_LT(sent, 200u);
  const std::string answer = client.ReadToEnd(milliseconds(2000));
  EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("the request body did not arrive"), std::string::npos) << answer;
}

TEST_F(HttpServerDeadlineTest, SilentConnectionIsClosedWithoutAnAnswer) {
  Start();
  RawClient client(server_->port());
  const auto started = Clock::now();
  EXPECT_EQ(client.ReadToEnd(milliseconds(5000)), "");
  EXPECT_LT(Clock::now() - started, milliseconds(4000)) << "still open after the head deadline";
}

TEST_F(HttpServerDeadlineTest, KeptAliveConnectionBetweenRequestsWaitsForTheIdleTimeout) {
  Start();
  RawClient client(server_->port());
  client.Send("GET /one HTTP/1.1\r\n\r\n");
  ASSERT_EQ(client.Read(1).size(), 1u);
  // Longer than the head deadline: between requests only the idle timeout (60 s) applies, and
  // the next head's deadline starts with its first byte. Nothing to poll for.
  std::this_thread::sleep_for(milliseconds(800));
  client.Send("GET /two HTTP/1.1\r\n\r\n");
  std::vector<std::string> answers = client.Read(1);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_NE(answers[0].find("GET /two"), std::string::npos) << answers[0];
}

TEST_F(HttpServerDeadlineTest, OversizedBodySentInFullStillReadsThe413) {
  Start();
  // Far more than the socket buffers hold: the client can only finish writing if the server
  // keeps reading after its answer, and can only read the answer if it was not reset.
  const std::string body(8 * 1024 * 1024, 'x');
  for (int attempt = 0; attempt < 5; ++attempt) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Write(
        "POST /big HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body))
        << "the server reset the connection while the body was being sent";
    client.ShutdownWrite();
    const std::string answer = client.ReadToEnd(milliseconds(5000));
    EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << "attempt " << attempt << ": " << answer;
  }
}

TEST_F(HttpServerDeadlineTest, LingeringCloseIsBoundedInBytes) {
  options_.linger_time = milliseconds(60000);
  options_.linger_bytes = 64 * 1024;
  Start();
  RawClient client(server_->port());
  client.Send("POST /big HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n");
  // The server stops discarding after 64 KiB and closes: writing 64 MiB cannot succeed.
  EXPECT_FALSE(client.Write(std::string(64 * 1024 * 1024, 'x')));
}

TEST_F(HttpServerDeadlineTest, LingeringCloseIsBoundedInTime) {
  Start();
  RawClient client(server_->port());
  client.Send("POST /big HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n");
  const auto started = Clock::now();
  // The client neither sends the body nor closes: the server closes when lingering ends.
  const std::string answer = client.ReadToEnd(milliseconds(5000));
  EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << answer;
  EXPECT_LT(Clock::now() - started, milliseconds(4000)) << "lingering outlived linger_time";
}

}  // namespace
}  // namespace slogate::refgw::http
