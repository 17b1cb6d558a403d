// The scripted server every hostile test is built on: it answers as scripted, records what it
// received, and a script that hangs does not hold the test past the server's end.
#include "scripted_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>

#include "http_client.h"

namespace slogate::testing {
namespace {

using std::chrono::milliseconds;

TEST(ScriptedServerTest, AnswersAsScriptedAndRecordsTheRequest) {
  ScriptedServer server([](const ScriptedRequest& request, ScriptedConnection& connection) {
    connection.Respond(202, "seen " + request.method + " " + request.target,
                       "X-Script: yes\r\n");
  });
  const HttpResult result = Fetch("POST", server.Url("/v1/x?y=1"), {kJsonHeader}, "{\"a\":1}");
  EXPECT_EQ(result.status, 202);
  EXPECT_EQ(result.body, "seen POST /v1/x?y=1");
  EXPECT_EQ(result.headers.at("x-script"), "yes");
  ASSERT_EQ(server.requests(), 1u);
  EXPECT_EQ(server.Received().front().body, "{\"a\":1}");
}

TEST(ScriptedServerTest, AHangingScriptEndsWithTheServer) {
  const auto started = std::chrono::steady_clock::now();
  std::string answer;
  {
    ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
      connection.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
      connection.Hang();
    });
    answer = RawExchange(static_cast<uint16_t>(server.port()), "GET / HTTP/1.1\r\n\r\n",
                         milliseconds(300));
  }
  EXPECT_NE(answer.find("partial"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(ScriptedServerTest, AResetScriptEndsTheConnectionWithARstNotAClose) {
  ScriptedServer server(
      [](const ScriptedRequest&, ScriptedConnection& connection) { connection.Reset(); });
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(server.port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string request = "GET / HTTP/1.1\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  char byte = 0;
  // A close would read as 0 (end of stream); a reset fails the read.
  EXPECT_EQ(recv(fd, &byte, 1, 0), -1);
  EXPECT_EQ(errno, ECONNRESET);
  close(fd);
}

}  // namespace
}  // namespace slogate::testing
