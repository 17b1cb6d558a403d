#include "html_charts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string_view>

#include "format.h"
#include "slogate/slo/metric_names.h"

namespace slogate::report {
namespace {

using SecondsF = std::chrono::duration<double>;

constexpr double kDefaultLagThresholdSeconds = 2;

double Ms(std::chrono::nanoseconds value) { return SecondsF(value).count() * 1e3; }

// x = 0 is the run's start; without a run, the first sample's time.
std::optional<scrape::WallTime> Origin(const ResultsDocument& document) {
  if (document.run) return document.run->started_at;
  for (const scrape::SampledSeries& series : document.series) {
    if (!series.points.empty()) return series.points.front().at;
  }
  return std::nullopt;
}

// A finding's threshold converted to `unit` ("s" or "ms"), when the finding has one.
std::optional<double> ThresholdIn(const ResultsDocument& document, std::string_view slo,
                                  std::string_view unit) {
  const slo::Finding* finding = document.verdict.Find(slo);
  if (finding == nullptr || !finding->threshold) return std::nullopt;
  const double value = *finding->threshold;
  if (finding->unit == unit) return value;
  if (finding->unit == "s" && unit == "ms") return value * 1e3;
  if (finding->unit == "ms" && unit == "s") return value / 1e3;
  return std::nullopt;
}

// Every sampled series whose selector names `metric`, as chart series (x from the origin).
std::vector<ChartSeries> SampledAsChart(const ResultsDocument& document, std::string_view metric,
                                        const std::vector<std::string>& colors) {
  std::vector<ChartSeries> out;
  const std::optional<scrape::WallTime> origin = Origin(document);
  if (!origin) return out;
  for (const scrape::SampledSeries& sampled : document.series) {
    if (sampled.selector.rfind(metric, 0) != 0) continue;
    ChartSeries series{sampled.selector, colors[out.size() % colors.size()], {}};
    for (const scrape::SamplePoint& point : sampled.points) {
      series.points.push_back({SecondsF(point.at - *origin).count(), point.value});
    }
    out.push_back(std::move(series));
  }
  return out;
}

// Whether a per-second window lies wholly inside the sending time. The last second of a run is
// usually partial (sending ended inside it, or only the drain's completions fell in it): drawn,
// it would show a collapse of throughput that did not happen.
bool WholeSecondOfSending(const load::RunResult& run, const stats::WindowSummary& window) {
  constexpr double kSlack = 0.05;  // the sending time overruns the plan by milliseconds
  return static_cast<double>(window.second) + 1 <= SecondsF(run.sending_time).count() + kSlack;
}

// A duration threshold from the config, in seconds (config::ToJson writes them so).
std::optional<double> ConfigSeconds(const nlohmann::json& config, std::string_view name) {
  if (!config.is_object()) return std::nullopt;
  const auto thresholds = config.find("thresholds");
  if (thresholds == config.end() || !thresholds->is_object()) return std::nullopt;
  const auto value = thresholds->find(name);
  if (value == thresholds->end() || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

// The lag threshold: the ReplicationLag finding's, else the config's max_lag (the SLO was not
// judged: deselected or turned off), else the contract's 2 s.
double LagThresholdSeconds(const ResultsDocument& document) {
  if (const auto judged = ThresholdIn(document, "ReplicationLag", "s")) return *judged;
  return ConfigSeconds(document.config, "max_lag").value_or(kDefaultLagThresholdSeconds);
}

// The burst windows, and after each the lag recovery window (lighter), shaded on every chart
// over time so that a spike is read against the schedule that caused it.
std::vector<ChartBand> ScheduleBands(const ResultsDocument& document) {
  std::vector<ChartBand> bands;
  if (!document.run) return bands;
  const std::optional<double> recovery = ConfigSeconds(document.config, "lag_recovery_window");
  for (const load::Interval& window : document.run->burst_windows) {
    const double end = SecondsF(window.end).count();
    bands.push_back(
        {SecondsF(window.begin).count(), end, "burst window", "rgba(245, 158, 11, 0.22)"});
    if (recovery && *recovery > 0) {
      bands.push_back({end, end + *recovery, "recovery window", "rgba(245, 158, 11, 0.08)"});
    }
  }
  return bands;
}

// The rate the engine scheduled: steps for bursts, a slope for a ramp. Not a measurement, so
// no markers; dashed grey under the measured series.
std::optional<ChartSeries> ScheduledRate(const load::RunResult& run) {
  if (run.rate_plan.empty()) return std::nullopt;
  ChartSeries series{"scheduled", "#6b7280", {}, "4 3", false};
  // A run stopped early (a signal, abort_on_breach) scheduled nothing after it stopped.
  const bool cut = run.interrupted || run.aborted;
  const double stop = SecondsF(run.sending_time).count();
  for (const load::RateSegment& segment : run.rate_plan) {
    const double begin = SecondsF(segment.begin).count();
    const double end = SecondsF(segment.end).count();
    if (cut && begin >= stop) break;
    series.points.push_back({begin, segment.rps_begin});
    if (cut && end > stop) {
      const double share = (stop - begin) / (end - begin);
      series.points.push_back({stop, segment.rps_begin + (segment.rps_end - segment.rps_begin) * share});
      break;
    }
    series.points.push_back({end, segment.rps_end});
  }
  if (series.points.empty()) return std::nullopt;  // stopped before it began
  return series;
}

// Spans over which the sampled lag gauge read above `threshold`, each from its first sample
// over to the first sample back under it (or to its last sample over, when a sample failed or
// the series ended).
std::vector<ChartBand> GaugeOverThreshold(const ResultsDocument& document, double threshold,
                                          scrape::WallTime origin) {
  std::vector<ChartBand> bands;
  const scrape::SampledSeries* lag = scrape::FindSampled(document.series, slo::kReplicatorLag);
  if (lag == nullptr) return bands;
  std::optional<double> over_since;
  double last_over = 0;
  for (const scrape::SamplePoint& point : lag->points) {
    const double x = SecondsF(point.at - origin).count();
    const bool over = point.value && *point.value > threshold;
    if (over && !over_since) over_since = x;
    if (over) last_over = x;
    if (!over && over_since) {
      // Back under: up to this sample. No reading (a failed scrape): up to the last one over,
      // since what came between is not known.
      bands.push_back({*over_since, point.value ? x : last_over, "lag gauge over the threshold",
                       "rgba(220, 38, 38, 0.16)"});
      over_since.reset();
    }
  }
  if (over_since) {
    bands.push_back(
        {*over_since, last_over, "lag gauge over the threshold", "rgba(220, 38, 38, 0.16)"});
  }
  return bands;
}

// A sampled counter's value: 0 where the scrape worked but the counter was not exposed (a
// counter is created on first use: a replicator that never applied an event has none), empty
// where the scrape failed.
std::optional<double> CounterValue(const scrape::SamplePoint& point) {
  if (point.value) return point.value;
  if (point.error.empty()) return 0.0;
  return std::nullopt;
}

bool AnyValue(const scrape::SampledSeries* series) {
  return series != nullptr &&
         std::any_of(series->points.begin(), series->points.end(),
                     [](const scrape::SamplePoint& point) { return point.value.has_value(); });
}

// Spans in which the replicator replicated nothing while writes waited: the gateway's WAL ok
// counter had risen more since the first sample than the replicated events had, and the events
// counter did not move from one sample to the next. A span runs from the first such sample to
// the last before the counter moved again, so it is known only to the sampling interval, and
// the writes waiting at its start waited at least its length: it is marked when that is at
// least half the lag threshold. What it cannot see: writes waiting since before the first
// sample (the count starts there), one stalled replicator among several that move (the
// counters are summed), and a replicator whose events counter never appears in the run. The verdict's write accounting (docs/slo.md) is the judgement; this is
// what the sampled counters show of it, and what a gauge stuck at 0 hides.
std::vector<ChartBand> ReplicatorStalls(const ResultsDocument& document, double threshold,
                                        scrape::WallTime origin) {
  std::vector<ChartBand> bands;
  const scrape::SampledSeries* events = scrape::FindSampled(document.series, slo::kReplicatorEvents);
  const scrape::SampledSeries* acked = scrape::FindSampled(document.series, slo::kWalResultsOk);
  if (events == nullptr || acked == nullptr) return bands;
  // An events counter is created on first use, so its absence reads as 0 — but only when it was
  // exposed somewhere in the run: one never seen may be a replicator not scraped, or one that
  // does not export the counter, and a whole run marked stalled would be a claim about neither.
  if (!AnyValue(events)) return bands;
  std::optional<double> acked_base;
  std::optional<double> replicated_base;
  std::optional<double> replicated_before;
  std::optional<double> acked_before;
  bool stalled = false;
  double stalled_begin = 0;
  double stalled_end = 0;
  auto close = [&] {
    if (stalled && stalled_end > stalled_begin && stalled_end - stalled_begin >= threshold / 2) {
      bands.push_back({stalled_begin, stalled_end,
                       "replicator stalled: no event replicated while acknowledged writes waited",
                       "rgba(127, 29, 29, 0.22)"});
    }
    stalled = false;
  };
  const size_t count = std::min(events->points.size(), acked->points.size());
  for (size_t i = 0; i < count; ++i) {
    const std::optional<double> replicated = CounterValue(events->points[i]);
    const std::optional<double> acknowledged = CounterValue(acked->points[i]);
    // A failed scrape is no reading either way; samples not taken together are not compared.
    if (!replicated || !acknowledged || events->points[i].at != acked->points[i].at) continue;
    // The first reading, or a counter that went down (a restart): count from here.
    if (!replicated_before || *replicated < *replicated_before || *acknowledged < *acked_before) {
      close();
      replicated_base = replicated;
      acked_base = acknowledged;
    } else {
      const double x = SecondsF(events->points[i].at - origin).count();
      const bool moved = *replicated != *replicated_before;
      const bool waiting = *acknowledged - *acked_base > *replicated - *replicated_base;
      if (!moved && waiting) {
        if (!stalled) stalled_begin = x;
        stalled = true;
        stalled_end = x;
      } else {
        close();
      }
    }
    replicated_before = replicated;
    acked_before = acknowledged;
  }
  close();
  return bands;
}

// What the end-to-end probes measured, as levels to read the gauge against: a gauge that
// reads 0 under a probe max of 5 s is a gauge that lies.
std::vector<ChartThreshold> ProbeLevels(const ResultsDocument& document) {
  std::vector<ChartThreshold> levels;
  if (!document.lag_probes) return levels;
  const LagProbeSummary& probes = *document.lag_probes;
  auto add = [&levels](std::optional<std::chrono::nanoseconds> lag, std::string_view what) {
    if (!lag) return;
    const double seconds = SecondsF(*lag).count();
    levels.push_back({seconds, std::string(what) + " " + FormatLatency(*lag), true});
  };
  add(probes.lag_p95, "end-to-end p95 (probes)");
  add(probes.lag_max, "end-to-end max (probes)");
  add(probes.unreadable_for_at_least, "a write unreadable for at least");
  return levels;
}

// x of the percentile spectrum: 0 at p0, 1 at p90, 2 at p99... (-log10 of the share above).
constexpr int kSpectrumStepsPerDecade = 10;
constexpr int kSpectrumDecades = 4;  // to p99.99

ChartSeries Spectrum(const stats::Histogram& histogram, std::string name, std::string color,
                     std::string dash) {
  ChartSeries series{std::move(name), std::move(color), {}, std::move(dash)};
  if (histogram.count() == 0) return series;
  for (int step = 0; step <= kSpectrumDecades * kSpectrumStepsPerDecade; ++step) {
    const double x = static_cast<double>(step) / kSpectrumStepsPerDecade;
    const double q = 1 - std::pow(10.0, -x);
    series.points.push_back(
        {x, Ms(histogram.Percentile(q)), "p" + FormatSignificant(q * 100, 6)});
  }
  return series;
}

}  // namespace

Chart ThroughputChart(const ResultsDocument& document) {
  Chart chart{"Throughput per second", "requests / s", {}, {}, {}};
  if (!document.run) return chart;
  ChartSeries completed{"completed", "#2563eb", {}};
  ChartSeries errors{"errors", "#dc2626", {}};
  for (const stats::WindowSummary& window : document.run->per_second) {
    if (!WholeSecondOfSending(*document.run, window)) continue;
    const double x = static_cast<double>(window.second);
    completed.points.push_back({x, static_cast<double>(window.count)});
    errors.points.push_back({x, static_cast<double>(window.errors)});
  }
  chart.series = {std::move(completed), std::move(errors)};
  chart.bands = ScheduleBands(document);
  if (std::optional<ChartSeries> scheduled = ScheduledRate(*document.run)) {
    chart.series.insert(chart.series.begin(), std::move(*scheduled));
  } else if (document.run->target_rps > 0) {
    chart.thresholds.push_back(
        {document.run->target_rps, "target " + FormatSignificant(document.run->target_rps) + "/s"});
  }
  return chart;
}

Chart LatencyChart(const ResultsDocument& document) {
  Chart chart{"Latency per second (corrected)", "ms", {}, {}, {}};
  if (!document.run) return chart;
  ChartSeries p50{"p50", "#16a34a", {}};
  ChartSeries p95{"p95", "#d97706", {}};
  // Dashed: at a low rate p99 often equals p95 and would hide it.
  ChartSeries p99{"p99", "#9333ea", {}, "6 3"};
  for (const stats::WindowSummary& window : document.run->per_second) {
    if (!WholeSecondOfSending(*document.run, window)) continue;
    const double x = static_cast<double>(window.second);
    // A second without completions has no percentile: leave a gap rather than draw a zero.
    const bool empty = window.count == 0;
    p50.points.push_back({x, empty ? std::nullopt : std::optional(Ms(window.p50))});
    p95.points.push_back({x, empty ? std::nullopt : std::optional(Ms(window.p95))});
    p99.points.push_back({x, empty ? std::nullopt : std::optional(Ms(window.p99))});
  }
  chart.series = {std::move(p50), std::move(p95), std::move(p99)};
  chart.bands = ScheduleBands(document);
  if (const auto threshold = ThresholdIn(document, "LatencyP95", "ms")) {
    chart.thresholds.push_back(
        {*threshold, "p95 threshold " + FormatSignificant(*threshold) + " ms"});
  }
  return chart;
}

Chart LatencySpectrumChart(const ResultsDocument& document) {
  Chart chart{"Latency by percentile", "ms", {}, {}, {}};
  chart.x_label = "percentile";
  chart.x_ticks = {{0, "0%"}, {1, "90%"}, {2, "99%"}, {3, "99.9%"}, {4, "99.99%"}};
  if (!document.run) return chart;
  chart.series = {Spectrum(document.run->latency, "corrected latency", "#d97706", ""),
                  Spectrum(document.run->service_time, "service time", "#2563eb", "6 3")};
  if (const auto threshold = ThresholdIn(document, "LatencyP95", "ms")) {
    chart.thresholds.push_back(
        {*threshold, "p95 threshold " + FormatSignificant(*threshold) + " ms"});
  }
  return chart;
}

Chart LagChart(const ResultsDocument& document) {
  Chart chart{"Replication lag (sampled)", "seconds", {}, {}, {}};
  chart.series = SampledAsChart(document, slo::kReplicatorLag, {"#0891b2", "#be185d"});
  const double threshold = LagThresholdSeconds(document);
  chart.thresholds.push_back({threshold, "threshold " + FormatSignificant(threshold) + " s"});
  const std::vector<ChartThreshold> probes = ProbeLevels(document);
  chart.thresholds.insert(chart.thresholds.end(), probes.begin(), probes.end());
  chart.bands = ScheduleBands(document);
  if (const std::optional<scrape::WallTime> origin = Origin(document)) {
    for (auto marks : {GaugeOverThreshold(document, threshold, *origin),
                       ReplicatorStalls(document, threshold, *origin)}) {
      chart.bands.insert(chart.bands.end(), marks.begin(), marks.end());
    }
  }
  return chart;
}

Chart DlqChart(const ResultsDocument& document) {
  Chart chart{"DLQ depth (sampled)", "messages", {}, {}, {}};
  chart.series = SampledAsChart(document, slo::kDlqDepth, {"#7c3aed", "#059669"});
  chart.bands = ScheduleBands(document);
  if (const slo::Finding* finding = document.verdict.Find("DlqDepth");
      finding != nullptr && finding->threshold && *finding->threshold > 0) {
    chart.thresholds.push_back(
        {*finding->threshold, "bound " + FormatSignificant(*finding->threshold)});
  }
  return chart;
}

}  // namespace slogate::report
