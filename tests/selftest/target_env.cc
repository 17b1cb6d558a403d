#include "target_env.h"

namespace slogate::selftest {

std::vector<std::pair<std::string, std::string>> TargetEnvironment(
    const testing::RefgwProcess& target, std::string_view environment,
    std::string_view profiles_file) {
  std::string metrics_urls = target.MetricsUrl();
  for (const std::string& url : target.ReplicatorMetricsUrls()) metrics_urls += "," + url;
  return {
      {"SLO_PROFILES",
       std::string(SLOGATE_SOURCE_DIR) + "/fixtures/profiles/" + std::string(profiles_file)},
      {"SLO_ENV", std::string(environment)},
      {"TARGET_URL", target.ApiUrl()},
      {"METRICS_URLS", metrics_urls},
      {"HEALTH_URL", target.ApiUrl("/v1/health")},
      {"AUDIT_URL_TEMPLATE", target.ApiUrl("/v1/admin/memory/{event_id}")}};
}

}  // namespace slogate::selftest
