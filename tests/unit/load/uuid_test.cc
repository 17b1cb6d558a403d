#include "uuid.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace slogate::load {
namespace {

TEST(UuidGeneratorTest, WritesVersionFourUuids) {
  UuidGenerator generator(7);
  const std::regex version4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string text(kUuidTextLength, '?');
    generator.Write(text.data());
    ASSERT_TRUE(std::regex_match(text, version4)) << text;
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UuidGeneratorTest, WritesExactlyThirtySixCharacters) {
  UuidGenerator generator(1);
  std::string buffer = std::string(kUuidTextLength, '?') + "tail";
  generator.Write(buffer.data());
  EXPECT_EQ(buffer.substr(kUuidTextLength), "tail");
}

}  // namespace
}  // namespace slogate::load
