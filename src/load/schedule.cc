#include "slogate/load/schedule.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "slogate/common/units.h"

namespace slogate::load {
namespace {

using SecondsF = std::chrono::duration<double>;

// Rate integrals are sums of products of doubles: 0.1 rps * 30 s is 3.0000000000000004, which
// must still mean 3 arrivals, not 4.
constexpr double kArrivalEpsilon = 1e-9;

double ToSeconds(std::chrono::nanoseconds value) { return SecondsF(value).count(); }

std::chrono::nanoseconds ToNanoseconds(double seconds) {
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(seconds * 1e9)));
}

bool ValidRate(double rate) { return std::isfinite(rate) && rate >= 0; }

Status CheckRate(double rate, std::string_view what) {
  if (ValidRate(rate)) return Status::Ok();
  return MakeError("bad_rate", std::string(what) + " must be a finite rate >= 0, got " +
                                   units::FormatNumber(rate));
}

}  // namespace

std::string_view ScheduleKindName(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::kConstant:
      return "constant";
    case ScheduleKind::kRamp:
      return "ramp";
    case ScheduleKind::kBurst:
      return "burst";
    case ScheduleKind::kPoisson:
      return "poisson";
  }
  return "constant";
}

Result<ScheduleKind> ParseScheduleKind(std::string_view text) {
  for (ScheduleKind kind : {ScheduleKind::kConstant, ScheduleKind::kRamp, ScheduleKind::kBurst,
                            ScheduleKind::kPoisson}) {
    if (text == ScheduleKindName(kind)) return kind;
  }
  return MakeError("bad_schedule", "unknown schedule \"" + std::string(text) +
                                       "\" (expected constant, ramp, burst or poisson)");
}

Result<Schedule> Schedule::Create(const ScheduleSpec& spec) {
  if (spec.duration <= std::chrono::nanoseconds::zero()) {
    return MakeError("bad_duration", "the run's duration must be > 0");
  }
  if (Status status = CheckRate(spec.rps, "the rate"); !status) return status.error();
  Schedule schedule(spec);
  const double duration = ToSeconds(spec.duration);
  switch (spec.kind) {
    case ScheduleKind::kConstant:
    case ScheduleKind::kPoisson:
      schedule.AddSegment(0, duration, spec.rps, spec.rps);
      break;
    case ScheduleKind::kRamp:
      if (Status status = CheckRate(spec.ramp_from_rps, "the ramp's start rate"); !status) {
        return status.error();
      }
      schedule.AddSegment(0, duration, spec.ramp_from_rps, spec.rps);
      break;
    case ScheduleKind::kBurst: {
      const BurstSpec& burst = spec.burst;
      if (Status status = CheckRate(burst.rps, "the burst rate"); !status) return status.error();
      if (burst.length <= std::chrono::nanoseconds::zero()) {
        return MakeError("bad_burst", "the burst length must be > 0");
      }
      if (burst.start < std::chrono::nanoseconds::zero() || burst.start >= spec.duration) {
        return MakeError("bad_burst", "the burst must start inside the run (0 <= start < " +
                                          units::FormatDuration(SecondsF(duration)) + ")");
      }
      if (burst.every != std::chrono::nanoseconds::zero() && burst.every < burst.length) {
        return MakeError("bad_burst", "the burst period must be 0 (one burst) or >= its length");
      }
      schedule.BuildBurst();
      break;
    }
  }
  if (schedule.total_arrivals_ <= kArrivalEpsilon) {
    return MakeError("no_arrivals", "the schedule sends no request at all (rate 0?)");
  }
  return schedule;
}

void Schedule::AddSegment(double begin, double end, double begin_rate, double end_rate) {
  if (end <= begin) return;
  segments_.push_back(Segment{begin, end, begin_rate, end_rate, total_arrivals_});
  total_arrivals_ += (begin_rate + end_rate) / 2 * (end - begin);
}

void Schedule::BuildBurst() {
  const double duration = ToSeconds(spec_.duration);
  const double start = ToSeconds(spec_.burst.start);
  const double length = ToSeconds(spec_.burst.length);
  const double every = ToSeconds(spec_.burst.every);
  double cursor = 0;
  for (double window = start; window < duration; window += every) {
    const double window_end = std::min(window + length, duration);
    AddSegment(cursor, window, spec_.rps, spec_.rps);
    AddSegment(window, window_end, spec_.burst.rps, spec_.burst.rps);
    burst_windows_.push_back(Interval{ToNanoseconds(window), ToNanoseconds(window_end)});
    cursor = window_end;
    if (every <= 0) break;
  }
  AddSegment(cursor, duration, spec_.rps, spec_.rps);
}

double Schedule::MeanRate() const { return total_arrivals_ / ToSeconds(spec_.duration); }

double Schedule::PeakRate() const {
  double peak = 0;
  for (const Segment& segment : segments_) {
    peak = std::max({peak, segment.begin_rate, segment.end_rate});
  }
  return peak;
}

std::vector<RateSegment> Schedule::RatePlan() const {
  std::vector<RateSegment> plan;
  if (segments_.size() > kMaxRateSegments) return plan;
  for (const Segment& segment : segments_) {
    // Windows placed by adding periods up in floating point can leave a sliver of 1e-16 s at
    // the end; in whole nanoseconds it has no length, and a piece without one is no piece.
    const std::chrono::nanoseconds begin = plan.empty() ? std::chrono::nanoseconds(0) : plan.back().end;
    const std::chrono::nanoseconds end = ToNanoseconds(segment.end);
    if (end <= begin) continue;
    plan.push_back(RateSegment{begin, end, segment.begin_rate, segment.end_rate});
  }
  return plan;
}

ArrivalCursor Schedule::Cursor(uint64_t first, uint64_t stride) const {
  return ArrivalCursor(*this, first, std::max<uint64_t>(stride, 1));
}

ArrivalCursor::ArrivalCursor(const Schedule& schedule, uint64_t first, uint64_t stride)
    : schedule_(&schedule), index_(first), stride_(stride), random_(schedule.spec().seed) {
  if (schedule.spec().kind == ScheduleKind::kPoisson) {
    DrawPoisson(first + 1);
  } else {
    Locate();
  }
}

void ArrivalCursor::Advance() {
  if (done_) return;
  index_ += stride_;
  if (schedule_->spec().kind == ScheduleKind::kPoisson) {
    DrawPoisson(stride_);
  } else {
    Locate();
  }
}

uint64_t ArrivalCursor::SkipRest() {
  if (done_) return 0;
  if (schedule_->spec().kind != ScheduleKind::kPoisson) {
    // Arrival i exists while i < the rate integral, so the rest can be counted directly.
    const auto count =
        static_cast<uint64_t>(std::ceil(schedule_->total_arrivals_ - kArrivalEpsilon));
    done_ = true;
    return index_ < count ? (count - index_ + stride_ - 1) / stride_ : 0;
  }
  uint64_t skipped = 0;
  while (!done_) {
    ++skipped;
    Advance();
  }
  return skipped;
}

// Finds the time at which the rate integral reaches index_. Indexes only grow, so the segment
// search resumes where it stopped.
void ArrivalCursor::Locate() {
  const auto& segments = schedule_->segments_;
  const double target = static_cast<double>(index_);
  if (target >= schedule_->total_arrivals_ - kArrivalEpsilon) {
    done_ = true;
    return;
  }
  while (segment_ + 1 < segments.size() &&
         segments[segment_ + 1].arrivals_before <= target + kArrivalEpsilon) {
    ++segment_;
  }
  const Schedule::Segment& segment = segments[segment_];
  // Solve a*t^2 + b*t = x for t >= 0 inside the segment, with a = slope / 2 and b = the rate
  // at its start; 2x / (b + sqrt(b^2 + 4ax)) avoids cancellation and also covers a == 0.
  const double x = std::max(0.0, target - segment.arrivals_before);
  const double b = segment.begin_rate;
  const double a = (segment.end_rate - segment.begin_rate) / (segment.end - segment.begin) / 2;
  const double root = std::sqrt(std::max(0.0, b * b + 4 * a * x));
  const double offset = x == 0 ? 0 : 2 * x / (b + root);
  intended_ = ToNanoseconds(std::min(segment.begin + offset, segment.end));
}

// Draws `gaps` exponential inter-arrival gaps; the last one is this cursor's next arrival.
void ArrivalCursor::DrawPoisson(uint64_t gaps) {
  const double rate = schedule_->spec().rps;
  const double duration = ToSeconds(schedule_->spec().duration);
  for (uint64_t i = 0; i < gaps; ++i) {
    // 53 random bits -> u in [0, 1); -log(1 - u) is exponential with mean 1.
    const double u = static_cast<double>(random_() >> 11) * 0x1.0p-53;
    poisson_seconds_ += -std::log1p(-u) / rate;
  }
  if (poisson_seconds_ >= duration) {
    done_ = true;
    return;
  }
  intended_ = ToNanoseconds(poisson_seconds_);
}

}  // namespace slogate::load
