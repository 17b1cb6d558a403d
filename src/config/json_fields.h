// Typed reads of profile-file JSON values. Every error names the field path
// ("profiles.smoke.rps") and what was expected and found; the caller prefixes the file name.
#pragma once

#include <chrono>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::config::internal {

// ordered_json keeps the file's key order (profiles and endpoints are listed in that order).
using Json = nlohmann::ordered_json;

// `path: expected <expected>, got <value as JSON, shortened>`.
Error FieldError(std::string_view path, std::string_view expected, const Json& value);

// "a.b" for an object member, "a[2]" for an array element.
std::string Member(std::string_view path, std::string_view key);
std::string Element(std::string_view path, size_t index);

Status ExpectObject(const Json& value, std::string_view path);
// Rejects members not in `known` (catches typos such as "rsp").
Status CheckKnownKeys(const Json& object, std::string_view path,
                      std::initializer_list<std::string_view> known);

// A rate > 0 and <= limits::kMaxRps: a JSON number or a quantity string ("0.5", "1.5k").
Result<double> ReadRate(const Json& value, std::string_view path);
// A number >= 0 (number or quantity string).
Result<double> ReadNonNegative(const Json& value, std::string_view path);
// A share in [0, 1] (number only: 0.005 is half a percent).
Result<double> ReadShare(const Json& value, std::string_view path);
// A duration from 0 to `max`: a number of seconds or a duration string ("300ms", "15s", "2m").
// The error states the range, so "1000000h" reads as too long, not as negative.
Result<std::chrono::nanoseconds> ReadDuration(const Json& value, std::string_view path,
                                              std::chrono::nanoseconds max);
// A whole number >= 0 (number or count string such as "1k").
Result<long long> ReadCount(const Json& value, std::string_view path);
Result<std::string> ReadString(const Json& value, std::string_view path);
Result<bool> ReadBool(const Json& value, std::string_view path);

}  // namespace slogate::config::internal
