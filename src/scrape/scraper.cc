#include "slogate/scrape/scraper.h"

#include <set>
#include <stdexcept>
#include <utility>

#include "curl_easy.h"
#include "slogate/promtext/parser.h"

namespace slogate::scrape {
namespace {

std::string_view FormatLabel(promtext::Format format) {
  return format == promtext::Format::kOpenMetrics100 ? "OpenMetrics 1.0" : "text 0.0.4";
}

std::string SizeText(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

// Turns one HTTP exchange into a snapshot or an error that names the URL.
Result<promtext::Snapshot> SnapshotFrom(const std::string& url, Result<HttpResponse> response,
                                        std::size_t max_bytes) {
  if (!response.ok() && response.error().code == "too_large") {
    return MakeError("exposition_too_large",
                     "metrics at " + url + ": exposition larger than " + SizeText(max_bytes) +
                         "; the scrape was cut off there (a gateway's metrics are far "
                         "smaller: check that the URL is its /metrics endpoint)");
  }
  if (!response.ok()) return response.error();
  if (response->status != 200) {
    return MakeError("http_status", "GET " + url + ": HTTP status " +
                                        std::to_string(response->status) + " (expected 200)");
  }
  const promtext::Format format = promtext::FormatFromContentType(response->content_type);
  // The snapshot keeps the text it points into; the body is not needed afterwards.
  Result<promtext::Snapshot> snapshot = promtext::ParseOwned(std::move(response->body), format);
  if (!snapshot.ok()) {
    // The parser's position is kept in the message (and not in line/column) so that every
    // consumer prints "URL: ... 3:14: message" without re-assembling it.
    return MakeError("malformed_exposition", "GET " + url + ": malformed " +
                                                 std::string(FormatLabel(format)) +
                                                 " exposition: " + snapshot.error().ToString());
  }
  return snapshot;
}

}  // namespace

class Scraper::Endpoint {
 public:
  explicit Endpoint(std::string url) : url_(std::move(url)) {}

  EndpointScrape Scrape(const HttpGetOptions& options) {
    EndpointScrape scrape;
    scrape.url = url_;
    scrape.taken_at = std::chrono::system_clock::now();
    const auto started = std::chrono::steady_clock::now();
    scrape.snapshot = SnapshotFrom(url_, easy_.Get(url_, options), options.max_body_bytes);
    scrape.took = std::chrono::steady_clock::now() - started;
    return scrape;
  }

 private:
  std::string url_;
  CurlEasy easy_;
};

std::string AcceptHeader(const ScrapeOptions& options) {
  if (options.prefer_openmetrics) {
    return "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  }
  return "text/plain;version=0.0.4,*/*;q=0.1";
}

Scraper::Scraper(std::vector<std::string> urls, ScrapeOptions options)
    : urls_(std::move(urls)), options_(std::move(options)) {
  if (urls_.empty()) throw std::invalid_argument("Scraper needs at least one metrics URL");
  // Deltas identify a series by its endpoint's URL, so one URL twice would double-count.
  if (std::set<std::string>(urls_.begin(), urls_.end()).size() != urls_.size()) {
    throw std::invalid_argument("a metrics URL is listed twice");
  }
  for (const std::string& url : urls_) endpoints_.push_back(std::make_unique<Endpoint>(url));
}

Scraper::~Scraper() = default;

ScrapeSet Scraper::ScrapeAll() {
  HttpGetOptions get;
  get.timeout = options_.timeout;
  get.connect_timeout = options_.timeout;
  get.accept = AcceptHeader(options_);
  get.bearer_token = options_.bearer_token;
  get.abort = options_.abort;
  get.max_body_bytes = options_.max_exposition_bytes;

  std::lock_guard lock(mutex_);
  ScrapeSet set;
  set.taken_at = std::chrono::system_clock::now();
  set.endpoints.reserve(endpoints_.size());
  for (const auto& endpoint : endpoints_) set.endpoints.push_back(endpoint->Scrape(get));
  return set;
}

}  // namespace slogate::scrape
