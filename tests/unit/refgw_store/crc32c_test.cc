#include "refgw/store/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace slogate::refgw::store {
namespace {

TEST(Crc32cTest, MatchesTheStandardCheckValue) {
  // The catalogued check value of CRC-32C over "123456789".
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
}

TEST(Crc32cTest, MatchesKnownVectors) {
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xFF')), 0x62A8AB43u);
}

TEST(Crc32cTest, ExtendsAcrossSplitsAtEveryPosition) {
  const std::string text = "The quick brown fox jumps over the lazy dog, twice over.";
  const uint32_t whole = Crc32c(text);
  for (size_t split = 0; split <= text.size(); ++split) {
    const std::string_view view(text);
    EXPECT_EQ(Crc32c(view.substr(split), Crc32c(view.substr(0, split))), whole) << split;
  }
}

TEST(Crc32cTest, DetectsASingleBitFlip) {
  std::string text = "payload bytes";
  const uint32_t before = Crc32c(text);
  text[3] = static_cast<char>(text[3] ^ 0x10);
  EXPECT_NE(Crc32c(text), before);
}

}  // namespace
}  // namespace slogate::refgw::store
