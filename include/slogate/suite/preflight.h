// Pre-flight: seconds of checks before a conformance run sends any load, so a closed port or a
// missing URL is said at once instead of after the whole run.
//
// The target must answer HTTP at all, or the run is not started. Everything else is said
// before the run, with the SLOs it leaves unjudged: no METRICS_URLS / HEALTH_URL /
// AUDIT_URL_TEMPLATE, a metrics URL without a valid exposition (from the "before" scrape), a
// health URL that does not answer, an audit route that does not answer 404 for an id that was
// never written.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/scrape/health_report.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/suite/target_urls.h"

namespace slogate::suite {

struct PreflightInput {
  TargetUrls target;
  bool write_path = true;
  std::string bearer_token;                 // for the audit route; never printed
  const scrape::ScrapeSet* before = nullptr;  // the "before" scrape, already taken
  const std::optional<Result<scrape::HealthReport>>* health = nullptr;  // its health refresh
  // The metrics come from Prometheus (PROMETHEUS_URL), already checked by its source: no
  // metrics URL is expected.
  bool metrics_from_prometheus = false;
  std::chrono::milliseconds timeout{2000};  // per check
};

struct Preflight {
  // Set when the target does not answer HTTP: the run must not start. Says what and why.
  std::optional<std::string> target_down;
  // One sentence per problem found, each naming the SLOs it leaves unjudged.
  std::vector<std::string> warnings;
};

// Runs the checks above (two small GETs: the API's base URL and the audit route for a fresh
// random id). Bounded by twice `timeout`.
Preflight RunPreflight(const PreflightInput& input);

}  // namespace slogate::suite
