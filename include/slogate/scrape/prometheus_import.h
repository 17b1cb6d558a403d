// Turns Prometheus's answers into the shapes direct scrapes have, so that the SLOs judge a
// Prometheus-sourced run with the same code (delta.h, series_recorder.h):
//
//  - RawSampleImport: the raw samples of each metric over the run's window (an instant query of
//    a range selector) -> a "before" ScrapeSet (each series' sample read before `started`)
//    and an "after" set (its first sample at or after `ended`), one EndpointScrape per
//    Prometheus `instance`, whose snapshot holds one family per metric with the series' labels
//    minus `__name__` and `instance` (the endpoint; `job` and other target labels stay, so two
//    jobs scraping one instance never merge into one series). What the samples cannot show becomes
//    a problem of the metric: a counter that went down between two consecutive samples (a reset
//    Prometheus saw but a before/after pair may hide), a series with no sample at or after
//    `ended`, a counter series whose value at `started` is unknown, and more (the constructor).
//  - ImportSampled: the raw samples of one sampled selector -> the SampledSeries a Sampler
//    would have recorded, by feeding each window to a SeriesRecorder as a ScrapeSet, so the
//    aggregation, the per-source names and the limits are the Sampler's by construction.
//
// Metrics whose names end in _total, _bucket, _count or _sum are counters (reset checks, family
// type counter for _total); every other metric is a gauge. Pure; thread-compatible.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/scrape/prometheus_answer.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/scrape/series_recorder.h"
#include "slogate/scrape/target_record.h"

namespace slogate::scrape {

class RawSampleImport {
 public:
  // `scrape_interval` (zero when unknown) is named in the problems about late samples.
  // `targets` is Prometheus's record of its scrapes (empty when not read):
  //  - a target scraped during the run whose first `up` at or after the end is not 1 (or that
  //    has none) is a problem of every metric: what it counted since its last scrape is unknown;
  //  - so is an instance scraped as several targets that exposes a metric read (its counters
  //    would count once per target);
  //  - a series' "before" is its sample from its target's last successful scrape known to
  //    have *ended* by the start (a scrape stamped before the start may have read the run's
  //    first writes); when that scrape did not see the series, it counts from 0; when there is
  //    no such scrape, what the counter held at the start is unknown, a problem of its metric;
  //  - a series with a sample stamped at no successful scrape of its target (its own
  //    timestamps, honoured; or answers from two Prometheus servers) cannot be placed in time;
  //  - so cannot a counter series whose instance has no `up` (relabelled, or set by the
  //    target): both are problems of their metric.
  // With no `targets` (an instant read), a series takes its own last sample at or before the
  // start, and a counter without one is a problem of its metric.
  // A NaN sample of a counter between its anchor and its "after" sample hides a reset: a
  // problem of its metric.
  RawSampleImport(WallTime started, WallTime ended, std::chrono::milliseconds scrape_interval,
                  TargetScrapes targets = {});
  RawSampleImport(const RawSampleImport&) = delete;
  RawSampleImport& operator=(const RawSampleImport&) = delete;

  // Adds the raw samples of `metric` (the answer of one query, each series with its labels).
  void Add(std::string_view metric, const std::vector<PromSeries>& series);

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

  // Where a series stood at the start: the scrape its "before" comes from, and its sample
  // there (null when that scrape did not see it: it was not exposed yet, and counts from 0).
  struct Anchor {
    WallTime scrape_at;
    const PromPoint* sample = nullptr;
  };

  // The anchor of `series` at `endpoint`, or none with `unknown` saying why.
  std::optional<Anchor> AnchorOf(const PromSeries& series, const std::string& endpoint,
                                 std::string& unknown) const;
  void AddSeries(const PromSeries& series, std::vector<std::string>& notes);
  ScrapeSet Build(const Side& side, WallTime at) const;

  WallTime started_;
  WallTime ended_;
  std::chrono::milliseconds scrape_interval_;
  TargetScrapes targets_;
  std::map<std::string, TargetRecord> records_;  // per instance; points into targets_
  Side before_;
  Side after_;
  std::vector<std::string> endpoints_;                                  // every endpoint name seen
  std::map<std::string, std::vector<std::string>, std::less<>> notes_;  // per metric Added
  std::vector<std::string> target_notes_;
};

// True for a metric read as a counter: its name ends in _total, _bucket, _count or _sum.
bool IsCounterName(std::string_view metric);

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
// `read_margin` narrows each window's end for a scrape to count: twice the uncertainty of the
// clock offset when the points are moved onto another clock (prometheus_source.cc), so a
// point's values stay read before the next point's time on that clock too.
SampledSeries ImportSampled(const SampledSelector& sampled, const std::vector<PromSeries>& raw,
                            const TargetScrapes& targets, WallTime start, WallTime end,
                            std::chrono::milliseconds window, const SamplerLimits& limits = {},
                            std::chrono::nanoseconds read_margin = {});

}  // namespace slogate::scrape
