#include "slogate/scrape/health.h"

#include "curl_easy.h"

namespace slogate::scrape {

Result<HealthReport> FetchHealth(const std::string& health_url, std::chrono::milliseconds timeout,
                                 const std::atomic<bool>* abort) {
  CurlEasy easy;
  HttpGetOptions options;
  options.abort = abort;
  options.timeout = timeout;
  options.connect_timeout = timeout;
  options.accept = "application/json";
  Result<HttpResponse> response = easy.Get(health_url, options);
  if (!response.ok()) return response.error();
  if (response->status != 200) {
    return MakeError("http_status", "GET " + health_url + ": HTTP status " +
                                        std::to_string(response->status) + " (expected 200)");
  }
  Result<HealthReport> report = ParseHealth(response->body);
  if (!report.ok()) {
    return MakeError(report.error().code, "GET " + health_url + ": " + report.error().message);
  }
  return report;
}

}  // namespace slogate::scrape
