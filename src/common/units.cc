#include "slogate/common/units.h"
#include "slogate/common/quote.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace slogate::units {
namespace {

struct Suffix {
  std::string_view text;
  double scale;
};

// Longest suffixes first so "ms" is not read as "m" followed by garbage.
constexpr std::array<Suffix, 8> kDurationSuffixes{{
    {"ns", 1e-9}, {"us", 1e-6}, {"\xC2\xB5s", 1e-6}, {"ms", 1e-3},
    {"s", 1.0},   {"m", 60.0},  {"h", 3600.0},       {"", 1.0},
}};

constexpr std::array<Suffix, 4> kQuantitySuffixes{{
    {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"", 1.0},
}};

// Splits "1.5ms" into the number and the suffix, reading the number with from_chars.
template <size_t N>
Result<double> ParseScaled(std::string_view text, const std::array<Suffix, N>& suffixes,
                           std::string_view what, std::string_view expected_units) {
  std::string_view trimmed = text;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) {
    trimmed.remove_prefix(1);
  }
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) {
    trimmed.remove_suffix(1);
  }
  if (trimmed.empty()) {
    return MakeError("empty_" + std::string(what), std::string(what) + " is empty");
  }
  double number = 0;
  const char* begin = trimmed.data();
  const char* end = begin + trimmed.size();
  if (*begin == '+') ++begin;  // from_chars rejects a leading '+', users write it.
  auto [ptr, ec] = std::from_chars(begin, end, number, std::chars_format::general);
  if (ec != std::errc() || ptr == begin) {
    return MakeError("bad_" + std::string(what),
                     QuoteForMessage(text) + " is not a " + std::string(what) + " (expected a number" +
                         std::string(expected_units) + ")");
  }
  std::string_view unit(ptr, static_cast<size_t>(end - ptr));
  for (const Suffix& suffix : suffixes) {
    if (unit == suffix.text) {
      double value = number * suffix.scale;
      if (!std::isfinite(value)) {
        return MakeError("bad_" + std::string(what),
                         QuoteForMessage(text) + " is not a finite " + std::string(what));
      }
      if (value < 0) {
        return MakeError("negative_" + std::string(what),
                         QuoteForMessage(text) + " is negative; a " + std::string(what) +
                             " must be >= 0");
      }
      return value;
    }
  }
  return MakeError("bad_unit", QuoteForMessage(text) + " has an unknown unit " + QuoteForMessage(unit) +
                                   " (expected" + std::string(expected_units) + ")");
}

}  // namespace

Result<Seconds> ParseDuration(std::string_view text) {
  auto seconds = ParseScaled(text, kDurationSuffixes, "duration",
                             " with an optional unit: ns, us, ms, s, m, h; bare = seconds");
  if (!seconds) return seconds.error();
  return Seconds(*seconds);
}

std::string FormatDuration(Seconds duration) {
  const double s = duration.count();
  if (s == 0) return "0s";
  if (s >= 3600 && std::fmod(s, 3600) == 0) return FormatNumber(s / 3600) + "h";
  if (s >= 60 && std::fmod(s, 60) == 0) return FormatNumber(s / 60) + "m";
  if (s >= 1) return FormatNumber(s) + "s";
  if (s >= 1e-3) return FormatNumber(s * 1e3) + "ms";
  if (s >= 1e-6) return FormatNumber(s * 1e6) + "us";
  return FormatNumber(s * 1e9) + "ns";
}

Result<double> ParseQuantity(std::string_view text) {
  return ParseScaled(text, kQuantitySuffixes, "number", " with an optional suffix k, M or G");
}

Result<long long> ParseCount(std::string_view text) {
  auto value = ParseQuantity(text);
  if (!value) return value.error();
  if (*value != std::floor(*value) || *value > 9.0e18) {
    return MakeError("bad_count", QuoteForMessage(text) + " is not a whole count");
  }
  return static_cast<long long>(*value);
}

std::string FormatNumber(double value) {
  std::array<char, 64> buffer{};
  auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "nan";
  return std::string(buffer.data(), ptr);
}

Result<double> ParseNumber(std::string_view text) {
  double value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::general);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return MakeError("bad_number", QuoteForMessage(text) + " is not a finite number");
  }
  return value;
}

}  // namespace slogate::units
