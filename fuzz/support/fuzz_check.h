// What every fuzz target shares: the invariant check that stops the run on the input at hand.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace slogate::fuzz {

// Aborts when an invariant does not hold, so libFuzzer saves the input as a crash, after
// naming the check that broke (the targets are built with line tables only, which cannot tell
// the inlined checks of one function apart). A plain assert would vanish in the RelWithDebInfo
// build the fuzzers use. __builtin_LINE/__builtin_FILE: std::source_location needs clang 15.
inline void Require(bool condition, const char* file = __builtin_FILE(),
                    int line = __builtin_LINE()) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken at %s:%d\n", file, line);
  std::abort();
}

}  // namespace slogate::fuzz
