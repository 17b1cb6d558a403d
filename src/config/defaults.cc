#include "defaults.h"

#include <chrono>

namespace slogate::config::internal {

Thresholds BuiltInThresholds(Environment environment) {
  Thresholds thresholds;
  if (environment == Environment::kStaging || environment == Environment::kProd) {
    thresholds.latency_p95 = std::chrono::milliseconds(150);
  }
  return thresholds;
}

Endpoint DefaultWriteEndpoint() {
  Endpoint endpoint;
  endpoint.name = "write";
  return endpoint;
}

}  // namespace slogate::config::internal
