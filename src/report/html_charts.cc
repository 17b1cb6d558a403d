#include "html_charts.h"

#include <chrono>
#include <optional>
#include <string_view>

#include "format.h"

namespace slogate::report {
namespace {

using SecondsF = std::chrono::duration<double>;

constexpr std::string_view kLagMetric = "memory_replicator_lag_seconds";
constexpr std::string_view kDlqMetric = "gateway_dlq_depth";
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
  if (document.run->target_rps > 0) {
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

Chart LagChart(const ResultsDocument& document) {
  Chart chart{"Replication lag (sampled)", "seconds", {}, {}, {}};
  chart.series = SampledAsChart(document, kLagMetric, {"#0891b2", "#be185d"});
  const double threshold =
      ThresholdIn(document, "ReplicationLag", "s").value_or(kDefaultLagThresholdSeconds);
  chart.thresholds.push_back({threshold, "threshold " + FormatSignificant(threshold) + " s"});
  chart.bands = ScheduleBands(document);
  return chart;
}

Chart DlqChart(const ResultsDocument& document) {
  Chart chart{"DLQ depth (sampled)", "messages", {}, {}, {}};
  chart.series = SampledAsChart(document, kDlqMetric, {"#7c3aed", "#059669"});
  chart.bands = ScheduleBands(document);
  if (const slo::Finding* finding = document.verdict.Find("DlqDepth");
      finding != nullptr && finding->threshold && *finding->threshold > 0) {
    chart.thresholds.push_back(
        {*finding->threshold, "bound " + FormatSignificant(*finding->threshold)});
  }
  return chart;
}

}  // namespace slogate::report
