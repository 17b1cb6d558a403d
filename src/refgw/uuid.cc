#include "uuid.h"

#include <array>
#include <cstdint>
#include <random>

namespace slogate::refgw {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string FormatUuid(const std::array<uint8_t, 16>& bytes) {
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHexDigits[bytes[i] >> 4]);
    text.push_back(kHexDigits[bytes[i] & 0x0f]);
  }
  return text;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string NewUuid4() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint64_t word = generator();
    for (size_t j = 0; j < 8; ++j) bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return FormatUuid(bytes);
}

std::optional<std::string> NormalizeUuid(std::string_view text) {
  // Python's uuid.UUID(hex) strips "urn:", "uuid:" and braces, drops every '-', and then
  // requires exactly 32 hex digits; we accept exactly that set of spellings.
  if (StartsWithNoCase(text, "urn:")) text.remove_prefix(4);
  if (StartsWithNoCase(text, "uuid:")) text.remove_prefix(5);
  if (!text.empty() && text.front() == '{' && text.back() == '}' && text.size() >= 2) {
    text = text.substr(1, text.size() - 2);
  }
  std::array<uint8_t, 16> bytes{};
  size_t digits = 0;
  for (char c : text) {
    if (c == '-') continue;
    int value = HexValue(c);
    if (value < 0 || digits >= 32) return std::nullopt;
    bytes[digits / 2] =
        static_cast<uint8_t>(bytes[digits / 2] | (digits % 2 == 0 ? value << 4 : value));
    ++digits;
  }
  if (digits != 32) return std::nullopt;
  return FormatUuid(bytes);
}

}  // namespace slogate::refgw
