// Builds Observations for SLO unit tests: healthy by default, each test changes one thing.
// Scrape snapshots are parsed from small exposition texts with promtext::Parse.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/slo/evaluate.h"

namespace slogate::testing {

using slo::Observations;
using slo::SloSet;

using namespace std::chrono_literals;

// The run's start: a fixed wall time so offsets are easy to read.
scrape::WallTime RunStart();

// A scrape set of one endpoint parsed from `exposition` (Prometheus text 0.0.4).
scrape::ScrapeSet SetFrom(std::string_view exposition, std::chrono::nanoseconds since_start = 0s);
// A scrape set whose only endpoint failed with `message`.
scrape::ScrapeSet FailedSet(std::string_view message);

// Gateway + replicator counters, written as an exposition.
struct GatewayCounters {
  double attempts = 0;
  double results_ok = 0;
  double results_server_error = 0;
  double wal_ok = 0;
  double wal_error = 0;
  double dlq_depth = 0;
  double replicator_events = 0;
  bool with_request_histogram = false;
  // gateway_request_seconds buckets (le 0.005, 0.01, 0.025, 0.05, 0.1, +Inf), cumulative.
  std::vector<double> request_buckets = {0, 0, 0, 0, 0, 0};
};
std::string Exposition(const GatewayCounters& counters);

// A constant-rate run: `rps` for `seconds`, every request OK with `latency` (corrected and
// service time), no lateness, per-second windows filled.
load::RunResult SteadyRun(double rps, int seconds, std::chrono::nanoseconds latency = 20ms);

// A healthy write-path observation of SteadyRun(10, 20): counters consistent with the run,
// lag sampled every 250 ms at 0.1 s with the event counter following the acks, DLQ empty,
// health refreshed, audit all found.
Observations Healthy();

// A sampled series with no points yet.
scrape::SampledSeries Series(std::string_view selector);
// A sample taken at `t` after RunStart().
scrape::SamplePoint Point(std::chrono::nanoseconds t, std::optional<double> value);

// Lag/event samples every `step` from `from` to `to` (offsets from RunStart()).
struct SamplePlan {
  std::chrono::nanoseconds from = 0s;
  std::chrono::nanoseconds to = 25s;
  std::chrono::nanoseconds step = 250ms;
};
// Replaces the sampled series: lag(t) and events(t) give each sample's values.
template <typename LagFn, typename EventsFn>
void SetSamples(Observations& observations, const SamplePlan& plan, LagFn lag, EventsFn events) {
  scrape::SampledSeries lag_series = Series("memory_replicator_lag_seconds");
  lag_series.aggregation = scrape::Aggregation::kMax;
  scrape::SampledSeries events_series = Series("memory_replicator_events_total");
  scrape::SampledSeries dlq_series = Series("gateway_dlq_depth");
  for (auto t = plan.from; t <= plan.to; t += plan.step) {
    lag_series.points.push_back(Point(t, lag(t)));
    events_series.points.push_back(Point(t, events(t)));
    dlq_series.points.push_back(Point(t, 0.0));
  }
  observations.sampled = {lag_series, events_series, dlq_series};
}

// Read-back probes acknowledged every `step` over [from, to], each readable `lag(t)` after
// its acknowledgement (the last 404 100 ms before that), taken at 4 per second.
template <typename LagFn>
scrape::LagProbeResult Probes(std::chrono::nanoseconds from, std::chrono::nanoseconds to,
                              std::chrono::nanoseconds step, LagFn lag) {
  scrape::LagProbeResult result;
  result.options.per_second = 4;
  for (auto t = from; t <= to; t += step) {
    scrape::LagProbe probe;
    probe.event_id = "event-" + std::to_string(result.probes.size());
    probe.acked_at = Point(t, 0.0).at;
    const auto readable = std::chrono::duration_cast<scrape::WallTime::duration>(lag(t));
    probe.readable_at = probe.acked_at + readable;
    probe.last_absent_at = probe.acked_at + std::max<scrape::WallTime::duration>(
                                                readable - std::chrono::milliseconds(100), {});
    probe.outcome = scrape::ProbeOutcome::kReadable;
    probe.requests = 1;
    result.probes.push_back(probe);
  }
  return result;
}

// Default SloSet: local environment, the built-in thresholds, every check required.
SloSet DefaultSlos();
// DefaultSlos judged by point estimates ("confidence": "none"), for tests of what a run's own
// values decide rather than of what they prove.
SloSet PointEstimateSlos();

}  // namespace slogate::testing
