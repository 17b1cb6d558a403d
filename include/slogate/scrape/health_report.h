// The gateway's health report as plain data, and its parser. No I/O: slo reads a HealthReport
// without linking the fetching half (health.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::scrape {

struct HealthComponent {
  std::string name;    // "memory_replicator", "memory_dlq", ...
  std::string status;  // as sent: "ok", "degraded", "down", ...
  std::string detail;  // as sent ("depth=3"); non-string JSON is kept as its JSON text
};

struct HealthReport {
  std::string status;                       // overall: "ok" | "degraded" | "down" as sent
  std::vector<HealthComponent> components;  // sorted by name

  // The component with this name, or nullptr.
  const HealthComponent* FindComponent(std::string_view name) const;

  // The number after `key=` in a component's detail: DetailNumber("memory_dlq", "depth") is
  // 3 for detail "depth=3". nullopt when the component, the key or a number is missing.
  std::optional<double> DetailNumber(std::string_view component, std::string_view key) const;
};

// Parses the health JSON `{"status": ..., "components": {name: {"status", "detail"}}}`.
// Errors (code "bad_health") say which field is missing or has the wrong type. Pure.
Result<HealthReport> ParseHealth(std::string_view json_text);

}  // namespace slogate::scrape
