// Turns Prometheus's answers into the shapes direct scrapes have, so that the SLOs judge a
// Prometheus-sourced run with the same code (delta.h, series_recorder.h):
//
//  - RawSampleImport: the raw samples of each metric over the run's window (an instant query of
//    a range selector) -> a "before" ScrapeSet (each series' last sample at or before `started`)
//    and an "after" set (its first sample at or after `ended`), one EndpointScrape per
//    Prometheus `instance`, whose snapshot holds one family per metric with the series' labels
//    minus `__name__` and `instance` (the endpoint; `job` and other target labels stay, so two
//    jobs scraping one instance never merge into one series). What the samples cannot show becomes
//    a problem of the metric: a counter that went down between two consecutive samples (a reset
//    Prometheus saw but a before/after pair may hide), a series with no sample at or after
//    `ended`, and a counter series with no sample at or before `started` on a target Prometheus
//    had not scraped by then.
//  - ImportSampled: the raw samples of one sampled selector -> the SampledSeries a Sampler
//    would have recorded, by feeding each window to a SeriesRecorder as a ScrapeSet, so the
//    aggregation, the per-source names and the limits are the Sampler's by construction.
//
// Metrics whose names end in _total, _bucket, _count or _sum are counters (reset checks, family
// type counter for _total); every other metric is a gauge. Pure; thread-compatible.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/scrape/prometheus_answer.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/scrape/series_recorder.h"

namespace slogate::scrape {

class RawSampleImport {
 public:
  // `scrape_interval` (zero when unknown) is named in the problems about late samples.
  RawSampleImport(WallTime started, WallTime ended, std::chrono::milliseconds scrape_interval);

  // Adds the raw samples of `metric` (the answer of one query, each series with its labels).
  void Add(std::string_view metric, const std::vector<PromSeries>& series);

  // Adds the raw samples of `up` (one series per scrape target). A target that was scraped
  // during the run but whose first `up` sample at or after the end is not 1 (or that has none)
  // is a problem of every metric: whatever it counted since its last scrape is unknown, and a
  // series it exposed only during the run may not be in Prometheus at all. A counter series
  // with no sample at or before the start counts from 0 only when its target's last `up` at or
  // before the start is 1; else (no such scrape, or no `up` given) it is a problem of its metric.
  void AddTargetHealth(const std::vector<PromSeries>& up);

  // The sets: one endpoint per instance seen in any metric, sorted by instance.
  ScrapeSet Before() const;
  ScrapeSet After() const;

  // Per metric given to Add, what its samples could not show (absent when nothing).
  std::map<std::string, std::string, std::less<>> problems() const;

 private:
  struct Picked {
    std::vector<std::pair<std::string, std::string>> labels;  // without __name__, instance
    double value = 0;
  };
  // Per endpoint name, per sample name, per series key: the picked samples (a series given
  // twice, by two overlapping metrics, is kept once).
  using Side = std::map<std::string, std::map<std::string, std::map<std::string, Picked>>>;

  // A counter series with no sample at or before the start.
  struct Unanchored {
    std::string endpoint;
    std::string name;  // as messages name it
    WallTime first_at;
  };

  void AddSeries(const PromSeries& series, std::vector<std::string>& notes,
                 std::vector<Unanchored>& unanchored);
  ScrapeSet Build(const Side& side, WallTime at) const;

  WallTime started_;
  WallTime ended_;
  std::chrono::milliseconds scrape_interval_;
  Side before_;
  Side after_;
  std::vector<std::string> endpoints_;                                  // every endpoint name seen
  std::map<std::string, std::vector<std::string>, std::less<>> notes_;  // per metric Added
  std::vector<std::string> target_notes_;
  std::map<std::string, std::vector<Unanchored>, std::less<>> unanchored_;  // per metric Added
  std::set<std::string> scraped_at_start_;  // endpoints whose last `up` by the start is 1
};

// True for a metric read as a counter: its name ends in _total, _bucket, _count or _sum.
bool IsCounterName(std::string_view metric);

// The endpoint name of a series: its `instance` label ("127.0.0.1:8080"), or "prometheus"
// for a series without one (an aggregation dropped it).
std::string EndpointOf(const PromSeries& series);

// What Prometheus records of its own scrapes, raw samples of one series per target each: `up`
// (1 when the scrape succeeded) and `scrape_duration_seconds`, both stamped with the scrape's
// start, as every sample the scrape read is.
struct TargetScrapes {
  std::vector<PromSeries> up;
  std::vector<PromSeries> durations;
};

// The SampledSeries of `sampled` from the raw samples of its series (`raw`, an instant query
// of a range selector) and `targets`: one point per window [start + k*window,
// start + (k+1)*window) that ends by `end`, at the window's start. A point holds, per target,
// the values of the target's first scrape that started in the window: the samples stamped with
// that scrape's time. A scrape read its values between its start and its end, so when it
// ended inside the window they were read at or after the point's time and before the next
// point's, the bounds a Sampler's point has (it is read during its own scrape): a counter is at
// least its value at the point and at most its value at the next one, which the write
// accounting relies on. Step values of a range query would not do: each is the last sample up
// to a scrape interval before the step, older than the step it is shown at.
// A target whose scrape in a window is missing, failed (up != 1), of unknown duration, or ended
// after the window fails that point, naming it, as a failed direct scrape does: a sum or max
// without it would mislead. Targets whose last `up` is before `start` (gone before the run)
// are left out. `window` should be at least the scrape interval, or most points fail.
SampledSeries ImportSampled(const SampledSelector& sampled, const std::vector<PromSeries>& raw,
                            const TargetScrapes& targets, WallTime start, WallTime end,
                            std::chrono::milliseconds window, const SamplerLimits& limits = {});

}  // namespace slogate::scrape
