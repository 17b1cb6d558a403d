#include "text_scan.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace slogate::promtext::internal {
namespace {

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// Checks the decimal grammar of OpenMetrics' realnumber (sign already removed).
bool IsDecimal(std::string_view text) {
  size_t i = 0;
  size_t mantissa_digits = 0;
  while (i < text.size() && IsDigit(text[i])) ++i, ++mantissa_digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < text.size() && IsDigit(text[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == text.size();
}

std::optional<UnescapeError> UnescapeWith(std::string_view raw, std::string& out,
                                          bool quote_allowed, bool keep_unknown) {
  std::optional<UnescapeError> first_error;
  size_t start = 0;
  while (true) {
    const size_t backslash = raw.find('\\', start);
    if (backslash == std::string_view::npos) break;
    out.append(raw.data() + start, backslash - start);
    const char escaped = backslash + 1 < raw.size() ? raw[backslash + 1] : '\0';
    if (escaped == '\\') {
      out.push_back('\\');
    } else if (escaped == 'n') {
      out.push_back('\n');
    } else if (escaped == '"' && quote_allowed) {
      out.push_back('"');
    } else {
      if (!first_error) first_error = UnescapeError{backslash, escaped};
      if (!keep_unknown) return first_error;
      out.push_back('\\');
      if (escaped != '\0') out.push_back(escaped);
    }
    start = backslash + (escaped == '\0' ? 1 : 2);
  }
  out.append(raw.data() + start, raw.size() - start);
  return first_error;
}

}  // namespace

namespace {

// Character classes of unquoted names, one table lookup per byte.
enum : unsigned char { kMetricStart = 1, kMetricChar = 2, kLabelStart = 4, kLabelChar = 8 };

constexpr std::array<unsigned char, 256> MakeNameClasses() {
  std::array<unsigned char, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    unsigned char bits = 0;
    if (IsMetricNameStart(ch)) bits |= kMetricStart;
    if (IsMetricNameChar(ch)) bits |= kMetricChar;
    if (IsLabelNameStart(ch)) bits |= kLabelStart;
    if (IsLabelNameChar(ch)) bits |= kLabelChar;
    classes[static_cast<size_t>(c)] = bits;
  }
  return classes;
}

constexpr std::array<unsigned char, 256> kNameClasses = MakeNameClasses();

size_t NameLength(std::string_view text, unsigned char start, unsigned char rest) {
  if (text.empty() || !(kNameClasses[static_cast<unsigned char>(text[0])] & start)) return 0;
  size_t i = 1;
  while (i < text.size() && (kNameClasses[static_cast<unsigned char>(text[i])] & rest)) ++i;
  return i;
}

}  // namespace

size_t MetricNameLength(std::string_view text) {
  return NameLength(text, kMetricStart, kMetricChar);
}

size_t LabelNameLength(std::string_view text) { return NameLength(text, kLabelStart, kLabelChar); }

std::optional<UnescapeError> Unescape(std::string_view raw, std::string& out) {
  return UnescapeWith(raw, out, /*quote_allowed=*/true, /*keep_unknown=*/false);
}

std::optional<UnescapeError> UnescapeHelp004(std::string_view raw, std::string& out) {
  return UnescapeWith(raw, out, /*quote_allowed=*/false, /*keep_unknown=*/true);
}

namespace {

constexpr std::array<double, 16> kPowersOfTen = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// "digits[.digits]" with at most 15 digits in all, without from_chars: the digits as an
// integer and the power of ten are both exact in a double, so one division gives the
// correctly rounded value, as from_chars would. nullopt for anything else.
std::optional<double> ParseShortDecimal(std::string_view body) {
  if (body.size() > 16) return std::nullopt;
  uint64_t digits = 0;
  size_t count = 0;
  size_t i = 0;
  for (; i < body.size() && IsDigit(body[i]); ++i, ++count) {
    digits = digits * 10 + static_cast<uint64_t>(body[i] - '0');
  }
  size_t fraction = 0;
  if (i < body.size() && body[i] == '.') {
    for (++i; i < body.size() && IsDigit(body[i]); ++i, ++count, ++fraction) {
      digits = digits * 10 + static_cast<uint64_t>(body[i] - '0');
    }
  }
  if (i != body.size() || count == 0 || count > 15) return std::nullopt;
  return static_cast<double>(digits) / kPowersOfTen[fraction];
}

}  // namespace

std::optional<double> ParseValue(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::string_view body = text;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.empty()) return std::nullopt;
  if (!IsDigit(body[0]) && body[0] != '.') {
    if (EqualsIgnoreCase(body, "inf") || EqualsIgnoreCase(body, "infinity")) {
      return negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
    }
    if (body.size() == text.size() && EqualsIgnoreCase(body, "nan")) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return std::nullopt;
  }
  if (const std::optional<double> value = ParseShortDecimal(body)) {
    return negative ? -*value : *value;
  }
  if (!IsDecimal(body)) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value);
  // Out-of-range magnitudes overflow to ±Inf / underflow to 0 like strtod, rather than failing.
  if (error == std::errc::result_out_of_range) {
    const size_t e = body.find_first_of("eE");
    const bool huge = e == std::string_view::npos || body[e + 1] != '-';
    value = huge ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (error != std::errc() || end != body.data() + body.size()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<int64_t> ParseIntegerTimestamp(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return std::nullopt;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseRealTimestamp(std::string_view text) {
  const std::optional<double> value = ParseValue(text);
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

namespace {

// True when none of the `size` (a multiple of 16) bytes at `bytes` has its high bit set.
bool IsAscii(const unsigned char* bytes, size_t size) {
#ifdef __SSE2__
  __m128i any = _mm_setzero_si128();
  for (size_t k = 0; k < size; k += 16) {
    any = _mm_or_si128(any, _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + k)));
  }
  return _mm_movemask_epi8(any) == 0;
#else
  uint64_t any = 0;
  for (size_t k = 0; k < size; k += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, bytes + k, sizeof(chunk));
    any |= chunk;
  }
  return (any & kHighBits) == 0;
#endif
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    // ASCII fast path, 64 bytes at a time, then 16.
    if (i + 64 <= size && IsAscii(bytes + i, 64)) {
      i += 64;
      continue;
    }
    if (i + 16 <= size && IsAscii(bytes + i, 16)) {
      i += 16;
      continue;
    }
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + length > size) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (size_t k = 2; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}


std::string DescribeEscape(char escaped) {
  const auto byte = static_cast<unsigned char>(escaped);
  if (byte >= 0x20 && byte < 0x7F) return std::string("'\\") + escaped + "'";
  if (byte == 0) return "a backslash at the end";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("a backslash followed by byte 0x") + kHex[byte >> 4] + kHex[byte & 0xF];
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace slogate::promtext::internal
