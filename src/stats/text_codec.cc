#include "text_codec.h"

namespace slogate::stats::codec {

void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::optional<uint64_t> ReadVarint(std::string_view bytes, size_t* offset) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*offset >= bytes.size()) return std::nullopt;
    const auto byte = static_cast<uint8_t>(bytes[(*offset)++]);
    const uint64_t payload = byte & 0x7f;
    // The tenth byte may only carry the single remaining bit.
    if (shift == 63 && payload > 1) return std::nullopt;
    value |= payload << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

}  // namespace slogate::stats::codec
