#include "slogate/common/quote.h"

namespace slogate {

std::string QuoteForMessage(std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  const std::string_view shown = text.substr(0, kMaxQuotedBytes);
  std::string out = "\"";
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (shown.size() < text.size()) {
    return out + "...\" (" + std::to_string(text.size()) + " bytes)";
  }
  return out + "\"";
}

}  // namespace slogate
