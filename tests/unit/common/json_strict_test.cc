#include "slogate/common/json_strict.h"

#include <gtest/gtest.h>

#include <string>

#include "slogate/common/json_text.h"

namespace slogate {
namespace {

TEST(JsonStrictTest, ParsesWhatJsonParseParses) {
  const Result<nlohmann::json> value =
      ParseJsonStrict(R"( {"a": [1, {"b": 2.5}], "c": {"a": true}} )");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(*value, nlohmann::json::parse(R"({"a":[1,{"b":2.5}],"c":{"a":true}})"));
}

TEST(JsonStrictTest, TheSameNameInDifferentObjectsIsNoRepeat) {
  EXPECT_TRUE(ParseJsonStrict(R"([{"a":1},{"a":2}])").ok());
  EXPECT_TRUE(ParseJsonStrict(R"({"a":{"a":{"a":1}}})").ok());
}

struct StrictCase {
  std::string name;
  std::string text;
  std::string code;
  std::string message;
};

class JsonStrictRejectsTest : public ::testing::TestWithParam<StrictCase> {};

TEST_P(JsonStrictRejectsTest, SaysWhatIsWrong) {
  const Result<nlohmann::json> value = ParseJsonStrict(GetParam().text);
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().code, GetParam().code);
  EXPECT_EQ(value.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonStrictRejectsTest,
    ::testing::Values(
        StrictCase{"RepeatedMember", R"({"alg":"none","alg":"HS256"})", "duplicate_key",
                   "member \"alg\" appears twice in one object"},
        StrictCase{"RepeatedMemberInANestedObject", R"({"a":{"x":1,"y":2,"x":3}})", "duplicate_key",
                   "member \"x\" appears twice in one object"},
        StrictCase{"RepeatedEmptyName", R"({"":1,"":2})", "duplicate_key",
                   "member \"\" appears twice in one object"},
        StrictCase{"NotJson", R"({"a":})", "bad_json", "not valid JSON at byte 6"},
        StrictCase{"TrailingText", R"({} x)", "bad_json", "not valid JSON at byte 4"},
        StrictCase{"NumberBeyondDouble", R"({"a":1e400})", "bad_json",
                   "not valid JSON: a number is out of range"},
        StrictCase{"ByteOrderMark", "\xEF\xBB\xBF{}", "bom",
                   "starts with a UTF-8 byte-order mark; send the JSON text without it"},
        StrictCase{"TooDeep",
                   std::string(kMaxJsonNesting + 1, '[') + std::string(kMaxJsonNesting + 1, ']'),
                   "too_deep", "arrays and objects nested deeper than 256 levels"}),
    [](const ::testing::TestParamInfo<StrictCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate
