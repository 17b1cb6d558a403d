#include "slogate/common/base64url.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace slogate::base64url {
namespace {

std::string AllBytes() {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  return all;
}

TEST(Base64UrlTest, EncodesKnownVectorsWithoutPadding) {
  EXPECT_EQ(Encode(""), "");
  EXPECT_EQ(Encode("f"), "Zg");
  EXPECT_EQ(Encode("fo"), "Zm8");
  EXPECT_EQ(Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Encode("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, DecodeRoundTripsEveryByte) {
  const Result<std::string> decoded = Decode(Encode(AllBytes()));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, AllBytes());
}

struct BadTextCase {
  std::string name;
  std::string text;
  std::string message;
};

class Base64UrlDecodeRejectsTest : public ::testing::TestWithParam<BadTextCase> {};

TEST_P(Base64UrlDecodeRejectsTest, SaysWhatIsWrong) {
  const Result<std::string> decoded = Decode(GetParam().text);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, "bad_base64");
  EXPECT_EQ(decoded.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Base64UrlDecodeRejectsTest,
    ::testing::Values(
        BadTextCase{"ImpossibleLength", "AAAAA",
                    "base64url text of length 5 is impossible (truncated?)"},
        BadTextCase{"CharacterOutsideTheAlphabet", "AA!A",
                    "invalid base64url character at offset 2 of the payload"},
        BadTextCase{"Padding", "Zg==", "invalid base64url character at offset 2 of the payload"},
        BadTextCase{"NonZeroUnusedBits", "Zh",
                    "base64url payload has non-zero padding bits (corrupted?)"}),
    [](const ::testing::TestParamInfo<BadTextCase>& param_info) { return param_info.param.name; });

// The decoded bytes, or the error message marked as such.
std::string Lenient(std::string_view text) {
  const Result<std::string> decoded = DecodeLenient(text);
  return decoded.ok() ? *decoded : "error: " + decoded.error().message;
}

TEST(Base64UrlTest, LenientDecodeAcceptsPaddingAndUnusedBits) {
  EXPECT_EQ(Lenient("Zm9v=="), "foo");
  EXPECT_EQ(Lenient("Zg=="), "f");
  EXPECT_EQ(Lenient("Zh"), "f");
  EXPECT_EQ(Lenient(Encode(AllBytes())), AllBytes());
}

TEST(Base64UrlTest, LenientDecodeStillRejectsOtherCharactersAndLengths) {
  EXPECT_EQ(Lenient("Zm9!"), "error: invalid base64url character at offset 3 of the payload");
  EXPECT_EQ(Lenient("Zm9v!"), "error: base64url text of length 5 is impossible (truncated?)");
}

}  // namespace
}  // namespace slogate::base64url
