// Samples selectors periodically on a background thread while a load run is in progress, so
// gauges that only exist "now" (replication lag, DLQ depth) and counters that show progress
// (replicator events) are known over time, not only before and after.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "slogate/scrape/scrape_types.h"
#include "slogate/scrape/scraper.h"
#include "slogate/scrape/series_recorder.h"

namespace slogate::scrape {

// Scrapes every `interval` (ticks on a fixed schedule; a scrape slower than the interval
// skips the ticks it overran) and records, per selector, its aggregation across endpoints
// (and per source, where asked) through a SeriesRecorder. A point has no value when no series
// matched or when any endpoint failed (its `error` then says which: a partial sum or maximum
// across endpoints would be wrong).
//
// Thread-safe: Series()/Sets() may be called while sampling. Start/Stop from one thread.
class Sampler {
 public:
  Sampler(Scraper& scraper, std::vector<SampledSelector> selectors,
          std::chrono::milliseconds interval);
  Sampler(Scraper& scraper, std::vector<SampledSelector> selectors,
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

  // SeriesRecorder::Peak of selector `index`, and ResetPeaks: for a live line while the run
  // lasts, counting from its start.
  std::optional<double> Peak(std::size_t index) const;
  void ResetPeaks();

 private:
  void Run();
  void Record(ScrapeSet set);

  Scraper& scraper_;
  const std::chrono::milliseconds interval_;
  const SamplerLimits limits_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  SeriesRecorder recorder_;
  std::deque<ScrapeSet> sets_;
  std::uint64_t scrape_count_ = 0;
  std::thread thread_;
};

}  // namespace slogate::scrape
