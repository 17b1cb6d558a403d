// SeriesRecorder: turns successive scrape sets into one SampledSeries per SampledSelector —
// the aggregated value of each moment and, for per-source selectors, each source's own value.
// The plain half of the Sampler (sampler.h), which feeds it from its scraping thread.
//
// Memory is bounded whatever the targets expose: at most SamplerLimits::max_points_per_series
// points and max_sources sources per selector. Not thread-safe (the Sampler locks around it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

// Memory bounds of a Sampler. At 100 ms, the default keeps about 3.6 hours of points. Raw
// sets are kept only when asked for: each holds whole parsed expositions (up to
// ScrapeOptions::max_exposition_bytes of text each), and the verdicts need only the series.
struct SamplerLimits {
  std::size_t max_points_per_series = std::size_t{1} << 17;  // oldest dropped and counted
  std::size_t max_sets = 0;                                  // the most recent raw sets kept
  // Sources named per selector; series of further sources count in the value only (a target
  // exposing thousands of partitions must not make every point thousands of numbers).
  std::size_t max_sources = 16;
};

class SeriesRecorder {
 public:
  SeriesRecorder(std::vector<SampledSelector> selectors, SamplerLimits limits);

  // Adds one point per selector, taken at set.taken_at. Its value is AggregateAcross with the
  // selector's aggregation, or empty with `error` set when any endpoint failed (a partial max
  // or sum would mislead); per-source values of the endpoints that did answer are kept.
  void Record(const ScrapeSet& set);

  // One series per selector, in the constructor's order, points in time order.
  std::vector<SampledSeries> Series() const;

  // The highest value selector `index` (the constructor's order) has read since the recorder
  // was made or ResetPeaks, points dropped for the limit included; empty before any value or
  // for an index out of range.
  std::optional<double> Peak(std::size_t index) const;
  // Forgets the peaks (not the points): what comes before a run is not the run's.
  void ResetPeaks();

 private:
  struct Track {
    SampledSelector sampled;
    std::vector<std::string> sources;
    bool sources_truncated = false;
    std::deque<SamplePoint> points;
    std::uint64_t dropped_points = 0;
    std::optional<double> peak;
  };

  // Each source's value in `set` (index as in track.sources, NaN where absent); registers
  // sources first seen now, up to the limit.
  std::vector<double> BySource(const ScrapeSet& set, Track& track) const;

  SamplerLimits limits_;
  std::vector<Track> tracks_;
};

}  // namespace slogate::scrape
