#include "prometheus_fixture.h"

#include <curl/curl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eventually.h"
#include "files.h"
#include "http_client.h"

namespace slogate::testing {
namespace {

std::string Escape(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  std::string result(escaped == nullptr ? "" : escaped);
  curl_free(escaped);
  return result;
}

// How many series of a query answer have the value "1" (only_ones), or any value.
size_t CountSeries(const std::string& body, bool only_ones) {
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object() || answer.value("status", "") != "success") return 0;
  size_t count = 0;
  for (const auto& series : answer["data"]["result"]) {
    if (!only_ones || series["value"][1] == "1") ++count;
  }
  return count;
}

}  // namespace

ScrapedTargets::~ScrapedTargets() {
  std::error_code ignored;
  std::filesystem::remove(file_, ignored);
}

Result<PrometheusFixture> PrometheusFixture::FromEnvironment() {
  const char* state = std::getenv(kPrometheusStateVariable);
  if (state == nullptr || *state == '\0') {
    return MakeError("no_fixture", std::string(kPrometheusStateVariable) +
                                       " is not set: run this test through ctest (-L prometheus), "
                                       "which starts Prometheus with prometheus-fixture first");
  }
  std::string url = ReadFile(std::filesystem::path(state) / "url");
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  if (url.empty()) {
    return MakeError("no_fixture", std::string(state) +
                                       "/url is missing: prometheus_fixture_start did not run or "
                                       "failed (see its output)");
  }
  return PrometheusFixture(state, std::move(url));
}

std::string PrometheusFixture::Query(const std::string& promql, const std::string& time) const {
  std::string url = url_ + "/api/v1/query?query=" + Escape(promql);
  if (!time.empty()) url += "&time=" + time;
  const HttpResult result = Fetch("GET", url);
  return result.status == 200 ? result.body : "";
}

Result<std::unique_ptr<ScrapedTargets>> PrometheusFixture::AddTargets(
    const std::string& name, const std::vector<std::string>& host_ports, Wait wait,
    std::chrono::milliseconds deadline) const {
  // Each set gets a label value of its own, even for a name given again (a case run again):
  // an earlier set's targets linger in Prometheus until their series go stale, and must not be
  // selected as this one's.
  static std::atomic<int> sets{0};
  const std::string label = name + "-" + std::to_string(::getpid()) + "-" + std::to_string(++sets);
  const std::filesystem::path file = state_ / "targets" / (label + ".json");
  const nlohmann::json targets = {{{"targets", host_ports}, {"labels", {{"slogate_case", label}}}}};
  {
    // Written beside and renamed, so Prometheus never reads half a file.
    std::ofstream out(file.string() + ".tmp");
    out << targets.dump();
    if (!out) return MakeError("io", "cannot write " + file.string() + ".tmp");
  }
  std::filesystem::rename(file.string() + ".tmp", file);
  auto added =
      std::unique_ptr<ScrapedTargets>(new ScrapedTargets(file, "{slogate_case=\"" + label + "\"}"));
  const std::string up = "up" + added->selector();
  const bool only_ones = wait == Wait::kUp;
  if (!Eventually([&] { return CountSeries(Query(up), only_ones) == host_ports.size(); }, deadline,
                  std::chrono::milliseconds(200))) {
    return MakeError("timeout", "Prometheus at " + url_ + " did not scrape " + name + "'s " +
                                    std::to_string(host_ports.size()) + " target(s) within " +
                                    std::to_string(deadline.count()) + " ms; " + up +
                                    " answers: " + Query(up));
  }
  return added;
}

}  // namespace slogate::testing
