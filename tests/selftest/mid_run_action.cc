#include "mid_run_action.h"

#include <chrono>

#include "http_client.h"
#include "slogate/promtext/selector.h"
#include "slogate/scrape/scraper.h"

namespace slogate::selftest {
namespace {

// Empty when the gateway accepted the call, else what went wrong.
std::string Post(const std::string& url, const std::string& body) {
  const testing::HttpResult result = testing::Fetch("POST", url, {}, body);
  if (result.status == 0) return "POST " + url + ": " + result.error;
  if (result.status != 200) return "POST " + url + ": HTTP " + std::to_string(result.status);
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
