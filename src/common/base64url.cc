#include "slogate/common/base64url.h"

#include <array>
#include <cstdint>

namespace slogate::base64url {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Six-bit value of each base64url character, -1 for anything else.
constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr std::array<int8_t, 256> kDecodeTable = MakeDecodeTable();

}  // namespace

std::string Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<uint8_t>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

std::string EncodeStandard(std::string_view bytes) {
  std::string out = Encode(bytes);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

Result<std::string> Decode(std::string_view text) {
  // Characters first: padded text often has an impossible length too ("...==" after 43
  // characters), and the '=' is what the sender must fix.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=') {
      return MakeError("bad_base64", "'=' padding at offset " + std::to_string(i) +
                                         "; this base64url is unpadded, remove the '='");
    }
    if (kDecodeTable[static_cast<unsigned char>(text[i])] < 0) {
      return MakeError("bad_base64", "invalid base64url character at offset " + std::to_string(i) +
                                         " of the payload");
    }
  }
  if (text.size() % 4 == 1) {
    return MakeError("bad_base64", "base64url text of length " + std::to_string(text.size()) +
                                       " is impossible (truncated?)");
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    buffer = (buffer << 6) | static_cast<uint32_t>(kDecodeTable[static_cast<unsigned char>(c)]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // Unused low bits must be zero, or two texts would decode to the same bytes.
  if ((buffer & ((1u << bits) - 1)) != 0) {
    return MakeError("bad_base64", "base64url payload has non-zero padding bits (corrupted?)");
  }
  return out;
}

}  // namespace slogate::base64url
