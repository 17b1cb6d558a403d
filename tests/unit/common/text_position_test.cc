#include "slogate/common/text_position.h"

#include <gtest/gtest.h>

namespace slogate {
namespace {

TEST(LineAndColumnBeforeTest, CountsLinesAndColumnsFromOne) {
  const std::string_view text = "{\n  \"a\": x\n}";
  EXPECT_EQ(LineAndColumnBefore(text, 0), std::make_pair(1, 1));
  EXPECT_EQ(LineAndColumnBefore(text, 1), std::make_pair(1, 1));
  EXPECT_EQ(LineAndColumnBefore(text, 3), std::make_pair(2, 1));   // byte 2, after the newline
  EXPECT_EQ(LineAndColumnBefore(text, 10), std::make_pair(2, 8));  // byte 9, the 'x'
}

TEST(LineAndColumnBeforeTest, ClampsOffsetsPastTheEnd) {
  EXPECT_EQ(LineAndColumnBefore("ab\nc", 100), std::make_pair(2, 2));
}

}  // namespace
}  // namespace slogate
