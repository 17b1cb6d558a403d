#include "slogate/common/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace slogate {
namespace {

const void* At(uintptr_t address) { return reinterpret_cast<const void*>(address); }

TEST(HugePageAdviceRangeTest, SmallBuffersAreNotAdvised) {
  const AddressRange range = HugePageAdviceRange(At(0x200000), kHugePageBytes - 1);
  EXPECT_EQ(range.begin, range.end);
}

TEST(HugePageAdviceRangeTest, AlignedBufferIsAdvisedWhole) {
  const AddressRange range = HugePageAdviceRange(At(0x200000), kHugePageBytes);
  EXPECT_EQ(range.begin, 0x200000u);
  EXPECT_EQ(range.end, 0x400000u);
}

TEST(HugePageAdviceRangeTest, UnalignedEdgesAreCutToWholePages) {
  const AddressRange range = HugePageAdviceRange(At(0x200010), kHugePageBytes + 0x20);
  EXPECT_EQ(range.begin, 0x201000u);
  EXPECT_EQ(range.end, 0x400000u);
}

}  // namespace
}  // namespace slogate
