#include "slogate/common/quote.h"

#include <gtest/gtest.h>

#include <string>

namespace slogate {
namespace {

TEST(QuoteForMessageTest, QuotesShortValuesWhole) {
  EXPECT_EQ(QuoteForMessage("abc"), "\"abc\"");
  EXPECT_EQ(QuoteForMessage(""), "\"\"");
}

TEST(QuoteForMessageTest, CutsLongValuesAndSaysHowLongTheyWere) {
  const std::string huge(100000, '9');
  EXPECT_EQ(QuoteForMessage(huge), "\"" + std::string(kMaxQuotedBytes, '9') + "...\" (100000 bytes)");
  EXPECT_EQ(QuoteForMessage(std::string(kMaxQuotedBytes, 'a')),
            "\"" + std::string(kMaxQuotedBytes, 'a') + "\"");
}

TEST(QuoteForMessageTest, WritesControlAndNonAsciiBytesAsHex) {
  EXPECT_EQ(QuoteForMessage("a\tb\x1b[31m"), "\"a\\x09b\\x1b[31m\"");
  EXPECT_EQ(QuoteForMessage("\xc3\xa9"), "\"\\xc3\\xa9\"");
}

}  // namespace
}  // namespace slogate
