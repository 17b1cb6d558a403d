// Transparent huge pages for large buffers that are touched once, front to back (an exposition
// being read and parsed, the parser's storage): in 4 KiB pages, the page faults of a 10 MB
// buffer cost about as much as parsing it. A hint only; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace slogate {

// Bytes in a (transparent) huge page on x86-64 and arm64 with 4 KiB pages.
inline constexpr size_t kHugePageBytes = size_t{2} << 20;

struct AddressRange {
  uintptr_t begin = 0;
  uintptr_t end = 0;  // begin == end: empty
};

// The page-aligned part of [data, data + size) that AdviseHugePages hands to the kernel; empty
// for a buffer smaller than one huge page, which could never be backed by one.
AddressRange HugePageAdviceRange(const void* data, size_t size);

// Asks the kernel to back the buffer with huge pages when it is first touched (madvise
// MADV_HUGEPAGE over HugePageAdviceRange). Does nothing where transparent huge pages are
// unsupported or off.
void AdviseHugePages(void* data, size_t size);

}  // namespace slogate
