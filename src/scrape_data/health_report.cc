#include "slogate/scrape/health_report.h"

#include <nlohmann/json.hpp>

#include "slogate/common/json_text.h"
#include "slogate/common/units.h"

namespace slogate::scrape {
namespace {

Error BadHealth(const std::string& what) {
  return MakeError("bad_health", "health report: " + what);
}

bool IsDetailSeparator(char c) { return c == ' ' || c == ',' || c == ';' || c == '\t'; }

}  // namespace

const HealthComponent* HealthReport::FindComponent(std::string_view name) const {
  for (const HealthComponent& component : components) {
    if (component.name == name) return &component;
  }
  return nullptr;
}

std::optional<double> HealthReport::DetailNumber(std::string_view component,
                                                 std::string_view key) const {
  const HealthComponent* found = FindComponent(component);
  if (found == nullptr) return std::nullopt;
  const std::string_view detail = found->detail;
  const std::string wanted = std::string(key) + "=";
  for (size_t at = detail.find(wanted); at != std::string_view::npos;
       at = detail.find(wanted, at + 1)) {
    if (at > 0 && !IsDetailSeparator(detail[at - 1])) continue;  // "max_depth=" is not "depth="
    const size_t start = at + wanted.size();
    size_t end = start;
    while (end < detail.size() && !IsDetailSeparator(detail[end])) ++end;
    Result<double> number = units::ParseNumber(detail.substr(start, end - start));
    if (number.ok()) return *number;
    return std::nullopt;
  }
  return std::nullopt;
}

Result<HealthReport> ParseHealth(std::string_view json_text) {
  if (JsonNestingDepth(json_text, kMaxJsonNesting) > kMaxJsonNesting) {
    return BadHealth("JSON nested deeper than " + std::to_string(kMaxJsonNesting) + " levels");
  }
  const nlohmann::json json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return BadHealth("not valid JSON");
  if (!json.is_object()) return BadHealth("expected a JSON object");
  const auto status = json.find("status");
  if (status == json.end() || !status->is_string()) {
    return BadHealth("\"status\" is missing or not a string");
  }
  HealthReport report;
  report.status = status->get<std::string>();
  const auto components = json.find("components");
  if (components == json.end()) return report;  // a gateway may report only its status
  if (!components->is_object()) return BadHealth("\"components\" is not an object");
  for (const auto& [name, value] : components->items()) {
    if (!value.is_object()) return BadHealth("component \"" + name + "\" is not an object");
    HealthComponent component;
    component.name = name;
    const auto component_status = value.find("status");
    if (component_status != value.end() && component_status->is_string()) {
      component.status = component_status->get<std::string>();
    }
    const auto detail = value.find("detail");
    if (detail != value.end() && !detail->is_null()) {
      component.detail = detail->is_string() ? detail->get<std::string>() : detail->dump();
    }
    report.components.push_back(std::move(component));
  }
  return report;
}

}  // namespace slogate::scrape
