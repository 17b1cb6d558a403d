// Wall-clock times as text, in UTC: what the reports print and what a user gives as the start
// of a run split across machines (`slogate run --start-at`).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::wall_time {

// "2026-09-21T14:13:20Z" (whole seconds, rounded down).
std::string FormatUtc(std::chrono::system_clock::time_point at);
// "2026-09-21T14:13:20.500Z" (milliseconds, rounded down).
std::string FormatUtcMillis(std::chrono::system_clock::time_point at);

// A time given by a person or a script: RFC 3339 in UTC ("2026-12-06T22:30:00Z", a fraction
// of up to 9 digits allowed, the 'Z' required: a local time on one machine is another time on
// the next), or "@" and seconds since the Unix epoch ("@1796594400", what `date +@%s` prints).
// From 1970 to what the system clock holds (2262 with nanosecond ticks). Errors quote the text
// and say what is wrong and what is accepted.
Result<std::chrono::system_clock::time_point> ParseUtc(std::string_view text);

}  // namespace slogate::wall_time
