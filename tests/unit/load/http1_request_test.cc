// The HTTP/1.1 transport's request head: what libcurl would send for the same prepared request,
// so a target sees no difference between the transports.
#include "http1_request.h"

#include <gtest/gtest.h>

#include <string>

namespace slogate::load {
namespace {

PreparedRequest Post(const std::string& url, std::vector<std::string> headers) {
  PreparedRequest request;
  request.url = url;
  request.method = "POST";
  request.headers = std::move(headers);
  request.has_body = true;
  request.body = R"({"message":"ping"})";
  return request;
}

TEST(RenderHttp1HeadTest, WritesTheRequestLineHostAcceptHeadersAndTheBodyLength) {
  const Result<std::string> head = RenderHttp1Head(
      Post("http://127.0.0.1:8010/v1/session/message",
           {"Content-Type: application/json", "Authorization: Bearer token", "Expect:"}));
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(*head,
            "POST /v1/session/message HTTP/1.1\r\n"
            "Host: 127.0.0.1:8010\r\n"
            "Accept: */*\r\n"
            "Content-Type: application/json\r\n"
            "Authorization: Bearer token\r\n"
            "Content-Length: 18\r\n"
            "\r\n");
}

TEST(RenderHttp1HeadTest, KeepsTheQueryAndLeavesADefaultPortOut) {
  PreparedRequest request;
  request.url = "https://gateway.example/v1/audit?id=7&x=y";
  request.method = "GET";
  const Result<std::string> head = RenderHttp1Head(request);
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(*head,
            "GET /v1/audit?id=7&x=y HTTP/1.1\r\nHost: gateway.example\r\nAccept: */*\r\n\r\n");
}

TEST(RenderHttp1HeadTest, PreparedHostAndAcceptReplaceTheDefaultsAndLengthIsAlwaysTheBodys) {
  const Result<std::string> head =
      RenderHttp1Head(Post("http://[::1]:9000/x", {"host: api.internal", "Accept: application/json",
                                                   "Content-Length: 999"}));
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(*head,
            "POST /x HTTP/1.1\r\n"
            "host: api.internal\r\n"
            "Accept: application/json\r\n"
            "Content-Length: 18\r\n"
            "\r\n");
}

TEST(RenderHttp1HeadTest, AnExplicitDefaultPortIsLeftOutAndAPathOutsideAsciiIsEncoded) {
  PreparedRequest request;
  request.url = "http://gateway.example:80/v1/caf\xc3\xa9";
  request.method = "GET";
  const Result<std::string> head = RenderHttp1Head(request);
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(*head, "GET /v1/caf%c3%a9 HTTP/1.1\r\nHost: gateway.example\r\nAccept: */*\r\n\r\n");
}

TEST(RenderHttp1HeadTest, AnIpv6HostKeepsItsBrackets) {
  PreparedRequest request;
  request.url = "http://[::1]:9000/";
  request.method = "DELETE";
  const Result<std::string> head = RenderHttp1Head(request);
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(*head, "DELETE / HTTP/1.1\r\nHost: [::1]:9000\r\nAccept: */*\r\n\r\n");
}

}  // namespace
}  // namespace slogate::load
