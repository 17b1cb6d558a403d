#include <gtest/gtest.h>

#include <vector>

#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

TEST(RunKeyTest, PrintsAsProfileSlashEndpoint) {
  EXPECT_EQ(::testing::PrintToString(RunKey{"smoke", "write"}), "smoke/write");
  EXPECT_EQ(::testing::PrintToString(RunKey{"soak-1", "write.v2"}), "soak-1/write.v2");
}

TEST(RunKeyTest, PrintsInsideContainersTheSameWay) {
  const std::vector<RunKey> keys = {{"smoke", "write"}, {"burst", "read"}};
  EXPECT_EQ(::testing::PrintToString(keys), "{ smoke/write, burst/read }");
}

}  // namespace
}  // namespace slogate::suite
