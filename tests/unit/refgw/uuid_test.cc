#include "uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace slogate::refgw {
namespace {

TEST(UuidTest, NewUuid4IsCanonicalVersion4) {
  std::string id = NewUuid4();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
  EXPECT_EQ(NormalizeUuid(id), id);
}

TEST(UuidTest, NewUuid4DoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewUuid4());
  EXPECT_EQ(seen.size(), 1000u);
}

struct NormalizeCase {
  std::string name;
  std::string input;
  std::optional<std::string> expected;
};

class NormalizeUuidTest : public ::testing::TestWithParam<NormalizeCase> {};

TEST_P(NormalizeUuidTest, MatchesPythonUuidParsing) {
  EXPECT_EQ(NormalizeUuid(GetParam().input), GetParam().expected);
}

const std::string kCanonical = "12345678-9abc-4def-8123-456789abcdef";

INSTANTIATE_TEST_SUITE_P(
    Spellings, NormalizeUuidTest,
    ::testing::Values(NormalizeCase{"Canonical", kCanonical, kCanonical},
                    NormalizeCase{"Uppercase", "12345678-9ABC-4DEF-8123-456789ABCDEF", kCanonical},
                    NormalizeCase{"NoDashes", "123456789abc4def8123456789abcdef", kCanonical},
                    NormalizeCase{"Braces", "{" + kCanonical + "}", kCanonical},
                    NormalizeCase{"Urn", "urn:uuid:" + kCanonical, kCanonical},
                    NormalizeCase{"Empty", "", std::nullopt},
                    NormalizeCase{"TooShort", "12345678-9abc-4def-8123-456789abcde", std::nullopt},
                    NormalizeCase{"TooLong", kCanonical + "0", std::nullopt},
                    NormalizeCase{"NotHex", "g2345678-9abc-4def-8123-456789abcdef", std::nullopt},
                    NormalizeCase{"Word", "session-1", std::nullopt}),
    [](const ::testing::TestParamInfo<NormalizeCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::refgw
