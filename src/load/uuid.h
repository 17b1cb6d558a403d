// Fresh random (version 4) UUIDs written in place, for the session_id of every request.
//
// Not thread-safe: one generator per sending thread. Writing never allocates.
#pragma once

#include <cstdint>
#include <random>

namespace slogate::load {

inline constexpr int kUuidTextLength = 36;  // 8-4-4-4-12 hex digits

class UuidGenerator {
 public:
  explicit UuidGenerator(uint64_t seed) : random_(seed) {}

  // Writes 36 lowercase characters like "3f2b...-4...-[89ab]..." to out[0..35] (no NUL).
  void Write(char* out);

 private:
  std::mt19937_64 random_;
};

}  // namespace slogate::load
