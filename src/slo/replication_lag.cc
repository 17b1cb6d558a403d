// ReplicationLag: glue between Observations and the lag rule (lag_rule.h).
#include <algorithm>
#include <map>
#include <string>

#include "counters.h"
#include "lag_rule.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

using internal::Judge;

struct Joined {
  std::optional<double> lag;
  std::optional<double> events;
  bool failed = false;
};

// Joins the lag and event-counter series on their sample times (one Sampler scrape gives
// both). A point whose scrape failed is dropped; an events point with no series yet counts 0.
std::vector<internal::LagSample> JoinSamples(const scrape::SampledSeries& lag,
                                             const scrape::SampledSeries& events,
                                             std::string& first_error, size_t& failed) {
  std::map<scrape::WallTime, Joined> by_time;
  for (const scrape::SamplePoint& point : lag.points) {
    Joined& joined = by_time[point.at];
    joined.lag = point.value;
    if (!point.error.empty()) {
      joined.failed = true;
      if (first_error.empty()) first_error = point.error;
    }
  }
  for (const scrape::SamplePoint& point : events.points) {
    Joined& joined = by_time[point.at];
    joined.events = point.value.value_or(0);
    if (!point.error.empty()) {
      joined.failed = true;
      if (first_error.empty()) first_error = point.error;
    }
  }
  std::vector<internal::LagSample> samples;
  for (const auto& [at, joined] : by_time) {
    if (joined.failed || !joined.events.has_value()) {
      ++failed;
      continue;
    }
    samples.push_back(internal::LagSample{at, joined.lag, *joined.events});
  }
  return samples;
}

bool AnyValue(const scrape::SampledSeries& series) {
  return std::any_of(series.points.begin(), series.points.end(),
                     [](const scrape::SamplePoint& point) { return point.value.has_value(); });
}

// Burst windows widened by the recovery window, merged where they touch.
std::vector<internal::TimeSpan> AllowedSpans(const load::RunResult& run,
                                             std::chrono::nanoseconds recovery) {
  std::vector<internal::TimeSpan> spans;
  for (const load::Interval& burst : run.burst_windows) {
    internal::TimeSpan span{run.started_at + burst.begin, run.started_at + burst.end + recovery};
    if (!spans.empty() && span.begin <= spans.back().end) {
      spans.back().end = std::max(spans.back().end, span.end);
    } else {
      spans.push_back(span);
    }
  }
  return spans;
}

// Acknowledged writes over time: from the sampled write-through attempts counter when the
// gateway exposes it (sample resolution, server side), else the client's whole seconds.
std::vector<internal::AckSpan> AckSpans(const Observations& observations) {
  std::vector<internal::AckSpan> acks;
  if (const scrape::SampledSeries* attempts = observations.FindSeries(kWriteThroughAttempts)) {
    const scrape::SamplePoint* previous = nullptr;
    for (const scrape::SamplePoint& point : attempts->points) {
      if (!point.value) continue;
      if (previous != nullptr && *point.value > *previous->value) {
        acks.push_back({previous->at, point.at,
                        static_cast<uint64_t>(*point.value - *previous->value)});
      }
      previous = &point;
    }
    if (!acks.empty()) return acks;
  }
  const load::RunResult& run = observations.run;
  for (const stats::WindowSummary& window : run.per_second) {
    const auto begin = run.started_at + std::chrono::seconds(window.second);
    acks.push_back({begin, begin + std::chrono::seconds(1),
                    window.count - std::min(window.errors, window.count)});
  }
  return acks;
}

// The run's side of the rule: acknowledgements, allowed spans and the judged time range.
internal::LagRuleInput RunInput(const Observations& observations,
                                const config::Thresholds& bounds) {
  const load::RunResult& run = observations.run;
  internal::LagRuleInput input;
  input.acks = AckSpans(observations);
  input.allowed = AllowedSpans(run, bounds.lag_recovery_window);
  input.run_start = run.started_at;
  input.judge_from = run.started_at + bounds.lag_warmup;
  const auto sending =
      run.sending_time > std::chrono::nanoseconds(0) ? run.sending_time : run.duration;
  input.judge_until = std::max(input.judge_from, run.started_at + sending);
  input.max_lag = bounds.max_lag;
  return input;
}

}  // namespace

Finding ReplicationLag(const Observations& observations, const SloSet& slos) {
  Judge judge("ReplicationLag", observations, slos);
  if (auto skipped = internal::SkipUnlessWritePath(judge)) return *skipped;
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  const config::Thresholds& bounds = slos.thresholds;
  judge.Threshold(internal::ToSeconds(bounds.max_lag));
  const scrape::SampledSeries* lag = observations.FindSeries(kReplicatorLag);
  const scrape::SampledSeries* events = observations.FindSeries(kReplicatorEvents);
  if (lag == nullptr || events == nullptr || lag->points.empty()) {
    return internal::MissingData(judge, "lag sampling (no sampled " + std::string(kReplicatorLag) +
                                            " / " + std::string(kReplicatorEvents) + " series)");
  }
  std::string first_error;
  size_t failed = 0;
  internal::LagRuleInput input = RunInput(observations, bounds);
  input.samples = JoinSamples(*lag, *events, first_error, failed);
  if (input.samples.empty() && failed > 0) {
    return judge.Inconclusive("metrics endpoint unreachable during sampling: " + first_error);
  }
  if (!AnyValue(*lag)) {
    return internal::MissingData(judge, "metric " + std::string(kReplicatorLag));
  }
  // Without the event counter a frozen gauge cannot be told from an idle one.
  if (!AnyValue(*events)) {
    return internal::MissingData(judge, "metric " + std::string(kReplicatorEvents) +
                                            " (needed to tell a stalled replicator from an "
                                            "idle one)");
  }
  const internal::LagRuleResult result = internal::ApplyLagRule(input);
  judge.Add("max_live_lag_s", result.max_live_lag, "s")
      .Add("judged_samples", static_cast<double>(result.judged_samples), "count")
      .Add("stale_samples", static_cast<double>(result.stale_samples), "count")
      .Add("failed_samples", static_cast<double>(failed), "count");
  switch (result.verdict) {
    case internal::LagVerdict::kPass:
      judge.Measured(result.max_live_lag, "s");
      return judge.Pass(result.detail);
    case internal::LagVerdict::kFail:
      judge.Measured(result.worst, "s");
      return judge.Fail(result.detail);
    case internal::LagVerdict::kInconclusive:
      break;
  }
  std::string detail = result.detail;
  if (failed > 0) detail += " (" + std::to_string(failed) + " samples failed: " + first_error + ")";
  return judge.Inconclusive(detail);
}

}  // namespace slogate::slo
