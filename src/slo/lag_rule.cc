#include "lag_rule.h"

#include <algorithm>
#include <optional>

#include "judge.h"

namespace slogate::slo::internal {

namespace {

// Burst windows widened by the recovery window, merged where they touch.
std::vector<TimeSpan> AllowedSpans(WallTime run_start, const std::vector<load::Interval>& bursts,
                                   std::chrono::nanoseconds recovery) {
  std::vector<TimeSpan> spans;
  for (const load::Interval& burst : bursts) {
    TimeSpan span{run_start + burst.begin, run_start + burst.end + recovery};
    if (!spans.empty() && span.begin <= spans.back().end) {
      spans.back().end = std::max(spans.back().end, span.end);
    } else {
      spans.push_back(span);
    }
  }
  return spans;
}

}  // namespace

LagRange JudgedLagRange(WallTime run_start, const std::vector<load::Interval>& bursts,
                        std::chrono::nanoseconds sending, const config::Thresholds& bounds) {
  LagRange range;
  range.allowed = AllowedSpans(run_start, bursts, bounds.lag_recovery_window);
  range.run_start = run_start;
  range.judge_from = run_start + bounds.lag_warmup;
  range.judge_until = std::max(range.judge_from, run_start + sending);
  range.max_lag = bounds.max_lag;
  return range;
}

const TimeSpan* AllowedSpan(const std::vector<TimeSpan>& allowed, WallTime at) {
  for (const TimeSpan& span : allowed) {
    if (at >= span.begin && at <= span.end) return &span;
  }
  return nullptr;
}

namespace {

struct SpanState {
  bool breached = false;       // some point inside was a breach
  bool last_breached = false;  // the latest point inside was a breach
  std::string first_breach;
  double worst = 0;
};

// Walks the points once, in time order, keeping the state of each allowed span.
class Walk {
 public:
  Walk(const std::vector<LagPoint>& points, const LagRange& range)
      : points_(points), range_(range), spans_(range.allowed.size()) {}

  WalkResult Run() {
    for (const LagPoint& point : points_) {
      if (!Step(point)) return result_;
    }
    SettleSpansBefore(std::nullopt);
    return result_;
  }

 private:
  // Returns false when the walk has failed.
  bool Step(const LagPoint& point) {
    if (!SettleSpansBefore(point.at)) return false;
    const TimeSpan* span = AllowedSpan(range_.allowed, point.at);
    if (span == nullptr) {
      if (point.breach.empty()) return true;
      return Fail(point.breach + ", outside any burst window", point.value);
    }
    SpanState& state = spans_[static_cast<size_t>(span - range_.allowed.data())];
    state.last_breached = !point.breach.empty();
    if (state.last_breached && !state.breached) {
      state.breached = true;
      state.first_breach = point.breach;
    }
    if (state.last_breached) state.worst = std::max(state.worst, point.value);
    return true;
  }

  // Spans that ended before `now` (all of them when nullopt) are settled by their last point.
  bool SettleSpansBefore(std::optional<WallTime> now) {
    for (; settled_ < spans_.size(); ++settled_) {
      const TimeSpan& span = range_.allowed[settled_];
      if (now && span.end >= *now) break;
      const SpanState& state = spans_[settled_];
      if (state.last_breached) {
        return Fail(state.first_breach +
                        ", inside a burst window, and still over the bound at the last "
                        "sample before its recovery window ended at " +
                        At(span.end, range_.run_start),
                    state.worst);
      }
      if (state.breached) ++result_.recovered;
    }
    return true;
  }

  bool Fail(std::string detail, double value) {
    result_.failed = true;
    result_.detail = std::move(detail);
    result_.worst = value;
    return false;
  }

  const std::vector<LagPoint>& points_;
  const LagRange& range_;
  WalkResult result_;
  std::vector<SpanState> spans_;
  size_t settled_ = 0;
};

}  // namespace

WalkResult WalkLagPoints(const std::vector<LagPoint>& points, const LagRange& range) {
  return Walk(points, range).Run();
}

EvidenceVerdict WalkVerdict(const WalkResult& walk) {
  EvidenceVerdict verdict;
  verdict.verdict = walk.failed ? LagVerdict::kFail : LagVerdict::kPass;
  verdict.detail = walk.detail;
  verdict.worst = walk.worst;
  verdict.recovered = walk.recovered;
  return verdict;
}

double SecondsBetween(WallTime from, WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string At(WallTime at, WallTime run_start) {
  return "+" + Num(SecondsBetween(run_start, at), 2) + " s";
}

}  // namespace slogate::slo::internal
