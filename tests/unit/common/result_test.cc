#include "slogate/common/result.h"

#include <gtest/gtest.h>

namespace slogate {
namespace {

TEST(ResultTest, CarriesValueOrLocatedError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);

  Result<int> bad = MakeError("duplicate_label", "duplicate label name \"a\"", 3, 14);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "duplicate_label");
  EXPECT_EQ(bad.error().ToString(), "3:14: duplicate label name \"a\"");
}

TEST(ResultTest, UnlocatedErrorPrintsMessageOnly) {
  Status status = MakeError("bad_env", "RPS is negative");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().ToString(), "RPS is negative");
  EXPECT_TRUE(Status::Ok().ok());
}

}  // namespace
}  // namespace slogate
