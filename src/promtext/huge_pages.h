// Transparent huge pages for the parser's large buffers.
//
// A 100k-series exposition needs tens of megabytes (the text, half a million labels), touched
// once, front to back: in 4 KiB pages the page faults cost about as much as the parsing.
// Thread-safe; a hint only.
#pragma once

#include <cstddef>

namespace slogate::promtext::internal {

// Bytes in a (transparent) huge page on x86-64 and arm64 with 4 KiB pages.
inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Asks the kernel to back the whole huge pages inside [data, data + size) with huge pages when
// they are first touched. Does nothing where transparent huge pages are unsupported or off.
void AdviseHugePages(void* data, size_t size);

}  // namespace slogate::promtext::internal
