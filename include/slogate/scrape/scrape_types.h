// Plain data produced by scrape: what one fetch of one or more /metrics endpoints returned,
// and gauge values sampled over time. Consumed by slo (evaluation) and report.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// How the matching series of one selector (over every endpoint) become one sampled value.
// Counters and depths add up (events over replicators, depth over topics); a lag is the
// worst replica's, so it is a maximum — two replicas 1.2 s behind are 1.2 s behind, not 2.4.
enum class Aggregation { kSum, kMax };

// "sum", "max".
std::string_view AggregationName(Aggregation aggregation);

// What a Sampler samples: a selector, how its series combine, and whether each source is
// also kept on its own (to tell which replicator stopped or lags).
struct SampledSelector {
  promtext::Selector selector;
  Aggregation aggregation = Aggregation::kSum;
  // Keep a value per source as well. A source is one endpoint plus the labels of a matching
  // series other than `merged_labels`; the series of one source combine by `aggregation`.
  // E.g. memory_replicator_events_total with merged_labels {"result"}: one source per
  // replicator endpoint (and per partition label, if the replicator has one).
  bool per_source = false;
  std::vector<std::string> merged_labels;
};

// One sampled value of a selector; `value` is empty when no series matched at that moment or
// the endpoint could not be scraped (`error` then says why).
struct SamplePoint {
  WallTime at;
  std::optional<double> value;  // every source combined by the series' aggregation
  std::string error;
  // Per source (SampledSeries::sources, same index) when sampled per source; NaN where that
  // source had no matching series at this moment. May be shorter than `sources` (a source
  // first seen later): the missing tail is NaN too.
  std::vector<double> by_source;
};

// A selector sampled periodically during a run (lag, DLQ depth, replicator event counter...).
struct SampledSeries {
  std::string selector;  // e.g. memory_replicator_lag_seconds
  Aggregation aggregation = Aggregation::kSum;
  // Per-source names, "<endpoint url>" or "<endpoint url> {label="value",...}", in the order
  // first seen; empty unless sampled per source. At most a sampler's max_sources: series of
  // further sources count in `value` only, and `sources_truncated` says so.
  std::vector<std::string> sources;
  bool sources_truncated = false;
  std::vector<SamplePoint> points;
  // Oldest points dropped to keep memory bounded (a sampler's limit); 0 in normal runs.
  std::uint64_t dropped_points = 0;
};

// The sum of the matching samples over every successfully scraped endpoint of `set`; nullopt
// when nothing matches. Failed endpoints are skipped: check set.AllOk() when a partial sum
// would mislead.
std::optional<double> SumAcross(const ScrapeSet& set, const promtext::Selector& selector);
// The same with `aggregation` (kMax: the largest matching sample of any endpoint).
std::optional<double> AggregateAcross(const ScrapeSet& set, const promtext::Selector& selector,
                                      Aggregation aggregation);

// The first failed endpoint's error, or nullopt when every endpoint was scraped.
std::optional<Error> FirstFailure(const ScrapeSet& set);

// The series of `all` sampled for exactly `selector` (SampledSeries::selector), or nullptr.
const SampledSeries* FindSampled(const std::vector<SampledSeries>& all, std::string_view selector);

}  // namespace slogate::scrape
