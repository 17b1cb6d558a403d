// Feeds arbitrary bytes, as a target's answer body, to the two readers of non-metrics answers:
// the health report (GET /v1/health) and the zero-loss audit's read-back (GET of the audit URL,
// status 200).
//
// Checks: the health report's components are sorted by name without repeats, and their detail
// numbers read without failing; a read-back is readable only when the body is a JSON object
// holding the event id, and a failed one says why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "read_back.h"
#include "slogate/scrape/health_report.h"

namespace {

using slogate::fuzz::Require;

constexpr std::string_view kEventId = "0f8e2b1c-5d3a-4e6f-9a7b-1c2d3e4f5a6b";

void CheckHealth(std::string_view body) {
  const auto report = slogate::scrape::ParseHealth(body);
  if (!report.ok()) {
    Require(report.error().code == "bad_health");
    return;
  }
  for (size_t i = 1; i < report->components.size(); ++i) {
    Require(report->components[i - 1].name < report->components[i].name);
  }
  for (const auto& component : report->components) {
    (void)report->DetailNumber(component.name, "depth");
  }
}

void CheckReadBack(std::string_view body) {
  slogate::scrape::HttpResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = std::string(body);
  const auto read_back =
      slogate::scrape::ReadBackFrom("http://127.0.0.1:1/audit", std::string(kEventId), response);
  if (read_back.answer == slogate::scrape::ReadBackAnswer::kReadable) {
    Require(body.find(kEventId) != std::string_view::npos ||
            body.find('\\') != std::string_view::npos);
  } else {
    Require(read_back.answer == slogate::scrape::ReadBackAnswer::kFailed);
    Require(!read_back.error.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  CheckHealth(body);
  CheckReadBack(body);
  return 0;
}
