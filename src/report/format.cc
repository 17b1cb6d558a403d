#include "format.h"

#include <array>
#include <charconv>
#include <cmath>

namespace slogate::report {

std::string FormatSignificant(double value, int digits) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 64> buffer{};
  // Fixed notation keeps "0.005" and "1500" readable; fall back to general for extremes.
  const double magnitude = std::fabs(value);
  std::to_chars_result result{};
  if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9)) {
    result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                           std::chars_format::general, digits);
  } else {
    const int integer_digits = magnitude < 1 ? 1 : static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    int decimals = digits - integer_digits;
    if (magnitude < 1 && magnitude > 0) {
      decimals = digits - 1 - static_cast<int>(std::floor(std::log10(magnitude)));
    }
    result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                           std::chars_format::fixed, decimals < 0 ? 0 : decimals);
  }
  std::string text(buffer.data(), result.ptr);
  // Trailing zeros after the decimal point say nothing.
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string FormatMeasured(std::optional<double> value, std::string_view unit) {
  if (!value) return "-";
  if (unit == "ratio") return FormatSignificant(*value * 100, 3) + "%";
  if (unit == "ms") return FormatSignificant(*value) + " ms";
  if (unit == "s") {
    if (std::fabs(*value) < 1) return FormatSignificant(*value * 1000) + " ms";
    return FormatSignificant(*value) + " s";
  }
  if (unit.empty() || unit == "count") return FormatSignificant(*value);
  return FormatSignificant(*value) + " " + std::string(unit);
}

std::string FormatCount(std::uint64_t count) {
  const std::string digits = std::to_string(count);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatLatency(std::chrono::nanoseconds value) {
  const double seconds = std::chrono::duration<double>(value).count();
  if (std::abs(seconds) < 1e-3) return FormatSignificant(seconds * 1e6) + " µs";
  if (std::abs(seconds) < 1) return FormatSignificant(seconds * 1e3) + " ms";
  return FormatSignificant(seconds) + " s";
}

std::string FormatSeconds(double seconds) {
  if (!std::isfinite(seconds) || std::abs(seconds) >= 1e9) return FormatSignificant(seconds) + " s";
  return FormatLatency(std::chrono::nanoseconds(std::llround(seconds * 1e9)));
}

std::string FormatPercentile(const stats::Histogram& histogram, double q) {
  return histogram.count() == 0 ? "-" : FormatLatency(histogram.Percentile(q));
}

std::string_view OutcomeText(slo::Outcome outcome) { return slo::OutcomeName(outcome); }

std::optional<slo::Outcome> OutcomeFromName(std::string_view name) {
  for (slo::Outcome outcome : {slo::Outcome::kPass, slo::Outcome::kFail,
                               slo::Outcome::kInconclusive, slo::Outcome::kSkipped}) {
    if (slo::OutcomeName(outcome) == name) return outcome;
  }
  return std::nullopt;
}

}  // namespace slogate::report
