// Schedule: when each request of an open-loop run is meant to be sent.
//
// The intended send time of arrival i depends on the schedule alone — never on when earlier
// requests finished — so a slow target cannot slow the load down (no coordinated omission).
// Constant, ramping and burst schedules are piecewise-linear rates: arrival i is sent when the
// cumulative rate integral reaches i (arrival 0 at t = 0). Poisson arrivals draw exponential
// gaps from a seeded generator, so the same seed gives the same times on every run.
//
// Immutable after Create, thread-safe; each sending thread walks its own ArrivalCursor.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/load/run_result.h"

namespace slogate::load {

enum class ScheduleKind { kConstant, kRamp, kBurst, kPoisson };

// "constant", "ramp", "burst", "poisson".
std::string_view ScheduleKindName(ScheduleKind kind);
// Inverse of ScheduleKindName; the error names the text and the accepted names.
Result<ScheduleKind> ParseScheduleKind(std::string_view text);

// High-rate windows inside the baseline rate of a burst schedule.
struct BurstSpec {
  double rps = 0;                      // rate inside a window
  std::chrono::nanoseconds start{0};   // first window's start
  std::chrono::nanoseconds length{0};  // each window's length
  std::chrono::nanoseconds every{0};   // window period; 0 = one window only
};

// Defaults are the upstream harness's: 5 requests per second for 30 s.
struct ScheduleSpec {
  ScheduleKind kind = ScheduleKind::kConstant;
  std::chrono::nanoseconds duration = std::chrono::seconds(30);
  double rps = 5;            // constant/poisson: the rate; ramp: final rate; burst: baseline
  double ramp_from_rps = 0;  // ramp: rate at t = 0, linear to `rps` at `duration`
  BurstSpec burst;
  uint64_t seed = 1;  // poisson
};

class ArrivalCursor;

class Schedule {
 public:
  // Validates the spec: duration > 0, finite non-negative rates, some arrival at all, burst
  // windows of positive length starting inside the run, `every` >= `length`.
  static Result<Schedule> Create(const ScheduleSpec& spec);

  const ScheduleSpec& spec() const { return spec_; }
  // Arrivals per second averaged over the duration (the rate integral / duration).
  double MeanRate() const;
  // The rate integral over the duration: the number of arrivals a piecewise-linear schedule
  // sends (within one), the expected number for a Poisson one (its count varies by about the
  // square root of this).
  double ExpectedArrivals() const { return total_arrivals_; }
  // Highest instantaneous rate anywhere in the schedule (sizes the sending threads).
  double PeakRate() const;
  // High-rate windows of a burst schedule, clipped to the duration; empty otherwise.
  const std::vector<Interval>& burst_windows() const { return burst_windows_; }
  // The rate over the duration as RunResult::rate_plan keeps it: empty past kMaxRateSegments.
  std::vector<RateSegment> RatePlan() const;

  // Walks arrivals first, first + stride, first + 2 * stride, ... (one thread's share).
  ArrivalCursor Cursor(uint64_t first, uint64_t stride) const;

 private:
  friend class ArrivalCursor;
  // Rate grows linearly from begin_rate to end_rate over [begin, end) (seconds).
  struct Segment {
    double begin = 0;
    double end = 0;
    double begin_rate = 0;
    double end_rate = 0;
    double arrivals_before = 0;  // rate integral over [0, begin)
  };

  explicit Schedule(ScheduleSpec spec) : spec_(spec) {}
  void AddSegment(double begin, double end, double begin_rate, double end_rate);
  void BuildBurst();

  ScheduleSpec spec_;
  std::vector<Segment> segments_;
  double total_arrivals_ = 0;  // rate integral over the whole duration
  std::vector<Interval> burst_windows_;
};

// One thread's walk through a schedule. Cheap to copy; advancing never allocates.
class ArrivalCursor {
 public:
  bool done() const { return done_; }
  // Preconditions: !done().
  uint64_t index() const { return index_; }
  std::chrono::nanoseconds intended() const { return intended_; }
  // Moves to this cursor's next arrival (stride further), or to done().
  void Advance();
  // Advances to the end; returns how many arrivals (including the current one) were skipped.
  uint64_t SkipRest();

 private:
  friend class Schedule;
  explicit ArrivalCursor(const Schedule& schedule, uint64_t first, uint64_t stride);
  void Locate();
  void DrawPoisson(uint64_t gaps);

  const Schedule* schedule_;
  uint64_t index_;
  uint64_t stride_;
  std::chrono::nanoseconds intended_{0};
  bool done_ = false;
  size_t segment_ = 0;
  std::mt19937_64 random_;
  double poisson_seconds_ = 0;
};

}  // namespace slogate::load
