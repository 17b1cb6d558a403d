#include "slogate/suite/preflight.h"

#include <random>

#include "slogate/scrape/audit_types.h"
#include "slogate/scrape/http_answer.h"

namespace slogate::suite {
namespace {

// An id no write ever had: the audit route must answer 404 for it.
std::string NeverWrittenId() {
  std::random_device device;
  std::mt19937_64 random(device());
  const char* hex = "0123456789abcdef";
  std::string id = "slogate-preflight-";
  for (int i = 0; i < 16; ++i) id += hex[random() % 16];
  return id;
}

void CheckMetrics(const PreflightInput& input, std::vector<std::string>& warnings) {
  constexpr const char* kMetricSlos =
      "WriteThroughAttempts, WriteThroughResultsOk, WalResultsOk, DlqDepth and Reconciliation "
      "will be INCONCLUSIVE (or SKIPPED where optional), and ReplicationLag has no accounting or "
      "gauge";
  if (input.metrics_from_prometheus) return;
  if (input.target.metrics.empty()) {
    warnings.push_back(std::string("no METRICS_URLS: ") + kMetricSlos);
    return;
  }
  if (input.before == nullptr) return;
  for (const scrape::EndpointScrape& endpoint : input.before->endpoints) {
    if (endpoint.snapshot.ok()) continue;
    warnings.push_back("metrics URL " + endpoint.url + " gave no valid exposition (" +
                       endpoint.snapshot.error().message + "): " + kMetricSlos);
  }
}

void CheckHealth(const PreflightInput& input, std::vector<std::string>& warnings) {
  if (input.target.health.empty()) {
    warnings.push_back("no HEALTH_URL: DlqDepth cannot refresh the DLQ gauge and will be "
                       "INCONCLUSIVE");
    return;
  }
  if (input.health != nullptr && input.health->has_value() && !(*input.health)->ok()) {
    warnings.push_back("the health URL did not answer as expected (" +
                       (*input.health)->error().message + "): DlqDepth will be INCONCLUSIVE");
  }
}

void CheckAudit(const PreflightInput& input, std::vector<std::string>& warnings) {
  if (input.target.audit_template.empty()) {
    warnings.push_back("no AUDIT_URL_TEMPLATE: ZeroLoss will be INCONCLUSIVE and ReplicationLag "
                       "is judged without read-back probes (from the counters and the gauge)");
    return;
  }
  const std::string url = scrape::AuditUrl(input.target.audit_template, NeverWrittenId());
  const Result<long> status = scrape::HttpStatusOf(url, input.timeout, input.bearer_token);
  const std::string consequence =
      ": ZeroLoss and the read-back lag probes will count audit errors and be INCONCLUSIVE";
  if (!status.ok()) {
    warnings.push_back("the audit route did not answer (" + status.error().message + ")" +
                       consequence);
  } else if (*status != 404) {
    warnings.push_back("the audit route answered HTTP " + std::to_string(*status) +
                       " for an id that was never written, not 404 (" + url + ")" +
                       consequence);
  }
}

}  // namespace

Preflight RunPreflight(const PreflightInput& input) {
  Preflight preflight;
  const Result<long> answer = scrape::HttpStatusOf(input.target.api, input.timeout);
  if (!answer.ok() && answer.error().code != "too_large") {
    preflight.target_down = "pre-flight: the target " + input.target.api +
                            " did not answer HTTP (" + answer.error().message +
                            "); no load was sent";
    return preflight;
  }
  CheckMetrics(input, preflight.warnings);
  CheckHealth(input, preflight.warnings);
  if (input.write_path) CheckAudit(input, preflight.warnings);
  return preflight;
}

}  // namespace slogate::suite
