#include "huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace slogate::promtext::internal {

void AdviseHugePages(void* data, size_t size) {
#ifdef MADV_HUGEPAGE
  // madvise wants a page-aligned start; the kernel then uses huge pages for the aligned 2 MiB
  // ranges inside.
  constexpr uintptr_t kPage = 4096;
  const auto begin = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  const auto end = (reinterpret_cast<uintptr_t>(data) + size) & ~(kPage - 1);
  if (size >= kHugePageBytes && end > begin) {
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)size;
#endif
}

}  // namespace slogate::promtext::internal
