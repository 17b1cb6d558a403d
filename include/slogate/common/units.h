// Parsing and printing of the quantities users type: durations ("30s", "1.5m", "300ms"),
// rates and counts ("1.5k", "0.5", "2M"). Locale-independent (std::from_chars/to_chars).
//
// Parse* and Format* come in pairs so that Parse(Format(x)) == x for values we print.
// All functions are pure and thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::units {

using Seconds = std::chrono::duration<double>;

// Parses a non-negative duration: a number with an optional unit among ns, us, µs, ms, s, m, h.
// A bare number is seconds (the seed's DURATION=15 means 15 s). Rejects negatives, NaN,
// empty input and trailing garbage with an error naming the text.
Result<Seconds> ParseDuration(std::string_view text);

// Shortest text that ParseDuration reads back exactly, in the largest unit that keeps the
// number readable: 0.0001 s -> "100us", 1.5 s -> "1.5s", 90 s -> "90s".
std::string FormatDuration(Seconds duration);

// Parses a non-negative real number with an optional SI suffix k (1e3), M (1e6), G (1e9).
// Used for RPS ("0.5", "1.5k") and counts. Rejects negatives, NaN, infinities.
Result<double> ParseQuantity(std::string_view text);

// Parses a whole, non-negative count (allows the SI suffixes when the result is whole).
Result<long long> ParseCount(std::string_view text);

// Shortest round-trip decimal text of a double ("0.5", "1500", "1e-06"). Locale-independent.
std::string FormatNumber(double value);

// Parses a finite double in plain C locale syntax; no suffixes. Errors name the text.
Result<double> ParseNumber(std::string_view text);

}  // namespace slogate::units
