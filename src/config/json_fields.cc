#include "json_fields.h"

#include <cmath>
#include <string>

#include "slogate/common/load_limits.h"
#include "slogate/common/units.h"

namespace slogate::config::internal {
namespace {

constexpr size_t kMaxShownChars = 40;

// A value as the error shows it: invalid UTF-8 (from an environment variable or a flag) is
// replaced rather than thrown on, and the text is cut.
std::string Shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxShownChars) text = text.substr(0, kMaxShownChars) + "...";
  return text;
}

// A JSON number as a double, or an error for anything else (strings handled by callers).
Result<double> NumberOf(const Json& value, std::string_view path, std::string_view expected) {
  if (!value.is_number()) return FieldError(path, expected, value);
  const double number = value.get<double>();
  if (!std::isfinite(number)) return FieldError(path, expected, value);
  return number;
}

// "10m", "1h", "1000000s": a bound as people write it (FormatDuration would give "1e+06s").
std::string BoundText(std::chrono::nanoseconds bound) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(bound);
  if (seconds != bound) return units::FormatDuration(bound);
  if (seconds.count() % 3600 == 0) return std::to_string(seconds.count() / 3600) + "h";
  if (seconds.count() % 60 == 0 && seconds.count() < 3600 * 24) {
    return std::to_string(seconds.count() / 60) + "m";
  }
  return std::to_string(seconds.count()) + "s";
}

}  // namespace

Error FieldError(std::string_view path, std::string_view expected, const Json& value) {
  return MakeError("bad_profile", std::string(path) + ": expected " + std::string(expected) +
                                      ", got " + Shown(value));
}

std::string Member(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

std::string Element(std::string_view path, size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

Status ExpectObject(const Json& value, std::string_view path) {
  if (!value.is_object()) return FieldError(path, "an object", value);
  return Status::Ok();
}

Status CheckKnownKeys(const Json& object, std::string_view path,
                      std::initializer_list<std::string_view> known) {
  for (const auto& [key, unused] : object.items()) {
    bool is_known = false;
    for (std::string_view name : known) is_known = is_known || name == key;
    if (is_known) continue;
    std::string expected;
    for (std::string_view name : known) {
      if (!expected.empty()) expected += ", ";
      expected += name;
    }
    return MakeError("bad_profile",
                     Member(path, key) + ": unknown field (expected one of: " + expected + ")");
  }
  return Status::Ok();
}

Result<double> ReadRate(const Json& value, std::string_view path) {
  constexpr std::string_view kExpected =
      "a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, \"1.5k\"; shard higher rates over "
      "several processes)";
  double rate = 0;
  if (value.is_string()) {
    Result<double> parsed = units::ParseQuantity(value.get<std::string>());
    if (!parsed.ok()) return FieldError(path, kExpected, value);
    rate = *parsed;
  } else {
    Result<double> number = NumberOf(value, path, kExpected);
    if (!number.ok()) return number.error();
    rate = *number;
  }
  if (!(rate > 0) || rate > limits::kMaxRps) return FieldError(path, kExpected, value);
  return rate;
}

Result<double> ReadNonNegative(const Json& value, std::string_view path) {
  constexpr std::string_view kExpected = "a number >= 0";
  if (value.is_string()) {
    Result<double> parsed = units::ParseQuantity(value.get<std::string>());
    if (!parsed.ok()) return FieldError(path, kExpected, value);
    return *parsed;
  }
  Result<double> number = NumberOf(value, path, kExpected);
  if (!number.ok()) return number.error();
  if (*number < 0) return FieldError(path, kExpected, value);
  return *number;
}

Result<double> ReadShare(const Json& value, std::string_view path) {
  constexpr std::string_view kExpected = "a share between 0 and 1 (0.005 = 0.5%)";
  Result<double> number = NumberOf(value, path, kExpected);
  if (!number.ok()) return number.error();
  if (*number < 0 || *number > 1) return FieldError(path, kExpected, value);
  return *number;
}

Result<std::chrono::nanoseconds> ReadDuration(const Json& value, std::string_view path,
                                              std::chrono::nanoseconds max) {
  const std::string expected =
      "a duration from 0 to " + BoundText(max) + " (seconds, or e.g. \"300ms\", \"15s\")";
  units::Seconds seconds{0};
  if (value.is_string()) {
    Result<units::Seconds> parsed = units::ParseDuration(value.get<std::string>());
    if (!parsed.ok()) return FieldError(path, expected, value);
    seconds = *parsed;
  } else {
    Result<double> number = NumberOf(value, path, expected);
    if (!number.ok()) return number.error();
    if (*number < 0) return FieldError(path, expected, value);
    seconds = units::Seconds(*number);
  }
  // Compared as seconds before any conversion: past ~292 years nanoseconds overflow.
  if (seconds > max) return FieldError(path, expected, value);
  return std::chrono::round<std::chrono::nanoseconds>(seconds);
}

Result<long long> ReadCount(const Json& value, std::string_view path) {
  constexpr std::string_view kExpected = "a whole number >= 0";
  if (value.is_string()) {
    Result<long long> parsed = units::ParseCount(value.get<std::string>());
    if (!parsed.ok()) return FieldError(path, kExpected, value);
    return *parsed;
  }
  if (value.is_number_unsigned()) {
    const auto count = value.get<unsigned long long>();
    if (count > static_cast<unsigned long long>(1e15)) return FieldError(path, kExpected, value);
    return static_cast<long long>(count);
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (number >= 0 && number <= 1e15 && std::floor(number) == number) {
      return static_cast<long long>(number);
    }
  }
  return FieldError(path, kExpected, value);
}

Result<std::string> ReadString(const Json& value, std::string_view path) {
  if (!value.is_string()) return FieldError(path, "a string", value);
  return value.get<std::string>();
}

Result<bool> ReadBool(const Json& value, std::string_view path) {
  if (!value.is_boolean()) return FieldError(path, "true or false", value);
  return value.get<bool>();
}

}  // namespace slogate::config::internal
