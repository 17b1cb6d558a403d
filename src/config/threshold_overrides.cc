#include "threshold_overrides.h"

#include <algorithm>
#include <cctype>

#include "slogate/common/quote.h"
#include "slogate/config/config_json.h"
#include "thresholds_json.h"

namespace slogate::config {
namespace {

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "0.01" and "5" are numbers (a share, a count); "200ms" stays text for the duration reader.
// Only a whole JSON number counts, so "1e3ms" is text.
internal::Json ValueOf(const std::string& text) {
  internal::Json number = internal::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (number.is_number()) return number;
  return internal::Json(text);
}

}  // namespace

Result<ThresholdOverrides> ParseThresholdOverrides(std::string_view text) {
  ThresholdOverrides overrides;
  size_t begin = 0;
  while (begin <= text.size()) {
    const size_t end = std::min(text.find(',', begin), text.size());
    const std::string_view item = Trimmed(text.substr(begin, end - begin));
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos || Trimmed(item.substr(0, equals)).empty() ||
        Trimmed(item.substr(equals + 1)).empty()) {
      return MakeError("bad_value",
                       "expected NAME=VALUE items separated by commas (e.g. "
                       "latency_p95=200ms,max_error_rate=0.01), got " +
                           QuoteForMessage(item));
    }
    overrides.emplace_back(std::string(Trimmed(item.substr(0, equals))),
                           std::string(Trimmed(item.substr(equals + 1))));
    begin = end + 1;
  }
  return overrides;
}

namespace internal {

Status ApplyThresholdOverrides(const ThresholdOverrides& overrides, std::string_view where,
                               Thresholds& thresholds) {
  if (overrides.empty()) return Status::Ok();
  Json object = Json::object();
  for (const auto& [name, value] : overrides) {
    internal::Json parsed = ValueOf(value);
    // Whatever a number reader would take ("200", "+200", "200.", ".5"): only 0 needs no unit.
    const bool unit_missing = !value.empty() && value != "0" &&
                              std::isalpha(static_cast<unsigned char>(value.back())) == 0;
    if (unit_missing && IsDurationThreshold(name)) {
      return MakeError("bad_profile", std::string(where) + "." + name +
                                          ": give the duration with its unit (e.g. " + name +
                                          "=200ms or 2s); a bare number would be seconds");
    }
    object[name] = std::move(parsed);
  }
  return ApplyThresholds(object, where, thresholds);
}

}  // namespace internal
}  // namespace slogate::config
