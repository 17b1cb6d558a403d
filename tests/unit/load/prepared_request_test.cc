#include "prepared_request.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace slogate::load {
namespace {

bool Contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(PreparedRequestTest, SeedPayloadHasTheUpstreamFieldsInOrder) {
  RequestTemplate request;
  request.persona_id = "p1";
  request.tenant = "acme";
  request.message = "hello \"world\"";
  const PreparedRequest prepared = PrepareSeedPayload(request);
  EXPECT_EQ(prepared.body,
            R"({"session_id":"00000000-0000-4000-8000-000000000000","persona_id":"p1",)"
            R"("message":"hello \"world\"","attachments":[],"metadata":{"tenant":"acme"}})");
  ASSERT_EQ(prepared.uuid_offsets.size(), 1u);
  EXPECT_EQ(prepared.body.substr(prepared.uuid_offsets[0], 8), "00000000");
}

TEST(PreparedRequestTest, SeedPayloadLeavesOutUnsetOptionalFields) {
  const PreparedRequest prepared = PrepareSeedPayload(RequestTemplate{});
  const auto body = nlohmann::json::parse(prepared.body);
  EXPECT_FALSE(body.contains("persona_id"));
  EXPECT_FALSE(body.contains("metadata"));
  EXPECT_EQ(body["message"], "ping");
  EXPECT_EQ(body["attachments"], nlohmann::json::array());
}

TEST(PreparedRequestTest, AddsJsonTypeAuthorizationAndNoExpect) {
  LoadOptions options;
  options.target_url = "http://127.0.0.1:9/";
  options.request.jwt = "tok.en.sig";
  options.request.headers = {"X-Trace: 1"};
  const PreparedRequest prepared = PrepareRequest(options);
  EXPECT_EQ(prepared.url, "http://127.0.0.1:9/v1/session/message");
  EXPECT_EQ(prepared.method, "POST");
  EXPECT_TRUE(Contains(prepared.headers, "X-Trace: 1"));
  EXPECT_TRUE(Contains(prepared.headers, "Content-Type: application/json"));
  EXPECT_TRUE(Contains(prepared.headers, "Authorization: Bearer tok.en.sig"));
  EXPECT_TRUE(Contains(prepared.headers, "Expect:"));
}

TEST(PreparedRequestTest, UserHeadersWinOverDefaults) {
  LoadOptions options;
  options.request.jwt = "secret";
  options.request.headers = {"content-type: text/plain", "Authorization: Basic x"};
  const PreparedRequest prepared = PrepareRequest(options);
  EXPECT_FALSE(Contains(prepared.headers, "Content-Type: application/json"));
  EXPECT_FALSE(Contains(prepared.headers, "Authorization: Bearer secret"));
}

TEST(PreparedRequestTest, CustomBodyGetsAUuidSlotPerPlaceholder) {
  LoadOptions options;
  options.request.method = "PUT";
  options.request.body = R"({"a":"{{uuid}}","b":"{{uuid}}"})";
  const PreparedRequest prepared = PrepareRequest(options);
  ASSERT_EQ(prepared.uuid_offsets.size(), 2u);
  EXPECT_EQ(prepared.body.size(), options.request.body.size() + 2 * (36 - 8));
  for (size_t offset : prepared.uuid_offsets) {
    EXPECT_EQ(prepared.body[offset - 1], '"');
    EXPECT_EQ(prepared.body[offset + 36], '"');
  }
}

// The body libcurl sends when the UUID slots hold `fresh_ids`, read in pieces of `chunk` bytes.
std::string StreamBody(const PreparedRequest& prepared, const std::string& fresh_ids,
                       size_t chunk) {
  std::string sent;
  std::string buffer(chunk, '\0');
  while (true) {
    const size_t copied = CopyBodyPart(prepared, fresh_ids, sent.size(), buffer);
    if (copied == 0) return sent;
    sent.append(buffer, 0, copied);
  }
}

TEST(PreparedRequestTest, StreamedBodySplicesEachRequestsUuidsAtEveryChunkSize) {
  LoadOptions options;
  options.request.body = R"({"a":"{{uuid}}","b":"{{uuid}}","tail":"xyz"})";
  const PreparedRequest prepared = PrepareRequest(options);
  const std::string first(36, '1');
  const std::string second(36, '2');
  const std::string expected = R"({"a":")" + first + R"(","b":")" + second + R"(","tail":"xyz"})";
  // Chunks that end inside, across and between the UUID slots.
  for (size_t chunk : {1u, 5u, 7u, 36u, 37u, 4096u}) {
    EXPECT_EQ(StreamBody(prepared, first + second, chunk), expected) << "chunk " << chunk;
  }
}

TEST(PreparedRequestTest, StreamedBodyRewindsToAnyPosition) {
  LoadOptions options;
  options.request.body = "{{uuid}}";
  const PreparedRequest prepared = PrepareRequest(options);
  std::string out(10, '\0');
  ASSERT_EQ(CopyBodyPart(prepared, std::string(36, 'f'), 30, out), 6u);
  EXPECT_EQ(out.substr(0, 6), "ffffff");
  EXPECT_EQ(CopyBodyPart(prepared, std::string(36, 'f'), 36, out), 0u);
}

TEST(PreparedRequestTest, OnlyBodiesPastTheCopyLimitAreStreamed) {
  LoadOptions options;
  options.request.body.assign(kCopiedBodyBytes, 'x');
  EXPECT_FALSE(StreamsBody(PrepareRequest(options)));
  options.request.body.push_back('x');
  EXPECT_TRUE(StreamsBody(PrepareRequest(options)));
}

TEST(PreparedRequestTest, GetHasNoBody) {
  LoadOptions options;
  options.request.method = "GET";
  options.request.path = "/v1/health";
  const PreparedRequest prepared = PrepareRequest(options);
  EXPECT_FALSE(prepared.has_body);
  EXPECT_TRUE(prepared.body.empty());
  EXPECT_FALSE(Contains(prepared.headers, "Content-Type: application/json"));
}

}  // namespace
}  // namespace slogate::load
