#include "slogate/common/wall_time.h"

#include <algorithm>
#include <array>
#include <ctime>

#include "slogate/common/quote.h"

namespace slogate::wall_time {
namespace {

using std::chrono::system_clock;

// The last whole second the system clock holds (2262-04-11 with nanosecond ticks): a later time
// would overflow it.
constexpr std::chrono::seconds kLastSecond =
    std::chrono::floor<std::chrono::seconds>(system_clock::time_point::max().time_since_epoch());

Error Unreadable(std::string_view text, std::string_view why) {
  return MakeError("bad_time", QuoteForMessage(text) + " is not a time: " + std::string(why) +
                                   " (expected UTC as 2026-12-06T22:30:00Z, or @ and seconds "
                                   "since the Unix epoch)");
}

// `count` decimal digits of `text` at `at`, or -1.
long Digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return -1;
  long value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "@SECONDS[.FRACTION]", in digits only (no sign or exponent), read exactly: through a double,
// a time of today would lose a fraction of a microsecond.
Result<system_clock::time_point> FromUnixSeconds(std::string_view text) {
  const std::string_view number = text.substr(1);
  const size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : number.substr(dot + 1);
  const auto all_digits = [](std::string_view digits) {
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 12 || !all_digits(whole) ||
      (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 9)) ||
      !all_digits(fraction)) {
    return Unreadable(text, "after '@', whole seconds in digits, and at most 9 digits of a "
                            "fraction after a '.'");
  }
  long long seconds = 0;
  for (char c : whole) seconds = seconds * 10 + (c - '0');
  if (std::chrono::seconds(seconds) >= kLastSecond) {
    return Unreadable(text, "past what the clock holds (2262)");
  }
  long long nanos = 0;
  for (size_t i = 0; i < 9; ++i) nanos = nanos * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(
      std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos)));
}

}  // namespace

std::string FormatUtc(system_clock::time_point at) {
  const std::time_t seconds = system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> buffer{};
  const size_t length = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer.data(), length);
}

std::string FormatUtcMillis(system_clock::time_point at) {
  const auto millis = std::chrono::floor<std::chrono::milliseconds>(at);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(millis);
  const auto fraction = static_cast<int>((millis - seconds).count());
  std::string text = FormatUtc(seconds);
  text.pop_back();  // the 'Z'
  text += '.';
  text += static_cast<char>('0' + fraction / 100);
  text += static_cast<char>('0' + fraction / 10 % 10);
  text += static_cast<char>('0' + fraction % 10);
  return text + 'Z';
}

Result<system_clock::time_point> ParseUtc(std::string_view text) {
  if (!text.empty() && text.front() == '@') return FromUnixSeconds(text);
  // YYYY-MM-DDTHH:MM:SS[.fraction]Z
  const long year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  const long hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (text.size() < 20 || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 ||
      second < 0 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
      text[13] != ':' || text[16] != ':') {
    return Unreadable(text, "not in the form YYYY-MM-DDTHH:MM:SSZ");
  }
  size_t at = 19;
  long long nanos = 0;
  if (text[at] == '.') {
    size_t digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 9) nanos = nanos * 10 + (text[at] - '0');
    }
    if (digits == 0 || digits > 9) {
      return Unreadable(text, "the fraction of a second must have 1 to 9 digits");
    }
    for (size_t pad = digits; pad < 9; ++pad) nanos *= 10;
  }
  if (at + 1 != text.size() || (text[at] != 'Z' && text[at] != 'z')) {
    return Unreadable(text, "it must end in Z (UTC): a local time means another moment on each "
                            "machine");
  }
  const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(year)),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (year < 1970 || !date.ok() || hour > 23 || minute > 59 || second > 59) {
    return Unreadable(text, "no such date or time of day");
  }
  const std::chrono::seconds whole = std::chrono::sys_days(date).time_since_epoch() +
                                     std::chrono::hours(hour) + std::chrono::minutes(minute) +
                                     std::chrono::seconds(second);
  if (whole >= kLastSecond) {
    return Unreadable(text, "past what the clock holds (2262)");
  }
  const auto since_epoch = whole + std::chrono::nanoseconds(nanos);
  return system_clock::time_point(
      std::chrono::duration_cast<system_clock::duration>(since_epoch));
}

}  // namespace slogate::wall_time
