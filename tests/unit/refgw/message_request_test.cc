#include "message_request.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

using nlohmann::json;

const std::optional<std::string_view> kJson = std::string_view("application/json");

TEST(MessageRequestTest, AcceptsFullBody) {
  auto parsed = ParseMessageRequest(
      kJson, R"({"message":"hi","session_id":"s","persona_id":"p","attachments":["a"],)"
             R"("metadata":{"tenant":"t","k":"v"},"extra":1})");
  ASSERT_TRUE(std::holds_alternative<MessageRequest>(parsed));
  const MessageRequest& request = std::get<MessageRequest>(parsed);
  EXPECT_EQ(request.message, "hi");
  EXPECT_EQ(request.session_id, "s");
  EXPECT_EQ(request.persona_id, "p");
  EXPECT_EQ(request.attachments, std::vector<std::string>{"a"});
  EXPECT_EQ(request.MetadataTenant(), "t");
  EXPECT_EQ(request.metadata.size(), 2u);
}

TEST(MessageRequestTest, NullOptionalsAreAbsent) {
  auto parsed =
      ParseMessageRequest(std::nullopt, R"({"message":"hi","session_id":null,"metadata":null})");
  ASSERT_TRUE(std::holds_alternative<MessageRequest>(parsed));
  EXPECT_EQ(std::get<MessageRequest>(parsed).session_id, std::nullopt);
  EXPECT_EQ(std::get<MessageRequest>(parsed).MetadataTenant(), std::nullopt);
}

TEST(MessageRequestTest, AcceptsJsonSuffixContentType) {
  auto parsed = ParseMessageRequest(std::string_view("application/vnd.x+json; charset=utf-8"),
                                    R"({"message":""})");
  EXPECT_TRUE(std::holds_alternative<MessageRequest>(parsed));
}

TEST(MessageRequestTest, ReportsEveryProblemInOneAnswer) {
  auto parsed =
      ParseMessageRequest(kJson, R"({"message":1,"attachments":[1,"ok"],"metadata":{"a":2}})");
  ASSERT_TRUE(std::holds_alternative<std::vector<ValidationIssue>>(parsed));
  json body = json::parse(ValidationErrorBody(std::get<std::vector<ValidationIssue>>(parsed)));
  ASSERT_EQ(body["detail"].size(), 3u);
  EXPECT_EQ(body["detail"][0]["loc"], json::parse(R"(["body","message"])"));
  EXPECT_EQ(body["detail"][0]["type"], "string_type");
  EXPECT_EQ(body["detail"][1]["loc"], json::parse(R"(["body","attachments",0])"));
  EXPECT_EQ(body["detail"][2]["loc"], json::parse(R"(["body","metadata","a"])"));
  EXPECT_EQ(body["detail"][2]["msg"], "Input should be a valid string");
}

struct InvalidCase {
  std::string name;
  std::optional<std::string> content_type;
  std::string body;
  std::string loc;  // JSON array
  std::string type;
};

class MessageRequestInvalidTest : public testing::TestWithParam<InvalidCase> {};

TEST_P(MessageRequestInvalidTest, AnswersFastApiShape) {
  const InvalidCase& c = GetParam();
  auto parsed = ParseMessageRequest(
      c.content_type ? std::optional<std::string_view>(*c.content_type) : std::nullopt, c.body);
  ASSERT_TRUE(std::holds_alternative<std::vector<ValidationIssue>>(parsed));
  json body = json::parse(ValidationErrorBody(std::get<std::vector<ValidationIssue>>(parsed)));
  ASSERT_EQ(body["detail"].size(), 1u) << body.dump();
  EXPECT_EQ(body["detail"][0]["loc"], json::parse(c.loc)) << body.dump();
  EXPECT_EQ(body["detail"][0]["type"], c.type) << body.dump();
  EXPECT_TRUE(body["detail"][0]["msg"].is_string());
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, MessageRequestInvalidTest,
    testing::Values(
        InvalidCase{"MissingMessage", "application/json", R"({"session_id":"x"})",
                    R"(["body","message"])", "missing"},
        InvalidCase{"EmptyBody", "application/json", "", R"(["body"])", "missing"},
        InvalidCase{"NullBody", "application/json", "null", R"(["body"])", "missing"},
        InvalidCase{"ArrayBody", "application/json", "[1]", R"(["body"])", "model_attributes_type"},
        InvalidCase{"MalformedJson", "application/json", R"({"message":)", R"(["body",11])",
                    "json_invalid"},
        InvalidCase{"TooDeep", "application/json", std::string(100, '[') + std::string(100, ']'),
                    R"(["body",0])", "json_invalid"},
        InvalidCase{"TextPlain", "text/plain", R"({"message":"hi"})", R"(["body"])",
                    "model_attributes_type"},
        InvalidCase{"FormEncoded", "application/x-www-form-urlencoded", "message=hi", R"(["body"])",
                    "model_attributes_type"},
        InvalidCase{"SessionNotString", "application/json", R"({"message":"m","session_id":5})",
                    R"(["body","session_id"])", "string_type"},
        InvalidCase{"PersonaNotString", std::nullopt, R"({"message":"m","persona_id":[]})",
                    R"(["body","persona_id"])", "string_type"},
        InvalidCase{"AttachmentsNotList", "application/json",
                    R"({"message":"m","attachments":"a"})", R"(["body","attachments"])",
                    "list_type"},
        InvalidCase{"MetadataNotObject", "application/json", R"({"message":"m","metadata":[]})",
                    R"(["body","metadata"])", "dict_type"},
        InvalidCase{"MetadataNestedValue", "application/json",
                    R"({"message":"m","metadata":{"t":{"x":1}}})", R"(["body","metadata","t"])",
                    "string_type"}),
    [](const testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

TEST(MessageRequestTest, InvalidUtf8InRawBodyStillSerializes) {
  auto parsed = ParseMessageRequest(std::string_view("text/plain"), "\xff\xfe");
  ASSERT_TRUE(std::holds_alternative<std::vector<ValidationIssue>>(parsed));
  EXPECT_NO_THROW(json::parse(ValidationErrorBody(std::get<std::vector<ValidationIssue>>(parsed))));
}

}  // namespace
}  // namespace slogate::refgw
