#include "slogate/suite/load_plan.h"

#include <cmath>
#include <string_view>

#include "slogate/config/request_template.h"
#include "slogate/load/schedule.h"

namespace slogate::suite {
namespace {

// The engine's burst schedule is one rate inside windows of one length repeating with a fixed
// period. config checked that the profile's windows have that shape when it loaded the profile
// (and again after DURATION rescaled it), so the first two windows say everything.
Result<load::BurstSpec> BurstFromWindows(const config::LoadProfile& profile) {
  const auto& windows = profile.bursts;
  if (windows.empty()) {
    return MakeError("bad_profile", "profile \"" + profile.name +
                                        "\" has schedule burst but no burst windows");
  }
  load::BurstSpec spec;
  spec.rps = windows.front().rps;
  spec.start = windows.front().start;
  spec.length = windows.front().length;
  if (windows.size() > 1) spec.every = windows[1].start - windows[0].start;
  return spec;
}

Result<load::ScheduleSpec> ScheduleFor(const config::LoadProfile& profile) {
  load::ScheduleSpec spec;
  spec.duration = profile.duration;
  spec.rps = profile.rps;
  switch (profile.schedule) {
    case config::ScheduleKind::kConstant:
      spec.kind = load::ScheduleKind::kConstant;
      break;
    case config::ScheduleKind::kPoisson:
      spec.kind = load::ScheduleKind::kPoisson;
      break;
    case config::ScheduleKind::kRamp:
      spec.kind = load::ScheduleKind::kRamp;
      spec.ramp_from_rps = profile.start_rps;
      break;
    case config::ScheduleKind::kBurst: {
      spec.kind = load::ScheduleKind::kBurst;
      auto burst = BurstFromWindows(profile);
      if (!burst) return burst.error();
      spec.burst = *burst;
      break;
    }
  }
  return spec;
}

}  // namespace

Result<load::LoadOptions> MakeLoadOptions(const config::Config& config,
                                          const config::LoadProfile& profile,
                                          const config::Endpoint& endpoint,
                                          const std::string& target_url) {
  auto schedule = ScheduleFor(profile);
  if (!schedule) return schedule.error();

  load::LoadOptions options;
  options.target_url = target_url;
  options.schedule = *schedule;
  options.concurrency = profile.concurrency;
  options.ok_statuses = std::set<int>(endpoint.ok_statuses.begin(), endpoint.ok_statuses.end());
  options.capture_event_ids = endpoint.write_path;
  // Slow OK answers counted against the latency SLO's threshold, live (fail-fast) and per
  // second (the latency bound's correlation, windowed SLOs).
  options.latency_mark = config.thresholds.latency_p95;

  load::RequestTemplate& request = options.request;
  request.method = endpoint.method;
  request.path = config::RenderPath(endpoint, config.target);
  request.body = config::RenderBody(endpoint, config.target);
  request.message = config.target.message;
  request.persona_id = config.target.persona_id;
  request.tenant = config.target.tenant;
  request.jwt = config.target.jwt;

  if (Status valid = options.Validate(); !valid.ok()) {
    return MakeError(valid.error().code, "profile \"" + profile.name + "\", endpoint \"" +
                                             endpoint.name + "\": " + valid.error().message);
  }
  return options;
}

std::optional<std::string> CapTooSmallWarning(const std::string& profile_name,
                                              const load::LoadOptions& options,
                                              std::chrono::nanoseconds latency_threshold) {
  auto schedule = load::Schedule::Create(options.schedule);
  if (!schedule) return std::nullopt;  // RunLoad reports the bad schedule itself
  const double seconds = std::chrono::duration<double>(latency_threshold).count();
  const double needed = std::ceil(schedule->PeakRate() * seconds);
  if (options.concurrency >= needed) return std::nullopt;
  const auto whole = [](double value) { return std::to_string(std::llround(value)); };
  return "profile \"" + profile_name + "\": concurrency " + std::to_string(options.concurrency) +
         " may be too small: at its peak of " + whole(schedule->PeakRate()) +
         " req/s, answers within the " + whole(seconds * 1000) + " ms latency threshold may need "
         "up to " + whole(needed) + " requests in flight; if the cap fills, ErrorRate and "
         "LatencyP95 cannot judge the target";
}

uint64_t PlannedRequests(const load::Schedule& schedule) {
  double expected = schedule.ExpectedArrivals();
  if (schedule.spec().kind == load::ScheduleKind::kPoisson) expected -= 2 * std::sqrt(expected);
  return expected <= 0 ? 0 : static_cast<uint64_t>(std::floor(expected));
}

uint64_t PlannedArrivalsAtMost(const load::LoadOptions& options) {
  auto schedule = load::Schedule::Create(options.schedule);
  if (!schedule) return 0;  // nothing is certain without a count
  const double mean = schedule->ExpectedArrivals();
  double most = mean + 1;
  if (options.schedule.kind == load::ScheduleKind::kPoisson) {
    // A Poisson count has variance equal to its mean: five standard deviations above it are
    // exceeded with a probability under 1e-6. A count too high only makes the rules abort
    // later, never on a breach that is not there.
    most += 5 * std::sqrt(mean);
  }
  return static_cast<uint64_t>(std::ceil(most));
}

Result<slo::ProofPlan> PlanProfile(const config::Config& config,
                                   const config::LoadProfile& profile) {
  auto spec = ScheduleFor(profile);
  if (!spec) return spec.error();
  auto schedule = load::Schedule::Create(*spec);
  if (!schedule) {
    return MakeError(schedule.error().code,
                     "profile \"" + profile.name + "\": " + schedule.error().message);
  }
  return slo::PlanProof(profile.name, PlannedRequests(*schedule), slo::SloSetFor(config, profile));
}

}  // namespace slogate::suite
