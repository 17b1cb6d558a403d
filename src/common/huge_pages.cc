#include "slogate/common/huge_pages.h"

#include <sys/mman.h>

namespace slogate {

AddressRange HugePageAdviceRange(const void* data, size_t size) {
  if (size < kHugePageBytes) return {};
  // madvise wants a page-aligned start; the kernel then uses huge pages for the aligned 2 MiB
  // ranges inside.
  constexpr uintptr_t kPage = 4096;
  const auto start = reinterpret_cast<uintptr_t>(data);
  const uintptr_t begin = (start + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (start + size) & ~(kPage - 1);
  if (end <= begin) return {};
  return {begin, end};
}

void AdviseHugePages(void* data, size_t size) {
  const AddressRange range = HugePageAdviceRange(data, size);
  if (range.end == range.begin) return;
#ifdef MADV_HUGEPAGE
  madvise(reinterpret_cast<void*>(range.begin), range.end - range.begin, MADV_HUGEPAGE);
#endif
}

}  // namespace slogate
