#include "mid_run_action.h"

#include <curl/curl.h>

#include <chrono>

#include "slogate/promtext/selector.h"
#include "slogate/scrape/scraper.h"

namespace slogate::selftest {
namespace {

std::string Post(const std::string& url, const std::string& body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return "curl_easy_init failed";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION,
                   +[](char*, size_t size, size_t count, void*) { return size * count; });
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) return "POST " + url + ": " + curl_easy_strerror(code);
  if (status != 200) return "POST " + url + ": HTTP " + std::to_string(status);
  return "";
}

}  // namespace

MidRunTrigger::MidRunTrigger(MidRunAction action, std::string api_url,
                             std::string gateway_metrics_url)
    : action_(std::move(action)),
      api_url_(std::move(api_url)),
      metrics_url_(std::move(gateway_metrics_url)),
      thread_([this] { Watch(); }) {}

MidRunTrigger::~MidRunTrigger() {
  stop_.store(true);
  thread_.join();
}

void MidRunTrigger::Watch() {
  scrape::Scraper scraper({metrics_url_}, scrape::ScrapeOptions{});
  const auto attempts = promtext::Selector::Parse("gateway_write_through_attempts_total").value();
  while (!stop_.load()) {
    const auto count = scrape::SumAcross(scraper.ScrapeAll(), attempts);
    if (count && *count >= static_cast<double>(action_.after_messages)) {
      error_ = Post(api_url_ + action_.path, action_.body);
      fired_.store(error_.empty());
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace slogate::selftest
