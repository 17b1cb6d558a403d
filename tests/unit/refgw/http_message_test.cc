#include "http_message.h"

#include <gtest/gtest.h>

namespace slogate::refgw::http {
namespace {

TEST(HttpMessageTest, SerializesStatusHeadersAndBody) {
  Response response = JsonResponse(422, R"({"detail":[]})");
  response.headers.push_back({"X-One", "1"});
  std::string wire = SerializeResponse(response, {{"X-API-Version", "v1"}}, true);
  EXPECT_EQ(wire,
            "HTTP/1.1 422 Unprocessable Entity\r\nContent-Type: "
            "application/json\r\nContent-Length: 13\r\n"
            "X-One: 1\r\nX-API-Version: v1\r\n\r\n{\"detail\":[]}");
}

TEST(HttpMessageTest, AddsConnectionCloseWhenNotKeepingAlive) {
  std::string wire = SerializeResponse(JsonResponse(200, "{}"), {}, false);
  EXPECT_NE(wire.find("Connection: close\r\n"), std::string::npos);
}

TEST(HttpMessageTest, FindHeaderIgnoresCase) {
  Request request;
  request.headers.push_back({"Content-Type", "application/json"});
  ASSERT_NE(request.FindHeader("content-type"), nullptr);
  EXPECT_EQ(*request.FindHeader("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.FindHeader("accept"), nullptr);
}

TEST(HttpMessageTest, QueryParamDecodesPercentAndPlus) {
  EXPECT_EQ(QueryParam("session_id=a%2Fb+c&limit=5", "session_id"), "a/b c");
  EXPECT_EQ(QueryParam("session_id=a&limit=5", "limit"), "5");
  EXPECT_EQ(QueryParam("flag&x=1", "flag"), "");
  EXPECT_EQ(QueryParam("x=1", "limit"), std::nullopt);
  EXPECT_EQ(QueryParam("x=%zz", "x"), "%zz");
}

TEST(HttpMessageTest, PathSegmentKeepsPlusAndDecodesPercent) {
  EXPECT_EQ(DecodePathSegment("memory.wal.dlq"), "memory.wal.dlq");
  EXPECT_EQ(DecodePathSegment("a+b%2Fc%20d"), "a+b/c d");
  EXPECT_EQ(DecodePathSegment("trailing%4"), "trailing%4");
}

TEST(HttpMessageTest, StreamHeadIsChunkedWithoutContentLength) {
  Response response;
  response.content_type = "application/x-ndjson";
  response.headers.push_back({"X-One", "1"});
  EXPECT_EQ(SerializeStreamHead(response, {{"X-API-Version", "v1"}}, true, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
            "Transfer-Encoding: chunked\r\nX-One: 1\r\nX-API-Version: v1\r\n\r\n");
  std::string until_close = SerializeStreamHead(response, {}, false, false);
  EXPECT_EQ(until_close.find("Transfer-Encoding"), std::string::npos);
  EXPECT_EQ(until_close.find("Content-Length"), std::string::npos);
  EXPECT_NE(until_close.find("Connection: close\r\n"), std::string::npos);
}

TEST(HttpMessageTest, ChunksCarryTheirSizeInHex) {
  std::string out;
  AppendChunk(out, "hello");
  AppendChunk(out, "");
  AppendChunk(out, std::string(26, 'x'));
  EXPECT_EQ(out, "5\r\nhello\r\n1a\r\n" + std::string(26, 'x') + "\r\n");
  EXPECT_EQ(kLastChunk, "0\r\n\r\n");
}

}  // namespace
}  // namespace slogate::refgw::http
