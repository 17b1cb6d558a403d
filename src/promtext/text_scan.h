// Byte-level scanning shared by the exposition parser and the selector parser.
//
// Everything here works on string_views into the caller's buffer and allocates only when a
// quoted string contains escapes. Pure functions; thread-safe.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace slogate::promtext::internal {

constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Legacy (unquoted) metric names: [a-zA-Z_:][a-zA-Z0-9_:]*.
constexpr bool IsMetricNameStart(char c) { return IsAsciiLetter(c) || c == '_' || c == ':'; }
constexpr bool IsMetricNameChar(char c) { return IsMetricNameStart(c) || IsDigit(c); }
// Legacy (unquoted) label names: [a-zA-Z_][a-zA-Z0-9_]*.
constexpr bool IsLabelNameStart(char c) { return IsAsciiLetter(c) || c == '_'; }
constexpr bool IsLabelNameChar(char c) { return IsLabelNameStart(c) || IsDigit(c); }

// Length of the longest prefix of `text` made of legacy metric-name (or label-name) characters
// starting with a valid first character; 0 when there is none.
size_t MetricNameLength(std::string_view text);
size_t LabelNameLength(std::string_view text);

// Which escapes a quoted string or HELP text accepts.
enum class Escapes {
  kQuoted,       // \\ \" \n (label values, quoted names, OpenMetrics HELP)
  kHelpText004,  // \\ \n only (0.0.4 HELP)
};

struct UnescapeError {
  size_t offset;  // of the backslash in the input
  char escaped;   // the character after it ('\0' at the end of input)
};

// Appends the unescaped form of `raw` to `out`. Returns the first bad escape, if any; with
// kHelpText004, use UnescapeHelp004 instead to keep unknown escapes verbatim.
std::optional<UnescapeError> Unescape(std::string_view raw, std::string& out);

// 0.0.4 HELP: \\ and \n are decoded, any other backslash sequence is kept verbatim. Returns
// the first unknown escape so the caller can warn about it.
std::optional<UnescapeError> UnescapeHelp004(std::string_view raw, std::string& out);

inline constexpr uint64_t kLowBits = 0x0101010101010101ULL;
inline constexpr uint64_t kHighBits = 0x8080808080808080ULL;

inline uint64_t Load64(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof(word));
  return word;
}

inline uint32_t Load32(const char* bytes) {
  uint32_t word;
  std::memcpy(&word, bytes, sizeof(word));
  return word;
}

constexpr uint64_t Broadcast(char c) { return kLowBits * static_cast<unsigned char>(c); }

// High bit set in each zero byte of `word`. Bytes above the first zero byte may be flagged
// wrongly (borrows), so only the lowest flag is exact, which is all callers use.
constexpr uint64_t ZeroBytes(uint64_t word) { return (word - kLowBits) & ~word & kHighBits; }

// a[0, size) == b[0, size), for the short names the parser compares once per label: inline
// word compares (overlapping at the end) instead of a memcmp call.
inline bool SameBytes(const char* a, const char* b, size_t size) {
  if (size >= 8) {
    for (size_t i = 0; i + 8 < size; i += 8) {
      if (Load64(a + i) != Load64(b + i)) return false;
    }
    return Load64(a + size - 8) == Load64(b + size - 8);
  }
  if (size >= 4) return Load32(a) == Load32(b) && Load32(a + size - 4) == Load32(b + size - 4);
  for (size_t i = 0; i < size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Finds the closing quote of a quoted string whose opening quote precedes `text`; returns its
// offset in `text` (skipping escaped characters) or npos when the string is not closed before
// the end of `text`. Sets *has_escape when a backslash occurs. Inline: it runs once per label
// value.
inline size_t FindClosingQuote(std::string_view text, bool* has_escape) {
  const char* data = text.data();
  const size_t size = text.size();
  // Most quoted strings are short and have no escapes: look for '"' or '\\' eight bytes at a
  // time, then settle the rest byte by byte.
  size_t i = 0;
  while (i + 8 <= size) {
    const uint64_t chunk = Load64(data + i);
    const uint64_t hits = ZeroBytes(chunk ^ Broadcast('"')) | ZeroBytes(chunk ^ Broadcast('\\'));
    if (hits != 0) {
      i += static_cast<size_t>(std::countr_zero(hits)) / 8;
      break;
    }
    i += 8;
  }
  while (i < size && data[i] != '"' && data[i] != '\\') ++i;
  if (i == size) return std::string_view::npos;
  if (data[i] == '"') return i;
  *has_escape = true;
  while (i < size) {
    if (data[i] == '"') return i;
    i += data[i] == '\\' ? 2 : 1;
  }
  return std::string_view::npos;
}

// Parses a sample value: [+-]digits[.digits][e[+-]digits], "." forms like ".5" and "5.",
// and case-insensitively [+-]Inf, [+-]Infinity, NaN. Rejects hex, underscores and empty text.
std::optional<double> ParseValue(std::string_view text);

// Parses a 0.0.4 timestamp: an integer number of milliseconds that fits in int64.
std::optional<int64_t> ParseIntegerTimestamp(std::string_view text);

// Parses an OpenMetrics timestamp: a finite real number of seconds (no Inf/NaN).
std::optional<double> ParseRealTimestamp(std::string_view text);

// Offset of the first byte of `text` that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or npos when all of it is valid.
size_t FindInvalidUtf8(std::string_view text);

// The escape sequence a backslash followed by `escaped` makes, for error messages: "'\\q'",
// or "a backslash followed by byte 0xD6" when the byte is not printable ASCII (messages must
// stay valid UTF-8).
std::string DescribeEscape(char escaped);

// Number of code points in `text` (counts bytes that are not UTF-8 continuation bytes).
size_t CountCodePoints(std::string_view text);

}  // namespace slogate::promtext::internal
