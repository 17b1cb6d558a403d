#include "lag_rule.h"

#include <algorithm>

#include "judge.h"

namespace slogate::slo::internal {
namespace {

double Since(WallTime at, WallTime start) {
  return std::chrono::duration<double>(at - start).count();
}

std::string At(WallTime at, WallTime start) { return "+" + Num(Since(at, start), 2) + " s"; }

// Writes acknowledged in spans lying wholly inside [after, until]: a lower bound of the writes
// acknowledged in that interval, so granularity never invents a stall.
uint64_t AcksWithin(const std::vector<AckSpan>& acks, WallTime after, WallTime until) {
  uint64_t total = 0;
  for (const AckSpan& span : acks) {
    if (span.begin >= after && span.end <= until) total += span.acked;
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
  double worst = 0;
};

struct Breach {
  std::string detail;  // empty: the sample is within the bound
  double value = 0;    // the live lag, or how long the replicator has not moved (seconds)
};

// A live sample breaches when its gauge is over the bound; a stale one when writes
// acknowledged after the replicator last moved are older than the bound.
Breach Classify(const LagRuleInput& input, const LagSample& sample, bool live,
                WallTime last_progress, LagRuleResult& result) {
  const double bound = ToSeconds(input.max_lag);
  Breach breach;
  if (live) {
    if (!sample.lag_seconds) return breach;
    result.max_live_lag = std::max(result.max_live_lag, *sample.lag_seconds);
    if (*sample.lag_seconds > bound) {
      breach.value = *sample.lag_seconds;
      breach.detail = "lag " + SecondsText(breach.value) + " > " + SecondsText(bound) +
                      " threshold at " + At(sample.at, input.run_start);
    }
    return breach;
  }
  const uint64_t pending = AcksWithin(input.acks, last_progress, sample.at - input.max_lag);
  if (pending == 0) return breach;
  breach.value = Since(sample.at, last_progress);
  breach.detail = "replicator stalled: its event counter has not moved since " +
                  At(last_progress, input.run_start) + " although " + std::to_string(pending) +
                  " writes acknowledged after that are older than " + SecondsText(bound) + " at " +
                  At(sample.at, input.run_start) + " (the lag gauge is frozen" +
                  (sample.lag_seconds ? " at " + SecondsText(*sample.lag_seconds) : "") +
                  " and does not show it)";
  return breach;
}

// The FAIL detail for an excursion that was still a breach at the last sample of its span.
std::string Unrecovered(const SpanState& state, const TimeSpan& span, WallTime run_start) {
  return state.first_breach + ", inside a burst window, and still over the bound at the last " +
         "sample before its recovery window ended at " + At(span.end, run_start);
}

// Walks the samples once, in time order, keeping the replicator's last progress and the state
// of each allowed span.
class LagWalk {
 public:
  explicit LagWalk(const LagRuleInput& input)
      : input_(input), spans_(input.allowed.size()), last_progress_(input.run_start) {}

  LagRuleResult Run() {
    for (const LagSample& sample : input_.samples) {
      if (!Step(sample)) return result_;
    }
    if (!SettleSpansBefore(std::nullopt)) return result_;
    result_.verdict = LagVerdict::kPass;
    result_.detail = "live lag at most " + SecondsText(result_.max_live_lag) +
                     " <= " + SecondsText(ToSeconds(input_.max_lag)) + " over " +
                     std::to_string(result_.judged_samples) + " samples after the warm-up (" +
                     std::to_string(result_.stale_samples) +
                     " samples without a new event, no stall)";
    if (recovered_ > 0) {
      result_.detail += "; " + std::to_string(recovered_) +
                        " burst excursion(s) recovered within the recovery window";
    }
    return result_;
  }

 private:
  // Returns false when the walk has reached a verdict.
  bool Step(const LagSample& sample) {
    if (previous_events_ && sample.events < *previous_events_) {
      result_.detail = "the replicator event counter went down from " + Num(*previous_events_, 0) +
                       " to " + Num(sample.events, 0) + " at " + At(sample.at, input_.run_start) +
                       " (counter reset mid-run)";
      return false;
    }
    const bool live = previous_events_.has_value() && sample.events > *previous_events_;
    previous_events_ = sample.events;
    if (live) last_progress_ = std::max(last_progress_, sample.at);
    if (sample.at < input_.judge_from) return true;
    if (!SettleSpansBefore(sample.at)) return false;
    ++result_.judged_samples;
    if (!live) ++result_.stale_samples;
    const Breach breach = Classify(input_, sample, live, last_progress_, result_);
    const TimeSpan* span = AllowedSpan(input_.allowed, sample.at);
    if (span == nullptr) {
      if (breach.detail.empty()) return true;
      return Fail(breach.detail + ", outside any burst window", breach.value);
    }
    SpanState& state = spans_[static_cast<size_t>(span - input_.allowed.data())];
    state.last_breached = !breach.detail.empty();
    if (state.last_breached && !state.breached) {
      state.breached = true;
      state.first_breach = breach.detail;
    }
    state.worst = std::max(state.worst, breach.value);
    return true;
  }

  // Spans that ended before `now` (all of them when nullopt) are settled by their last sample.
  bool SettleSpansBefore(std::optional<WallTime> now) {
    for (; settled_ < spans_.size(); ++settled_) {
      if (now && input_.allowed[settled_].end >= *now) break;
      const SpanState& state = spans_[settled_];
      if (state.last_breached) {
        return Fail(Unrecovered(state, input_.allowed[settled_], input_.run_start), state.worst);
      }
      if (state.breached) ++recovered_;
    }
    return true;
  }

  bool Fail(std::string detail, double value) {
    result_.verdict = LagVerdict::kFail;
    result_.detail = std::move(detail);
    result_.worst = value;
    return false;
  }

  const LagRuleInput& input_;
  LagRuleResult result_;
  std::vector<SpanState> spans_;
  size_t settled_ = 0;
  size_t recovered_ = 0;
  WallTime last_progress_;
  std::optional<double> previous_events_;
};

}  // namespace

LagRuleResult ApplyLagRule(const LagRuleInput& input) {
  if (auto gap = CoverageGap(input)) {
    LagRuleResult result;
    result.detail = *gap;
    return result;
  }
  return LagWalk(input).Run();
}

}  // namespace slogate::slo::internal
