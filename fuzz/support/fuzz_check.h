// What every fuzz target shares: the invariant check that stops the run on the input at hand.
#pragma once

#include <cstdlib>

namespace slogate::fuzz {

// Aborts when an invariant does not hold, so libFuzzer saves the input as a crash. A plain
// assert would vanish in the RelWithDebInfo build the fuzzers use.
inline void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace slogate::fuzz
