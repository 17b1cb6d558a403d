#include "slogate/common/json_fields.h"

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>

namespace slogate {
namespace {

using nlohmann::json;

const json kDocument = json::parse(R"({
  "name": "smoke", "rate": 2.5, "count": 7, "offset": -3, "big": 18446744073709551615,
  "on": true, "list": [1, 2], "inner": {"x": 1}, "nothing": null
})");

TEST(JsonFieldReaderTest, ReadsEveryTypeWhenPresent) {
  JsonFieldReader fields(kDocument, "", "bad_file");
  EXPECT_EQ(fields.String("name"), "smoke");
  EXPECT_DOUBLE_EQ(fields.Number("rate"), 2.5);
  EXPECT_EQ(fields.Unsigned("count"), 7u);
  EXPECT_EQ(fields.Integer("offset"), -3);
  EXPECT_EQ(fields.Nanoseconds("count"), std::chrono::nanoseconds(7));
  EXPECT_TRUE(fields.Bool("on"));
  ASSERT_NE(fields.Array("list"), nullptr);
  EXPECT_EQ(fields.Array("list")->size(), 2u);
  ASSERT_NE(fields.Object("inner"), nullptr);
  EXPECT_EQ(fields.OptionalString("absent", "fallback"), "fallback");
  EXPECT_EQ(fields.OptionalString("nothing", "fallback"), "fallback");
  EXPECT_EQ(fields.OptionalNumber("absent"), std::nullopt);
  EXPECT_EQ(fields.OptionalNumber("rate"), 2.5);
  EXPECT_TRUE(fields.ok());
}

struct BadRead {
  std::string name;
  std::function<void(JsonFieldReader&)> read;
  std::string message;
};

void PrintTo(const BadRead& bad, std::ostream* out) { *out << bad.name; }

class JsonFieldReaderErrorTest : public ::testing::TestWithParam<BadRead> {};

TEST_P(JsonFieldReaderErrorTest, NamesThePathAndWhatWasExpected) {
  JsonFieldReader fields(kDocument, "profile", "bad_file");
  GetParam().read(fields);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.error().code, "bad_file");
  EXPECT_EQ(fields.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonFieldReaderErrorTest,
    ::testing::Values(BadRead{"Missing", [](JsonFieldReader& f) { f.String("absent"); },
                              "profile.absent: missing (required)"},
                      BadRead{"NullIsMissingWhenRequired",
                              [](JsonFieldReader& f) { f.Number("nothing"); },
                              "profile.nothing: expected a finite number, got null"},
                      BadRead{"StringForNumber", [](JsonFieldReader& f) { f.Number("name"); },
                              "profile.name: expected a finite number, got \"smoke\""},
                      BadRead{"NegativeUnsigned", [](JsonFieldReader& f) { f.Unsigned("offset"); },
                              "profile.offset: expected a non-negative integer, got -3"},
                      BadRead{"IntegerOverflow", [](JsonFieldReader& f) { f.Integer("big"); },
                              "profile.big: expected a 64-bit integer, got 18446744073709551615"},
                      BadRead{"FractionForInteger", [](JsonFieldReader& f) { f.Integer("rate"); },
                              "profile.rate: expected a 64-bit integer, got 2.5"},
                      BadRead{"NumberForBool", [](JsonFieldReader& f) { f.Bool("count"); },
                              "profile.count: expected true or false, got 7"},
                      BadRead{"ObjectForArray", [](JsonFieldReader& f) { f.Array("inner"); },
                              "profile.inner: expected an array, got {\"x\":1}"},
                      BadRead{"ArrayForObject", [](JsonFieldReader& f) { f.Object("list"); },
                              "profile.list: expected an object, got [1,2]"},
                      BadRead{"OptionalWrongType",
                              [](JsonFieldReader& f) { f.OptionalNumber("name"); },
                              "profile.name: expected a number or null, got \"smoke\""},
                      BadRead{"FirstProblemWins",
                              [](JsonFieldReader& f) {
                                f.Bool("count");
                                f.String("absent");
                              },
                              "profile.count: expected true or false, got 7"}),
    [](const ::testing::TestParamInfo<BadRead>& param_info) { return param_info.param.name; });

TEST(JsonFieldReaderTest, NonObjectIsAnErrorAtOnce) {
  JsonFieldReader root(json::array({1}), "", "bad_file");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().message, "document: expected a JSON object, got [1]");
}

TEST(JsonFieldReaderTest, NestedReaderKeepsCodeAndParentAdoptsItsError) {
  JsonFieldReader fields(kDocument, "", "bad_file");
  const json* list = fields.Array("list");
  ASSERT_NE(list, nullptr);
  JsonFieldReader element = fields.Nested((*list)[0], IndexPath(fields.PathOf("list"), 0));
  EXPECT_FALSE(element.ok());
  fields.Adopt(element);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.error().code, "bad_file");
  EXPECT_EQ(fields.error().message, "list[0]: expected a JSON object, got 1");
}

TEST(JsonFieldReaderTest, ExcerptCutsLongValues) {
  const std::string excerpt = JsonExcerpt(json(std::string(100, 'a')));
  EXPECT_EQ(excerpt.size(), 43u);
  EXPECT_EQ(excerpt.substr(40), "...");
}

}  // namespace
}  // namespace slogate
