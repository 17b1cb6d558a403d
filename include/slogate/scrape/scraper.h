// Fetches /metrics from several endpoints at (nearly) one moment and parses each exposition.
//
// A conformance run scrapes the gateway's metrics port and the replicator's metrics port: each
// is one endpoint, each fetch is one EndpointScrape whose failure (unreachable, timeout, HTTP
// status, malformed exposition) is data, never an exception.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

// The largest exposition read: a gateway's or replicator's /metrics is kilobytes to a few MiB
// (a heavily labelled Prometheus server exposes ~10 MiB); one parsed snapshot costs a few
// times its text, and a scrape that large would take longer than a sampling interval anyway.
inline constexpr std::size_t kMaxExpositionBytes = std::size_t{32} << 20;

struct ScrapeOptions {
  std::chrono::milliseconds timeout{2000};  // per endpoint, connect included
  std::string bearer_token;                 // sent as "Authorization: Bearer"; never logged
  bool prefer_openmetrics = true;           // Accept prefers OpenMetrics 1.0 over text 0.0.4
  // The run's stop flag: once set, a scrape in flight is abandoned (error "interrupted") and
  // the rest fail the same way at once. nullptr: never. Must outlive the Scraper.
  const std::atomic<bool>* abort = nullptr;
  // A larger exposition is not read on: the scrape fails with "exposition_too_large".
  std::size_t max_exposition_bytes = kMaxExpositionBytes;
};

// The Accept header a scrape sends: OpenMetrics 1.0 first with text 0.0.4 as fallback, or
// text 0.0.4 only. The response's Content-Type then picks the parser.
std::string AcceptHeader(const ScrapeOptions& options);

// Scrapes a fixed list of endpoints, one reused libcurl handle (and so one kept-alive
// connection) per endpoint. Thread-safe: concurrent ScrapeAll calls are serialised.
class Scraper {
 public:
  // Throws std::invalid_argument when `urls` is empty or lists a URL twice.
  Scraper(std::vector<std::string> urls, ScrapeOptions options);
  ~Scraper();
  Scraper(const Scraper&) = delete;
  Scraper& operator=(const Scraper&) = delete;

  // Fetches every endpoint in order. Never throws; each endpoint's failure is in its
  // EndpointScrape with a message naming the URL (and line:column for a malformed exposition).
  ScrapeSet ScrapeAll();

  const std::vector<std::string>& urls() const { return urls_; }

 private:
  class Endpoint;

  std::vector<std::string> urls_;
  ScrapeOptions options_;
  std::mutex mutex_;  // guards the endpoints' libcurl handles
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
};

}  // namespace slogate::scrape
