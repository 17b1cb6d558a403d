// What a test needs to know about the sanitizer it was built with. A test that measures
// resident memory or wall-clock margins judges the sanitizer, not the code, under
// ThreadSanitizer: its shadow memory counts in RSS (several bytes per byte the program touches)
// and its 5-15x slowdown is larger than any margin such a test can allow. Those tests skip
// themselves there, with the reason; the normal and ASan builds still run them, and every
// other test runs under TSan for the races it looks for.
#pragma once

#include <gtest/gtest.h>

namespace slogate::testing {

#if defined(__SANITIZE_THREAD__)
inline constexpr bool kThreadSanitizer = true;
#else
inline constexpr bool kThreadSanitizer = false;
#endif

}  // namespace slogate::testing

// Skips the current test in a ThreadSanitizer build, saying why (streamed like GTEST_SKIP()).
#define SLOGATE_SKIP_UNDER_TSAN(reason)                                         \
  do {                                                                          \
    if (::slogate::testing::kThreadSanitizer) {                                 \
      GTEST_SKIP() << "not meaningful under ThreadSanitizer: " << (reason);     \
    }                                                                           \
  } while (false)
