#include "lag_rule.h"

#include <algorithm>

#include "judge.h"

namespace slogate::slo::internal {
namespace {

double Since(WallTime at, WallTime start) {
  return std::chrono::duration<double>(at - start).count();
}

std::string At(WallTime at, WallTime start) { return "+" + Num(Since(at, start), 2) + " s"; }

// Writes acknowledged in whole seconds lying inside [after, until]: a lower bound of the
// writes acknowledged in that span, so granularity never invents a stall.
uint64_t AcksWithin(const std::vector<AckSecond>& acks, WallTime after, WallTime until) {
  uint64_t total = 0;
  for (const AckSecond& second : acks) {
    if (second.begin >= after && second.begin + std::chrono::seconds(1) <= until) {
      total += second.acked;
    }
  }
  return total;
}

// A gap between samples longer than max_lag could hide a whole excursion.
std::optional<std::string> CoverageGap(const LagRuleInput& input) {
  WallTime previous = input.judge_from;
  bool any = false;
  for (const LagSample& sample : input.samples) {
    if (sample.at < input.judge_from) continue;
    if (sample.at - previous > input.max_lag) {
      return "no lag sample between " + At(previous, input.run_start) + " and " +
             At(sample.at, input.run_start) + " (a gap longer than the " +
             SecondsText(ToSeconds(input.max_lag)) + " bound could hide an excursion)";
    }
    previous = sample.at;
    any = true;
  }
  if (!any) {
    return "no lag sample after the warm-up (" + At(input.judge_from, input.run_start) + ")";
  }
  if (input.judge_until - previous > input.max_lag) {
    return "lag sampling stopped at " + At(previous, input.run_start) +
           ", before the end of sending at " + At(input.judge_until, input.run_start);
  }
  return std::nullopt;
}

const TimeSpan* AllowedSpan(const std::vector<TimeSpan>& allowed, WallTime at) {
  for (const TimeSpan& span : allowed) {
    if (at >= span.begin && at <= span.end) return &span;
  }
  return nullptr;
}

struct SpanState {
  bool breached = false;       // some sample inside was a breach
  bool last_breached = false;  // the latest sample inside was a breach
  std::string first_breach;
};

}  // namespace

LagRuleResult ApplyLagRule(const LagRuleInput& input) {
  LagRuleResult result;
  if (auto gap = CoverageGap(input)) {
    result.detail = *gap;
    return result;
  }
  const double bound = ToSeconds(input.max_lag);
  std::vector<SpanState> spans(input.allowed.size());
  WallTime last_progress = input.run_start;
  std::optional<double> previous_events;
  for (const LagSample& sample : input.samples) {
    if (previous_events && sample.events < *previous_events) {
      result.detail = "the replicator event counter went down from " + Num(*previous_events, 0) +
                      " to " + Num(sample.events, 0) + " at " + At(sample.at, input.run_start) +
                      " (counter reset mid-run)";
      return result;
    }
    const bool live = previous_events.has_value() && sample.events > *previous_events;
    previous_events = sample.events;
    if (live) last_progress = std::max(last_progress, sample.at);
    if (sample.at < input.judge_from) continue;
    ++result.judged_samples;
    if (!live) ++result.stale_samples;

    std::string breach;
    double value = 0;
    if (live && sample.lag_seconds) {
      result.max_live_lag = std::max(result.max_live_lag, *sample.lag_seconds);
      if (*sample.lag_seconds > bound) {
        value = *sample.lag_seconds;
        breach = "lag " + SecondsText(value) + " > " + SecondsText(bound) + " threshold at " +
                 At(sample.at, input.run_start);
      }
    } else if (!live) {
      const uint64_t pending = AcksWithin(input.acks, last_progress, sample.at - input.max_lag);
      if (pending > 0) {
        value = Since(sample.at, last_progress);
        breach = "replicator stalled: its event counter has not moved since " +
                 At(last_progress, input.run_start) + " although " + std::to_string(pending) +
                 " writes acknowledged after that are older than " + SecondsText(bound) + " at " +
                 At(sample.at, input.run_start) + " (the lag gauge is frozen" +
                 (sample.lag_seconds ? " at " + SecondsText(*sample.lag_seconds) : "") +
                 " and does not show it)";
      }
    }
    const TimeSpan* span = AllowedSpan(input.allowed, sample.at);
    if (span == nullptr) {
      if (!breach.empty()) {
        result.verdict = LagVerdict::kFail;
        result.worst = value;
        result.detail = breach + ", outside any burst window";
        return result;
      }
      continue;
    }
    SpanState& state = spans[static_cast<size_t>(span - input.allowed.data())];
    state.last_breached = !breach.empty();
    if (!breach.empty() && !state.breached) {
      state.breached = true;
      state.first_breach = breach;
      result.worst = std::max(result.worst, value);
    }
  }
  size_t recovered = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (!spans[i].breached) continue;
    if (spans[i].last_breached) {
      result.verdict = LagVerdict::kFail;
      result.detail = spans[i].first_breach + ", inside a burst window, and still over the bound " +
                      "at the last sample before its recovery window ended at " +
                      At(input.allowed[i].end, input.run_start);
      return result;
    }
    ++recovered;
  }
  result.verdict = LagVerdict::kPass;
  result.worst = 0;
  result.detail = "live lag at most " + SecondsText(result.max_live_lag) + " <= " +
                  SecondsText(bound) + " over " + std::to_string(result.judged_samples) +
                  " samples after the warm-up (" + std::to_string(result.stale_samples) +
                  " samples without a new event, no stall)";
  if (recovered > 0) {
    result.detail += "; " + std::to_string(recovered) +
                     " burst excursion(s) recovered within the recovery window";
  }
  return result;
}

}  // namespace slogate::slo::internal
