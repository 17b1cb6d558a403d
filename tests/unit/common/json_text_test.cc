#include "slogate/common/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace slogate {
namespace {

TEST(ParseJsonTextTest, ParsesValidText) {
  const Result<nlohmann::json> json = ParseJsonText(R"({"a": [1, 2]})", "in.json");
  ASSERT_TRUE(json.ok()) << json.error().message;
  EXPECT_EQ((*json)["a"][1], 2);
}

TEST(ParseJsonTextTest, SyntaxErrorNamesFileLineAndColumn) {
  const Result<nlohmann::json> json = ParseJsonText("{\n  \"a\": 1,\n  }", "results.json");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "bad_json");
  EXPECT_EQ(json.error().line, 3);
  EXPECT_EQ(json.error().column, 3);
  EXPECT_EQ(json.error().message,
            "results.json:3:3: not valid JSON: syntax error while parsing object key - "
            "unexpected '}'; expected string literal");
}

TEST(ParseJsonTextTest, ANumberPastADoubleIsAnErrorNamingTheSource) {
  const Result<nlohmann::json> json = ParseJsonText(R"({"drain_period": 1e400})", "p.json");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "bad_json");
  EXPECT_EQ(json.error().message, "p.json: not valid JSON: number overflow parsing '1e400'");
}

TEST(ParseJsonTextTest, OrderedJsonKeepsMemberOrder) {
  const Result<nlohmann::ordered_json> json =
      ParseJsonText<nlohmann::ordered_json>(R"({"b": 1, "a": 2})", "in.json");
  ASSERT_TRUE(json.ok()) << json.error().message;
  EXPECT_EQ(json->begin().key(), "b");
}

TEST(ParseJsonTextTest, OrderedJsonErrorsReadTheSame) {
  const Result<nlohmann::ordered_json> json =
      ParseJsonText<nlohmann::ordered_json>("[1,", "p.json");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().message.rfind("p.json:1:4: not valid JSON: syntax error", 0), 0u)
      << json.error().message;
}

TEST(JsonNestingDepthTest, IgnoresBracketsInStrings) {
  EXPECT_EQ(JsonNestingDepth(R"({"a":"[[[["})", 64), 1);
  EXPECT_EQ(JsonNestingDepth(R"([[{"a":"\"["}]])", 64), 3);
}

TEST(JsonNestingDepthTest, StopsCountingPastTheLimit) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(JsonNestingDepth(deep, 10), 11);
}

TEST(ParseJsonTextTest, NestingPastTheBoundIsAnErrorNotACrash) {
  // 100k levels (200 KB) crashed the readers of results files and profiles.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Result<nlohmann::json> json = ParseJsonText(deep, "deep.json");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "bad_json");
  EXPECT_EQ(json.error().message,
            "deep.json: not read: arrays and objects nested deeper than 256 levels");
  const std::string at_bound =
      std::string(kMaxJsonNesting, '[') + std::string(kMaxJsonNesting, ']');
  EXPECT_TRUE(ParseJsonText(at_bound, "ok.json").ok());
}

TEST(ParseJsonTextTest, EmptyTextIsAnErrorAtTheStart) {
  const Result<nlohmann::json> json = ParseJsonText("", "empty.json");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().message.rfind("empty.json:1:1: not valid JSON: syntax error", 0), 0u)
      << json.error().message;
}

}  // namespace
}  // namespace slogate
