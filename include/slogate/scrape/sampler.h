// Samples selectors periodically on a background thread while a load run is in progress, so
// gauges that only exist "now" (replication lag, DLQ depth) and counters that show progress
// (replicator events) are known over time, not only before and after.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "slogate/promtext/selector.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/scrape/scraper.h"

namespace slogate::scrape {

// Memory bounds of a Sampler. At 100 ms, the default keeps about 3.6 hours of points.
struct SamplerLimits {
  std::size_t max_points_per_series = std::size_t{1} << 17;  // oldest dropped and counted
  std::size_t max_sets = 8;                                  // the most recent raw sets kept
};

// Scrapes every `interval` (ticks on a fixed schedule; a scrape slower than the interval
// skips the ticks it overran) and records, per selector, SumAcross of each scrape. A point has
// no value when no series matched or when any endpoint failed (its `error` then says which:
// a partial sum across endpoints would be wrong).
//
// Thread-safe: Series()/Sets() may be called while sampling. Start/Stop from one thread.
class Sampler {
 public:
  Sampler(Scraper& scraper, std::vector<promtext::Selector> selectors,
          std::chrono::milliseconds interval);
  Sampler(Scraper& scraper, std::vector<promtext::Selector> selectors,
          std::chrono::milliseconds interval, SamplerLimits limits);
  ~Sampler();  // stops
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // Starts the background thread; the first scrape happens at once. No effect when running.
  // Points of an earlier Start/Stop are kept and appended to.
  void Start();

  // Wakes the thread and joins it. Returns as soon as the scrape in flight (if any) ends,
  // which its timeout bounds. No effect when not running.
  void Stop();

  // One series per selector, in the constructor's order, points in time order.
  std::vector<SampledSeries> Series() const;

  // The most recent raw scrape sets (at most limits.max_sets), oldest first.
  std::vector<ScrapeSet> Sets() const;

  // Scrapes done so far.
  std::uint64_t scrape_count() const;

 private:
  void Run();
  void Record(ScrapeSet set);

  Scraper& scraper_;
  const std::vector<promtext::Selector> selectors_;
  const std::chrono::milliseconds interval_;
  const SamplerLimits limits_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::deque<SamplePoint>> points_;  // per selector
  std::vector<std::uint64_t> dropped_points_;    // per selector
  std::deque<ScrapeSet> sets_;
  std::uint64_t scrape_count_ = 0;
  std::thread thread_;
};

}  // namespace slogate::scrape
