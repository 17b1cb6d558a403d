#include "http_parser.h"

#include <gtest/gtest.h>

namespace slogate::refgw::http {
namespace {

TEST(HttpParserTest, ParsesRequestWithBody) {
  std::string wire =
      "POST /v1/session/message?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\n\r\n{}";
  Request request;
  ParseOutcome outcome = ParseRequest(wire, ParseLimits{}, &request);
  ASSERT_EQ(outcome.status, ParseStatus::kComplete);
  EXPECT_EQ(outcome.consumed, wire.size());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/v1/session/message");
  EXPECT_EQ(request.query, "x=1");
  EXPECT_EQ(request.body, "{}");
  EXPECT_TRUE(request.keep_alive);
  ASSERT_NE(request.FindHeader("host"), nullptr);
  EXPECT_EQ(*request.FindHeader("host"), "a");
}

TEST(HttpParserTest, LeavesPipelinedRequestInBuffer) {
  std::string first = "GET /a HTTP/1.1\r\n\r\n";
  std::string second = "GET /b HTTP/1.1\r\n\r\n";
  Request request;
  ParseOutcome outcome = ParseRequest(first + second, ParseLimits{}, &request);
  ASSERT_EQ(outcome.status, ParseStatus::kComplete);
  EXPECT_EQ(outcome.consumed, first.size());
  EXPECT_EQ(request.path, "/a");
}

TEST(HttpParserTest, NeedsMoreBytesUntilBodyComplete) {
  std::string wire = "POST / HTTP/1.1\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n12345";
  Request request;
  ParseOutcome outcome = ParseRequest(wire, ParseLimits{}, &request);
  EXPECT_EQ(outcome.status, ParseStatus::kIncomplete);
  EXPECT_EQ(outcome.bytes_needed, wire.size() + 5);
  EXPECT_TRUE(outcome.expects_continue);
  EXPECT_EQ(ParseRequest("GET / HTTP/1.1\r\nHost:", ParseLimits{}, &request).status,
            ParseStatus::kIncomplete);
}

TEST(HttpParserTest, Http10ClosesUnlessKeepAlive) {
  Request request;
  ASSERT_EQ(ParseRequest("GET / HTTP/1.0\r\n\r\n", ParseLimits{}, &request).status,
            ParseStatus::kComplete);
  EXPECT_FALSE(request.keep_alive);
  ASSERT_EQ(
      ParseRequest("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", ParseLimits{}, &request)
          .status,
      ParseStatus::kComplete);
  EXPECT_TRUE(request.keep_alive);
  ASSERT_EQ(
      ParseRequest("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", ParseLimits{}, &request).status,
      ParseStatus::kComplete);
  EXPECT_FALSE(request.keep_alive);
}

TEST(HttpParserTest, RejectsOversizedHeadersBeforeTheyEnd) {
  ParseLimits limits;
  limits.max_header_bytes = 64;
  Request request;
  ParseOutcome outcome =
      ParseRequest("GET / HTTP/1.1\r\nX: " + std::string(100, 'a'), limits, &request);
  EXPECT_EQ(outcome.status, ParseStatus::kError);
  EXPECT_EQ(outcome.error_status, 431);
}

// How a request is split across reads must not change its answer (fuzz_http_request checks
// it): headers of exactly the limit whose "\r\n\r\n" came in two reads used to get a 431 the
// same bytes in one read did not.
TEST(HttpParserTest, HeadersOfExactlyTheLimitWaitForTheirEndAcrossReads) {
  const std::string head = "GET / HTTP/1.1\r\nA: b";
  ParseLimits limits;
  limits.max_header_bytes = head.size();
  Request request;
  for (const std::string_view end : {"\r", "\r\n", "\r\n\r"}) {
    EXPECT_EQ(ParseRequest(head + std::string(end), limits, &request).status,
              ParseStatus::kIncomplete)
        << end.size() << " bytes of the end";
  }
  EXPECT_EQ(ParseRequest(head + "\r\n\r\n", limits, &request).status, ParseStatus::kComplete);
  const ParseOutcome too_long = ParseRequest(head + "xxxx", limits, &request);
  EXPECT_EQ(too_long.status, ParseStatus::kError);
  EXPECT_EQ(too_long.error_status, 431);
}

struct BadRequestCase {
  std::string name;
  std::string wire;
  int status;
  std::string message_part;
};

class HttpParserErrorTest : public testing::TestWithParam<BadRequestCase> {};

TEST_P(HttpParserErrorTest, AnswersWithStatusAndReason) {
  Request request;
  ParseLimits limits;
  limits.max_body_bytes = 1024;
  ParseOutcome outcome = ParseRequest(GetParam().wire, limits, &request);
  ASSERT_EQ(outcome.status, ParseStatus::kError);
  EXPECT_EQ(outcome.error_status, GetParam().status);
  EXPECT_NE(outcome.error_message.find(GetParam().message_part), std::string::npos)
      << outcome.error_message;
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, HttpParserErrorTest,
    testing::Values(
        BadRequestCase{"Garbage", "\x16\x03\x01\x02\xff\x01\r\n\r\n", 400, "request line"},
        BadRequestCase{"MissingVersion", "GET /\r\n\r\n", 400, "request line"},
        BadRequestCase{"RelativeTarget", "GET x HTTP/1.1\r\n\r\n", 400, "absolute path"},
        BadRequestCase{"BadMethod", "G(T / HTTP/1.1\r\n\r\n", 400, "method"},
        BadRequestCase{"Http2", "GET / HTTP/2.0\r\n\r\n", 505, "HTTP/1.0 and HTTP/1.1"},
        BadRequestCase{"HeaderWithoutColon", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400,
                       "header line"},
        BadRequestCase{"SpaceBeforeColon", "GET / HTTP/1.1\r\nName : v\r\n\r\n", 400,
                       "header line"},
        BadRequestCase{"NegativeLength", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400,
                       "Content-Length"},
        BadRequestCase{"ConflictingLengths",
                       "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
                       "Content-Length"},
        BadRequestCase{"Chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501,
                       "Transfer-Encoding"},
        BadRequestCase{"BodyTooLarge", "POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n", 413,
                       "1025 bytes"}),
    [](const testing::TestParamInfo<BadRequestCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::refgw::http
