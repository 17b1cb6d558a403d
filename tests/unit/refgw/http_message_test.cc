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

}  // namespace
}  // namespace slogate::refgw::http
