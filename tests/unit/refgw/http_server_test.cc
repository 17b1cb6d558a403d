#include "http_server.h"

#include <gtest/gtest.h>

#include <thread>

#include "raw_client.h"

namespace slogate::refgw::http {
namespace {

using slogate::testing::RawClient;

std::string Get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.threads = 2;
    options.limits.max_body_bytes = 1024;
    options.response_headers = {{"X-API-Version", "v1"}};
    auto started = Server::Start(options, [](Request request, Responder responder) {
      if (request.path == "/async") {
        std::thread([responder = std::move(responder)]() mutable {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          responder.Send(JsonResponse(200, "async"));
        }).detach();
      } else if (request.path == "/later") {
        responder.SendAfter(std::chrono::milliseconds(20), JsonResponse(200, "later"));
      } else if (request.path == "/drop") {
        // Dropping the responder must still answer.
      } else {
        responder.Send(JsonResponse(200, request.method + " " + request.path + " " + request.body));
      }
    });
    ASSERT_TRUE(started.ok()) << started.error().message;
    server_ = std::move(*started);
    ASSERT_NE(server_->port(), 0);
  }

  std::unique_ptr<Server> server_;
};

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  RawClient client(server_->port());
  ASSERT_TRUE(client.connected());
  client.Send(Get("/async") + "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz" + Get("/later") +
              Get("/c"));
  std::vector<std::string> responses = client.Read(4);
  ASSERT_EQ(responses.size(), 4u);
  EXPECT_TRUE(EndsWith(responses[0], "async"));
  EXPECT_TRUE(EndsWith(responses[1], "POST /b xyz"));
  EXPECT_TRUE(EndsWith(responses[2], "later"));
  EXPECT_TRUE(EndsWith(responses[3], "GET /c "));
  EXPECT_NE(responses[0].find("X-API-Version: v1\r\n"), std::string::npos);
}

TEST_F(HttpServerTest, DroppedResponderAnswers500) {
  RawClient client(server_->port());
  client.Send(Get("/drop"));
  std::vector<std::string> responses = client.Read(1);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].rfind("HTTP/1.1 500 ", 0), 0u) << responses[0];
}

TEST_F(HttpServerTest, RejectsGarbageAndClosesButKeepsServing) {
  RawClient bad(server_->port());
  bad.Send(std::string("\x16\x03\x01\x00\xa5garbage\r\n\r\n", 17));
  std::vector<std::string> responses = bad.Read(1);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].rfind("HTTP/1.1 400 ", 0), 0u) << responses[0];
  EXPECT_NE(responses[0].find("X-API-Version: v1\r\n"), std::string::npos);
  EXPECT_TRUE(bad.ClosedByServer());

  RawClient good(server_->port());
  good.Send(Get("/after"));
  ASSERT_EQ(good.Read(1).size(), 1u);
}

TEST_F(HttpServerTest, RejectsOversizedBodyWith413BeforeReadingIt) {
  RawClient client(server_->port());
  client.Send("POST /x HTTP/1.1\r\nContent-Length: 5000\r\n\r\n");
  std::vector<std::string> responses = client.Read(1);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].rfind("HTTP/1.1 413 ", 0), 0u) << responses[0];
}

TEST_F(HttpServerTest, SendsContinueWhenAsked) {
  RawClient client(server_->port());
  client.Send("POST /x HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  std::vector<std::string> interim = client.Read(1);
  ASSERT_EQ(interim.size(), 1u);
  EXPECT_EQ(interim[0], "HTTP/1.1 100 Continue\r\n\r\n");
  client.Send("ok");
  std::vector<std::string> responses = client.Read(1);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_TRUE(EndsWith(responses[0], "POST /x ok"));
}

TEST_F(HttpServerTest, ClosesAfterConnectionClose) {
  RawClient client(server_->port());
  client.Send("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::vector<std::string> responses = client.Read(1);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_NE(responses[0].find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(HttpServerTest, HeadGetsHeadersWithoutBody) {
  RawClient client(server_->port());
  client.Send("HEAD /h HTTP/1.1\r\n\r\n" + Get("/next"));
  std::string received = client.ReadUntil("GET /next ");
  // The HEAD answer announces the body's length but carries none: the next status line
  // follows its headers directly.
  size_t head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << received;
  EXPECT_NE(received.substr(0, head_end).find("Content-Length: 8"), std::string::npos) << received;
  EXPECT_EQ(received.compare(head_end + 4, 9, "HTTP/1.1 "), 0) << received;
}

TEST_F(HttpServerTest, AnswersEverythingSentBeforeHalfClose) {
  RawClient client(server_->port());
  client.Send(Get("/async") + Get("/two"));
  client.ShutdownWrite();
  std::vector<std::string> responses = client.Read(2);
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_TRUE(EndsWith(responses[0], "async"));
  EXPECT_TRUE(EndsWith(responses[1], "GET /two "));
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(HttpServerTest, DrainsLongPipelines) {
  RawClient client(server_->port());
  std::string requests;
  for (int i = 0; i < 2000; ++i) requests += Get("/p" + std::to_string(i));
  client.Send(requests);
  std::vector<std::string> responses = client.Read(2000);
  ASSERT_EQ(responses.size(), 2000u);
  EXPECT_TRUE(EndsWith(responses[1999], "GET /p1999 "));
}

TEST_F(HttpServerTest, RefusesAPortAlreadyInUse) {
  ServerOptions options;
  options.port = server_->port();
  auto second = Server::Start(
      options, [](Request, Responder responder) { responder.Send(JsonResponse(200, "")); });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "bind_failed");
  EXPECT_NE(second.error().message.find(std::to_string(server_->port())), std::string::npos);
}

TEST(HttpServerStartTest, ReportsUnbindableAddress) {
  ServerOptions options;
  options.host = "not-an-address";
  auto started = Server::Start(
      options, [](Request, Responder responder) { responder.Send(JsonResponse(200, "")); });
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("not-an-address"), std::string::npos);
}

}  // namespace
}  // namespace slogate::refgw::http
