#include "slogate/load/run_result.h"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "slogate/load/run_result_json.h"

namespace slogate::load {
namespace {

constexpr std::array<std::pair<ErrorCategory, std::string_view>, 11> kNames = {{
    {ErrorCategory::kConnect, "connect"},
    {ErrorCategory::kTimeout, "timeout"},
    {ErrorCategory::kTls, "tls"},
    {ErrorCategory::kWrite, "write"},
    {ErrorCategory::kRead, "read"},
    {ErrorCategory::kStatus4xx, "status_4xx"},
    {ErrorCategory::kStatus429, "status_429"},
    {ErrorCategory::kStatus5xx, "status_5xx"},
    {ErrorCategory::kStatusOther, "status_other"},
    {ErrorCategory::kEventIdTooLong, "event_id_too_long"},
    {ErrorCategory::kOther, "other"},
}};

}  // namespace

std::string_view ErrorCategoryName(ErrorCategory category) {
  for (const auto& [value, name] : kNames) {
    if (value == category) return name;
  }
  return "other";  // unreachable for a valid enumerator
}

std::optional<ErrorCategory> ErrorCategoryFromName(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace slogate::load
