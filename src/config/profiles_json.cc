#include "profiles_json.h"

#include <algorithm>
#include <limits>
#include <string>

#include "metric_checks_json.h"
#include "slogate/common/load_limits.h"
#include "slogate/common/units.h"
#include "verdict_rules_json.h"

namespace slogate::config::internal {
namespace {

Result<BurstWindow> ParseBurst(const Json& object, const std::string& path) {
  if (Status s = ExpectObject(object, path); !s.ok()) return s.error();
  if (Status s = CheckKnownKeys(object, path, {"start", "length", "rps"}); !s.ok()) {
    return s.error();
  }
  for (const char* key : {"start", "length", "rps"}) {
    if (!object.contains(key)) {
      return MakeError("bad_profile", Member(path, key) +
                                          ": missing (a burst needs start, "
                                          "length and rps)");
    }
  }
  BurstWindow burst;
  Result<std::chrono::nanoseconds> start =
      ReadDuration(object["start"], Member(path, "start"), limits::kMaxDuration);
  if (!start.ok()) return start.error();
  Result<std::chrono::nanoseconds> length =
      ReadDuration(object["length"], Member(path, "length"), limits::kMaxDuration);
  if (!length.ok()) return length.error();
  if (*length <= std::chrono::nanoseconds(0)) {
    return FieldError(Member(path, "length"), "a duration > 0", object["length"]);
  }
  Result<double> rps = ReadRate(object["rps"], Member(path, "rps"));
  if (!rps.ok()) return rps.error();
  burst.start = *start;
  burst.length = *length;
  burst.rps = *rps;
  return burst;
}

Status ParseBursts(const Json& value, const std::string& path, LoadProfile& profile) {
  if (!value.is_array() || value.empty()) {
    return FieldError(path, "a non-empty array of {start, length, rps}", value);
  }
  for (size_t i = 0; i < value.size(); ++i) {
    Result<BurstWindow> burst = ParseBurst(value[i], Element(path, i));
    if (!burst.ok()) return burst.error();
    if (burst->start + burst->length > profile.duration) {
      return MakeError("bad_profile",
                       Element(path, i) + ": burst window ends after the profile's duration");
    }
    if (!profile.bursts.empty() &&
        burst->start < profile.bursts.back().start + profile.bursts.back().length) {
      return MakeError("bad_profile",
                       Element(path, i) + ": burst windows must be in time order and not overlap");
    }
    profile.bursts.push_back(*burst);
  }
  return CheckBurstShape(profile, path);
}

Status ParseEndpointNames(const Json& value, const std::string& path,
                          const std::vector<Endpoint>& endpoints, LoadProfile& profile) {
  if (!value.is_array()) return FieldError(path, "an array of endpoint names", value);
  for (size_t i = 0; i < value.size(); ++i) {
    Result<std::string> name = ReadString(value[i], Element(path, i));
    if (!name.ok()) return name.error();
    const bool known =
        std::any_of(endpoints.begin(), endpoints.end(),
                    [&](const Endpoint& endpoint) { return endpoint.name == *name; });
    if (!known) {
      return MakeError("bad_profile", Element(path, i) + ": unknown endpoint \"" + *name +
                                          "\" (declare it under \"endpoints\")");
    }
    profile.endpoints.push_back(*name);
  }
  return Status::Ok();
}

// The scalar members common to every schedule.
Status ParseScalars(const Json& object, const std::string& path, LoadProfile& profile) {
  if (object.contains("schedule")) {
    Result<std::string> text = ReadString(object["schedule"], Member(path, "schedule"));
    if (!text.ok()) return text.error();
    Result<ScheduleKind> kind = ParseScheduleKind(*text);
    if (!kind.ok())
      return MakeError("bad_profile", Member(path, "schedule") + ": " + kind.error().message);
    profile.schedule = *kind;
  }
  if (object.contains("rps")) {
    Result<double> rps = ReadRate(object["rps"], Member(path, "rps"));
    if (!rps.ok()) return rps.error();
    profile.rps = *rps;
  }
  if (object.contains("duration")) {
    Result<std::chrono::nanoseconds> duration =
        ReadDuration(object["duration"], Member(path, "duration"), limits::kMaxDuration);
    if (!duration.ok()) return duration.error();
    if (*duration <= std::chrono::nanoseconds(0)) {
      return FieldError(Member(path, "duration"), "a duration > 0", object["duration"]);
    }
    profile.duration = *duration;
  }
  if (object.contains("concurrency")) {
    Result<long long> concurrency = ReadCount(object["concurrency"], Member(path, "concurrency"));
    if (!concurrency.ok() || *concurrency < 1 || *concurrency > limits::kMaxConcurrency) {
      return FieldError(Member(path, "concurrency"), "a whole number from 1 to 100000",
                        object["concurrency"]);
    }
    profile.concurrency = static_cast<int>(*concurrency);
  }
  return Status::Ok();
}

Result<LoadProfile> ParseProfile(const std::string& name, const Json& object,
                                 const std::string& path, const std::vector<Endpoint>& endpoints) {
  if (Status s = ExpectObject(object, path); !s.ok()) return s.error();
  if (Status s = CheckKnownKeys(object, path,
                                {"schedule", "rps", "start_rps", "duration", "concurrency",
                                 "bursts", "endpoints", "confidence", "windowed", "abort_on_breach",
                                 "write_through", "replicator", "metric_checks"});
      !s.ok()) {
    return s.error();
  }
  LoadProfile profile;
  profile.name = name;
  if (Status s = ParseScalars(object, path, profile); !s.ok()) return s.error();
  const bool is_ramp = profile.schedule == ScheduleKind::kRamp;
  const bool is_burst = profile.schedule == ScheduleKind::kBurst;
  if (object.contains("start_rps")) {
    if (!is_ramp) {
      return MakeError("bad_profile", Member(path, "start_rps") +
                                          ": only a ramp schedule has a "
                                          "start rate");
    }
    Result<double> start = ReadNonNegative(object["start_rps"], Member(path, "start_rps"));
    if (!start.ok()) return start.error();
    if (*start > limits::kMaxRps) {
      return FieldError(Member(path, "start_rps"), "a rate >= 0 and <= 1M requests per second",
                        object["start_rps"]);
    }
    profile.start_rps = *start;
  }
  if (object.contains("bursts") != is_burst) {
    return MakeError("bad_profile", Member(path, "bursts") +
                                        (is_burst ? ": missing (a burst schedule needs windows)"
                                                  : ": only a burst schedule has burst windows"));
  }
  if (is_burst) {
    if (Status s = ParseBursts(object["bursts"], Member(path, "bursts"), profile); !s.ok()) {
      return s.error();
    }
  }
  if (object.contains("endpoints")) {
    Status s =
        ParseEndpointNames(object["endpoints"], Member(path, "endpoints"), endpoints, profile);
    if (!s.ok()) return s.error();
  }
  if (Status s = ParseVerdictRules(object, path, profile); !s.ok()) return s.error();
  if (object.contains("metric_checks")) {
    Status s = ParseMetricChecks(object["metric_checks"], Member(path, "metric_checks"), profile);
    if (!s.ok()) return s.error();
  }
  return profile;
}

}  // namespace

Status CheckBurstShape(const LoadProfile& profile, const std::string& path) {
  const std::vector<BurstWindow>& windows = profile.bursts;
  if (windows.size() < 2) return Status::Ok();
  const std::chrono::nanoseconds period = windows[1].start - windows[0].start;
  for (size_t i = 1; i < windows.size(); ++i) {
    if (windows[i].rps != windows[0].rps || windows[i].length != windows[0].length) {
      return MakeError("bad_profile", Element(path, i) + ": rps and length differ from " +
                                          Element(path, 0) +
                                          "; the load engine repeats one burst window, so "
                                          "every window must share its rps and length");
    }
    if (windows[i].start - windows[i - 1].start != period) {
      return MakeError("bad_profile",
                       Element(path, i) + ": starts " +
                           units::FormatDuration(windows[i].start - windows[i - 1].start) +
                           " after the window before it, not " + units::FormatDuration(period) +
                           "; windows must repeat with a fixed period");
    }
  }
  const std::chrono::nanoseconds next_start =
      windows[0].start + period * static_cast<int64_t>(windows.size());
  if (next_start < profile.duration) {
    return MakeError("bad_profile",
                     path + ": the windows repeat every " + units::FormatDuration(period) +
                         ", so another would start at " + units::FormatDuration(next_start) +
                         ", before the run ends at " + units::FormatDuration(profile.duration) +
                         "; end the profile by then or declare that window too");
  }
  return Status::Ok();
}

Result<std::vector<LoadProfile>> ParseProfiles(const Json& block,
                                               const std::vector<Endpoint>& endpoints) {
  if (Status s = ExpectObject(block, "profiles"); !s.ok()) return s.error();
  if (block.empty()) return FieldError("profiles", "at least one load profile", block);
  std::vector<LoadProfile> profiles;
  for (const auto& [name, object] : block.items()) {
    Result<LoadProfile> profile = ParseProfile(name, object, Member("profiles", name), endpoints);
    if (!profile.ok()) return profile.error();
    profiles.push_back(std::move(*profile));
  }
  return profiles;
}

}  // namespace slogate::config::internal
