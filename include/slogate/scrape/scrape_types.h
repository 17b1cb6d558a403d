// Plain data produced by scrape: what one fetch of one or more /metrics endpoints returned,
// and gauge values sampled over time. Consumed by slo (evaluation) and report.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/promtext/selector.h"
#include "slogate/promtext/snapshot.h"

namespace slogate::scrape {

using WallTime = std::chrono::system_clock::time_point;

// One fetch of one endpoint: the parsed snapshot, or why there is none (unreachable, HTTP
// status, malformed exposition — the error says which endpoint and, for parse errors, where).
struct EndpointScrape {
  std::string url;
  WallTime taken_at;
  std::chrono::nanoseconds took{0};
  Result<promtext::Snapshot> snapshot = MakeError("not_scraped", "not scraped yet");
};

// All endpoints fetched at (nearly) one moment: the gateway's and the replicator's metrics.
struct ScrapeSet {
  WallTime taken_at;
  std::vector<EndpointScrape> endpoints;

  bool AllOk() const {
    for (const auto& endpoint : endpoints) {
      if (!endpoint.snapshot.ok()) return false;
    }
    return !endpoints.empty();
  }
};

// One sampled value of a selector; `value` is empty when no series matched at that moment or
// the endpoint could not be scraped (`error` then says why).
struct SamplePoint {
  WallTime at;
  std::optional<double> value;
  std::string error;
};

// A selector sampled periodically during a run (lag, DLQ depth, replicator event counter...).
struct SampledSeries {
  std::string selector;  // e.g. memory_replicator_lag_seconds
  std::vector<SamplePoint> points;
  // Oldest points dropped to keep memory bounded (a sampler's limit); 0 in normal runs.
  std::uint64_t dropped_points = 0;
};

// The sum of the matching samples over every successfully scraped endpoint of `set`; nullopt
// when nothing matches. Failed endpoints are skipped: check set.AllOk() when a partial sum
// would mislead.
std::optional<double> SumAcross(const ScrapeSet& set, const promtext::Selector& selector);

// The first failed endpoint's error, or nullopt when every endpoint was scraped.
std::optional<Error> FirstFailure(const ScrapeSet& set);

}  // namespace slogate::scrape
