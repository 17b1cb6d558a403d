#include "slogate/common/base64url.h"

#include <gtest/gtest.h>

#include <string>

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

// RFC 4648 section 10's vectors, and the RFC 7617 example credentials.
TEST(Base64UrlTest, EncodesStandardBase64WithPadding) {
  EXPECT_EQ(base64url::EncodeStandard(""), "");
  EXPECT_EQ(base64url::EncodeStandard("f"), "Zg==");
  EXPECT_EQ(base64url::EncodeStandard("fo"), "Zm8=");
  EXPECT_EQ(base64url::EncodeStandard("foo"), "Zm9v");
  EXPECT_EQ(base64url::EncodeStandard("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url::EncodeStandard("Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(base64url::EncodeStandard("\xfb\xff"), "+/8=");
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
        BadTextCase{"Padding",
                    "Zg==", "'=' padding at offset 2; this base64url is unpadded, remove the '='"},
        // 7 characters and "==" is an impossible length; the '=' is what to fix.
        BadTextCase{"PaddingMakingAnImpossibleLength", "Zm9vYmE==",
                    "'=' padding at offset 7; this base64url is unpadded, remove the '='"},
        BadTextCase{"Whitespace", "Zm9v\tYg",
                    "invalid base64url character at offset 4 of the payload"},
        BadTextCase{"StandardBase64Alphabet", "-+/_",
                    "invalid base64url character at offset 1 of the payload"},
        BadTextCase{"NonZeroUnusedBits", "Zh",
                    "base64url payload has non-zero padding bits (corrupted?)"}),
    [](const ::testing::TestParamInfo<BadTextCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::base64url
