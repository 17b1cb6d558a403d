#include "html_charts.h"

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

// The lag recovery window from the config (config::ToJson writes thresholds in seconds).
std::optional<double> RecoveryWindowSeconds(const nlohmann::json& config) {
  const auto thresholds = config.find("thresholds");
  if (thresholds == config.end() || !thresholds->is_object()) return std::nullopt;
  const auto window = thresholds->find("lag_recovery_window");
  if (window == thresholds->end() || !window->is_number()) return std::nullopt;
  return window->get<double>();
}

// The burst windows, and after each the lag recovery window (lighter), shaded on every chart
// over time so that a spike is read against the schedule that caused it.
std::vector<ChartBand> ScheduleBands(const ResultsDocument& document) {
  std::vector<ChartBand> bands;
  if (!document.run) return bands;
  const std::optional<double> recovery = RecoveryWindowSeconds(document.config);
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
  for (const load::RateSegment& segment : run.rate_plan) {
    series.points.push_back({SecondsF(segment.begin).count(), segment.rps_begin});
    series.points.push_back({SecondsF(segment.end).count(), segment.rps_end});
  }
  return series;
}

const scrape::SampledSeries* FindSeries(const ResultsDocument& document,
                                        std::string_view selector) {
  for (const scrape::SampledSeries& series : document.series) {
    if (series.selector == selector) return &series;
  }
  return nullptr;
}

// Spans over which the sampled lag gauge read above `threshold`, each from its first sample
// over to the first sample back under it (or its last sample).
std::vector<ChartBand> GaugeOverThreshold(const ResultsDocument& document, double threshold,
                                          scrape::WallTime origin) {
  std::vector<ChartBand> bands;
  const scrape::SampledSeries* lag = FindSeries(document, slo::kReplicatorLag);
  if (lag == nullptr) return bands;
  std::optional<double> over_since;
  double last_over = 0;
  for (const scrape::SamplePoint& point : lag->points) {
    const double x = SecondsF(point.at - origin).count();
    const bool over = point.value && *point.value > threshold;
    if (over && !over_since) over_since = x;
    if (over) last_over = x;
    if (!over && over_since && point.value) {
      bands.push_back({*over_since, x, "lag gauge over the threshold", "rgba(220, 38, 38, 0.16)"});
      over_since.reset();
    }
  }
  if (over_since) {
    bands.push_back(
        {*over_since, last_over, "lag gauge over the threshold", "rgba(220, 38, 38, 0.16)"});
  }
  return bands;
}

// Spans in which the replicator replicated nothing while writes the gateway acknowledged after
// its last move waited (the WAL's ok counter rose, the replicated events did not), lasting at
// least half the lag threshold: a stall that a gauge reading 0 hides. Read from the sampled
// counters, summed over replicators, so one stalled replicator of several does not show.
std::vector<ChartBand> ReplicatorStalls(const ResultsDocument& document, double threshold,
                                        scrape::WallTime origin) {
  std::vector<ChartBand> bands;
  const scrape::SampledSeries* events = FindSeries(document, slo::kReplicatorEvents);
  const scrape::SampledSeries* acked = FindSeries(document, slo::kWalResultsOk);
  if (events == nullptr || acked == nullptr) return bands;
  const size_t count = std::min(events->points.size(), acked->points.size());
  std::optional<double> acked_at_move;  // the WAL count when the replicator last moved
  std::optional<double> events_before;
  // The current stall's span, while `stalled`.
  bool stalled = false;
  double stalled_begin = 0;
  double stalled_end = 0;
  auto close = [&] {
    if (stalled && stalled_end - stalled_begin >= threshold / 2) {
      bands.push_back({stalled_begin, stalled_end,
                       "replicator stalled: no event replicated while acknowledged writes waited",
                       "rgba(127, 29, 29, 0.22)"});
    }
    stalled = false;
  };
  for (size_t i = 0; i < count; ++i) {
    const scrape::SamplePoint& event = events->points[i];
    const scrape::SamplePoint& ack = acked->points[i];
    if (!event.value || !ack.value) continue;
    const double x = SecondsF(event.at - origin).count();
    const bool moved = !events_before || *event.value != *events_before;  // a reset moves too
    if (moved) {
      if (stalled) stalled_end = x;
      close();
      acked_at_move = *ack.value;
    } else if (*ack.value > acked_at_move.value_or(*ack.value)) {
      if (!stalled) stalled_begin = x;
      stalled = true;
      stalled_end = x;
    }
    events_before = *event.value;
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
  const double threshold =
      ThresholdIn(document, "ReplicationLag", "s").value_or(kDefaultLagThresholdSeconds);
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
