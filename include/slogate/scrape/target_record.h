// What Prometheus recorded of its scrapes of one target, read from `up` and
// `scrape_duration_seconds` (TargetScrapes): when it scraped the target, whether the scrape
// succeeded and how long it took. Every sample a scrape reads is stamped with the same time as
// its `up` sample (the scrape's start), unless the target stamps its samples itself and
// Prometheus honours that (honor_timestamps): such samples cannot be placed in time, and
// OffScrape finds them. Pure.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "slogate/scrape/prometheus_answer.h"

namespace slogate::scrape {

// What Prometheus records of its own scrapes, raw samples of one series per target each: `up`
// (1 when the scrape succeeded) and `scrape_duration_seconds`, both stamped with the scrape's
// start, as every sample the scrape read is.
struct TargetScrapes {
  std::vector<PromSeries> up;
  std::vector<PromSeries> durations;
};

// How far Prometheus may move a scrape's stamp from the moment it began, to keep stamps on the
// interval's grid (its scrape timestamp tolerance, 2 ms by default).
inline constexpr std::chrono::milliseconds kScrapeStampTolerance{2};

// The endpoint name of a series: its `instance` label ("127.0.0.1:8080"), or "prometheus"
// for a series without one (an aggregation dropped it).
std::string EndpointOf(const PromSeries& series);

// The first point of `points` at or after `at`.
std::vector<PromPoint>::const_iterator FirstAtOrAfter(const std::vector<PromPoint>& points,
                                                      WallTime at);
// The point of `points` stamped exactly `at`, or null.
const PromPoint* SampleAt(const std::vector<PromPoint>& points, WallTime at);

struct TargetRecord {
  const PromSeries* up = nullptr;        // of the first target at this instance
  const PromSeries* duration = nullptr;  // of the same target; null when not recorded
  std::vector<std::string> jobs;         // of every target at this instance

  // The `up` sample of the scrape stamped `at`, or null.
  const PromPoint* ScrapeAt(WallTime at) const;
  // The latest the scrape stamped `at` can have ended (its stamp, its duration and the stamp
  // tolerance); none when its duration is not recorded or is not a duration (negative, NaN,
  // or over a day).
  std::optional<WallTime> EndOf(WallTime at) const;
  // The last successful scrape (up 1) known to have ended by `at`, or null.
  const PromPoint* LastSucceededBy(WallTime at) const;
  // The first sample of `series` in [from, to) stamped with no successful scrape's time, or
  // null.
  const PromPoint* OffScrape(const PromSeries& series, WallTime from, WallTime to) const;
  // Why one instance's series cannot be read as one process's, when Prometheus scrapes it as
  // several targets (each counter would count once per target); empty otherwise.
  std::string Duplicated(const std::string& instance) const;
};

// Per instance (EndpointOf), the record of the targets whose last scrape is at or after
// `since`; targets gone before then are left out. The records point into `targets`.
std::map<std::string, TargetRecord> IndexTargets(const TargetScrapes& targets, WallTime since);
std::map<std::string, TargetRecord> IndexTargets(TargetScrapes&&, WallTime) = delete;

}  // namespace slogate::scrape
