#include "uuid.h"

namespace slogate::load {

void UuidGenerator::Write(char* out) {
  constexpr char kHex[] = "0123456789abcdef";
  uint64_t high = random_();
  uint64_t low = random_();
  // RFC 4122: version nibble 4 in the high half, variant bits 10 in the low half.
  high = (high & ~uint64_t{0xF000}) | uint64_t{0x4000};
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  int position = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) out[position++] = '-';
    const uint64_t half = nibble < 16 ? high : low;
    const int shift = 60 - 4 * (nibble % 16);
    out[position++] = kHex[(half >> shift) & 0xF];
  }
}

}  // namespace slogate::load
