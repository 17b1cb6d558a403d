// ReplicationLag from the target's own gauge, memory_replicator_lag_seconds (sampled as the
// maximum over replicators). The gauge is only set when a replicator applies an event, so a
// value is *live* only when the events counter moved since the previous sample; per
// replicator when the lag and events sources line up by name, else for the sum of events.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "counters.h"
#include "judge.h"
#include "lag_evidence.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo::internal {
namespace {

struct GaugeSample {
  WallTime at;
  std::optional<double> lag;  // the gauge over every replicator (max)
  double events = 0;          // events over every replicator (sum)
  const scrape::SamplePoint* lag_point = nullptr;
  const scrape::SamplePoint* events_point = nullptr;
};

// Joins the lag and events series on their sample times (one scrape gives both). A point
// whose scrape failed is dropped; an events point with no series yet counts 0.
std::vector<GaugeSample> Join(const scrape::SampledSeries& lag, const scrape::SampledSeries& events,
                              GaugeEvidence& evidence) {
  std::map<WallTime, GaugeSample> by_time;
  std::map<WallTime, bool> failed;
  const auto note_error = [&](const scrape::SamplePoint& point) {
    if (point.error.empty()) return;
    failed[point.at] = true;
    if (evidence.first_error.empty()) evidence.first_error = point.error;
  };
  for (const scrape::SamplePoint& point : lag.points) {
    by_time[point.at].lag = point.value;
    by_time[point.at].lag_point = &point;
    note_error(point);
  }
  for (const scrape::SamplePoint& point : events.points) {
    by_time[point.at].events = point.value.value_or(0);
    by_time[point.at].events_point = &point;
    note_error(point);
  }
  std::vector<GaugeSample> samples;
  for (auto& [at, sample] : by_time) {
    if (failed.count(at) > 0 || sample.events_point == nullptr) {
      ++evidence.failed;
      continue;
    }
    sample.at = at;
    samples.push_back(sample);
  }
  return samples;
}

// For each lag source, the events source of the same name; empty unless every lag source has
// one (then liveness is judged per replicator).
std::vector<size_t> LineUp(const scrape::SampledSeries& lag, const scrape::SampledSeries& events) {
  std::vector<size_t> matched;
  if (lag.sources.empty() || lag.sources_truncated || events.sources_truncated) return matched;
  for (const std::string& name : lag.sources) {
    const auto found = std::find(events.sources.begin(), events.sources.end(), name);
    if (found == events.sources.end()) return {};
    matched.push_back(static_cast<size_t>(found - events.sources.begin()));
  }
  return matched;
}

double SourceValue(const scrape::SamplePoint* point, size_t index) {
  if (point == nullptr || index >= point->by_source.size()) return NAN;
  return point->by_source[index];
}

// The live lag of `sample` (the previous one for comparison), or nullopt when not live.
std::optional<double> LiveLag(const GaugeSample& sample, const GaugeSample& previous,
                              const std::vector<size_t>& line_up) {
  if (line_up.empty()) {
    if (sample.events > previous.events) return sample.lag.value_or(0);
    return std::nullopt;
  }
  std::optional<double> live;
  for (size_t s = 0; s < line_up.size(); ++s) {
    const double now = SourceValue(sample.events_point, line_up[s]);
    const double before = SourceValue(previous.events_point, line_up[s]);
    const double lag = SourceValue(sample.lag_point, s);
    if (std::isnan(now) || std::isnan(lag) || !(now > (std::isnan(before) ? 0 : before))) continue;
    live = std::max(live.value_or(0), lag);
  }
  return live;
}

// A gap between samples longer than max_lag could hide a whole excursion.
std::optional<std::string> CoverageGap(const std::vector<GaugeSample>& samples,
                                       const LagRange& range) {
  WallTime previous = range.judge_from;
  bool any = false;
  for (const GaugeSample& sample : samples) {
    if (sample.at < range.judge_from) continue;
    if (sample.at - previous > range.max_lag) {
      return "no lag sample between " + At(previous, range.run_start) + " and " +
             At(sample.at, range.run_start) + " (a gap longer than the " +
             SecondsText(ToSeconds(range.max_lag)) + " bound could hide an excursion)";
    }
    previous = sample.at;
    any = true;
  }
  if (!any)
    return "no lag sample after the warm-up (" + At(range.judge_from, range.run_start) + ")";
  if (range.judge_until - previous > range.max_lag) {
    return "lag sampling stopped at " + At(previous, range.run_start) +
           ", before the end of sending at " + At(range.judge_until, range.run_start);
  }
  return std::nullopt;
}

// The live samples as lag points (stale ones are within the bound: an idle replicator).
std::optional<std::string> Points(const std::vector<GaugeSample>& samples,
                                  const std::vector<size_t>& line_up, const LagRange& range,
                                  GaugeEvidence& evidence, std::vector<LagPoint>& points) {
  const double bound = ToSeconds(range.max_lag);
  for (size_t k = 1; k < samples.size(); ++k) {
    const GaugeSample& sample = samples[k];
    if (sample.events < samples[k - 1].events) {
      return "the replicator event counter went down from " + Num(samples[k - 1].events, 0) +
             " to " + Num(sample.events, 0) + " at " + At(sample.at, range.run_start) +
             " (counter reset mid-run)";
    }
    if (sample.at < range.judge_from) continue;
    ++evidence.judged;
    const std::optional<double> live = LiveLag(sample, samples[k - 1], line_up);
    if (!live) {
      ++evidence.stale;
      points.push_back({sample.at, "", 0});
      continue;
    }
    evidence.max_live_lag = std::max(evidence.max_live_lag, *live);
    std::string breach;
    if (*live > bound) {
      breach = "lag " + SecondsText(*live) + " > " + SecondsText(bound) + " threshold at " +
               At(sample.at, range.run_start);
    }
    points.push_back({sample.at, breach, *live});
  }
  return std::nullopt;
}

bool AnyValue(const scrape::SampledSeries& series) {
  return std::any_of(series.points.begin(), series.points.end(),
                     [](const scrape::SamplePoint& point) { return point.value.has_value(); });
}

}  // namespace

GaugeEvidence JudgeGauge(const Observations& observations, const LagRange& range) {
  GaugeEvidence evidence;
  for (std::string_view metric : {kReplicatorLag, kReplicatorEvents}) {
    if (auto problem = PrometheusProblemText(observations, metric)) {
      evidence.untrusted = *problem;
      return evidence;
    }
  }
  if (auto coarse = PrometheusTooCoarseFor(observations, range.max_lag)) {
    evidence.untrusted = *coarse;
    return evidence;
  }
  const scrape::SampledSeries* lag = observations.FindSeries(kReplicatorLag);
  const scrape::SampledSeries* events = observations.FindSeries(kReplicatorEvents);
  if (lag == nullptr || events == nullptr || lag->points.empty()) {
    evidence.missing = "lag sampling (no sampled " + std::string(kReplicatorLag) + " / " +
                       std::string(kReplicatorEvents) + " series)";
    return evidence;
  }
  const std::vector<GaugeSample> samples = Join(*lag, *events, evidence);
  if (samples.empty() && evidence.failed > 0) {
    evidence.unreachable = evidence.first_error;
    return evidence;
  }
  evidence.exposed = AnyValue(*lag);
  if (!evidence.exposed) {
    evidence.missing = "metric " + std::string(kReplicatorLag);
    return evidence;
  }
  // Without the event counter a frozen gauge cannot be told from an idle one.
  if (!AnyValue(*events)) {
    evidence.missing = "metric " + std::string(kReplicatorEvents) +
                       " (needed to tell a stalled replicator from an idle one)";
    return evidence;
  }
  const std::vector<size_t> line_up = LineUp(*lag, *events);
  evidence.per_source = !line_up.empty();
  std::vector<LagPoint> points;
  if (auto reset = Points(samples, line_up, range, evidence, points)) {
    evidence.verdict.detail = *reset;
    return evidence;
  }
  if (auto gap = CoverageGap(samples, range)) {
    evidence.verdict.detail = *gap;
    return evidence;
  }
  evidence.verdict = WalkVerdict(WalkLagPoints(points, range));
  return evidence;
}

}  // namespace slogate::slo::internal
