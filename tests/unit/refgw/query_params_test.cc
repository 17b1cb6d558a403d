#include "query_params.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

using nlohmann::json;

TEST(QueryParamsTest, AbsentParameterKeepsTheDefault) {
  int64_t value = 50;
  EXPECT_EQ(ReadIntParam("session_id=x", "limit", 1, 1000, &value), std::nullopt);
  EXPECT_EQ(value, 50);
  EXPECT_EQ(ReadIntParam("session_id=x&limit=1000", "limit", 1, 1000, &value), std::nullopt);
  EXPECT_EQ(value, 1000);
}

struct BadIntCase {
  std::string name;
  std::string query;
  std::string type;
  std::string msg;
};

class QueryParamsBadIntTest : public ::testing::TestWithParam<BadIntCase> {};

TEST_P(QueryParamsBadIntTest, AnswersFastApiShaped422) {
  int64_t value = 7;
  std::optional<http::Response> bad = ReadIntParam(GetParam().query, "limit", 1, 1000, &value);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(value, 7);
  json issue = json::parse(bad->body)["detail"][0];
  EXPECT_EQ(issue["loc"], json::parse(R"(["query","limit"])"));
  EXPECT_EQ(issue["type"], GetParam().type);
  EXPECT_EQ(issue["msg"], GetParam().msg);
}

INSTANTIATE_TEST_SUITE_P(
    Values, QueryParamsBadIntTest,
    ::testing::Values(
        BadIntCase{"Empty", "limit=", "int_parsing",
                   "Input should be a valid integer, unable to parse string as an integer"},
        BadIntCase{"Word", "limit=ten", "int_parsing",
                   "Input should be a valid integer, unable to parse string as an integer"},
        BadIntCase{"TrailingJunk", "limit=5x", "int_parsing",
                   "Input should be a valid integer, unable to parse string as an integer"},
        BadIntCase{"Overflow", "limit=99999999999999999999", "int_parsing",
                   "Input should be a valid integer, unable to parse string as an integer"},
        BadIntCase{"Zero", "limit=0", "value_error", "limit must be between 1 and 1000"},
        BadIntCase{"Negative", "limit=-3", "value_error", "limit must be between 1 and 1000"},
        BadIntCase{"TooLarge", "limit=1001", "value_error", "limit must be between 1 and 1000"}),
    [](const ::testing::TestParamInfo<BadIntCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::refgw
