#include "verdict_rules_json.h"

#include <chrono>
#include <cmath>

#include "slogate/common/load_limits.h"
#include "slogate/common/units.h"

namespace slogate::config::internal {
namespace {

using std::chrono::nanoseconds;

constexpr std::string_view kConfidenceExpected =
    "a confidence level from 0.5 to 0.9999 (e.g. 0.95) or \"none\" for point estimates";

// Below one half a one-sided "bound" lies on the near side of the run's own value, so a count
// that breaks the threshold would read as provable; above 0.9999 no run size a load test can
// send proves anything, and the level would print as 100%.
bool IsConfidence(double value) { return std::isfinite(value) && value >= 0.5 && value <= 0.9999; }

Result<double> ReadConfidence(const Json& value, const std::string& path) {
  if (value.is_string()) {
    Result<double> parsed = ParseConfidence(value.get<std::string>());
    if (!parsed.ok()) return FieldError(path, kConfidenceExpected, value);
    return *parsed;
  }
  if (!value.is_number() || !IsConfidence(value.get<double>())) {
    return FieldError(path, kConfidenceExpected, value);
  }
  return value.get<double>();
}

// A window length: whole seconds, at least one (the per-second windows are the unit).
Result<nanoseconds> ReadWholeSeconds(const Json& value, const std::string& path) {
  constexpr std::string_view kExpected =
      "a whole number of seconds from 1 to 1000000 (e.g. \"10s\", 5)";
  Result<nanoseconds> duration = ReadDuration(value, path, limits::kMaxDuration);
  if (!duration.ok()) return FieldError(path, kExpected, value);
  if (*duration < std::chrono::seconds(1) ||
      *duration % std::chrono::seconds(1) != nanoseconds(0)) {
    return FieldError(path, kExpected, value);
  }
  return *duration;
}

Status ParseWindowed(const Json& value, const std::string& path, LoadProfile& profile) {
  if (Status s = ExpectObject(value, path); !s.ok()) return s;
  if (Status s = CheckKnownKeys(value, path, {"window", "sustained"}); !s.ok()) return s;
  for (const char* key : {"window", "sustained"}) {
    if (!value.contains(key)) {
      return MakeError("bad_profile", Member(path, key) +
                                          ": missing (a windowed SLO needs a window and how long "
                                          "a breach must be sustained, e.g. {\"window\": \"10s\", "
                                          "\"sustained\": \"5s\"})");
    }
  }
  Result<nanoseconds> window = ReadWholeSeconds(value["window"], Member(path, "window"));
  if (!window.ok()) return window.error();
  Result<nanoseconds> sustained = ReadWholeSeconds(value["sustained"], Member(path, "sustained"));
  if (!sustained.ok()) return sustained.error();
  profile.rules.windowed.window = *window;
  profile.rules.windowed.sustained = *sustained;
  return CheckWindowFitsRun(profile, path);
}

Status ParseAbortOnBreach(const Json& value, const std::string& path, LoadProfile& profile) {
  AbortOnBreach& abort = profile.rules.abort_on_breach;
  if (value.is_boolean()) {
    abort.enabled = value.get<bool>();
    return Status::Ok();
  }
  if (!value.is_object()) {
    return FieldError(path, "true, false or {\"grace\": \"10s\"}", value);
  }
  if (Status s = CheckKnownKeys(value, path, {"grace"}); !s.ok()) return s;
  abort.enabled = true;
  if (value.contains("grace")) {
    Result<nanoseconds> grace =
        ReadDuration(value["grace"], Member(path, "grace"), limits::kMaxDuration);
    if (!grace.ok()) return grace.error();
    abort.grace = *grace;
  }
  // Checked in the file only: DURATION may shorten a run below its grace for a quick try, and
  // then it simply runs to its end.
  if (abort.grace >= profile.duration) {
    return MakeError("bad_profile",
                     Member(path, "grace") + ": a grace of " + units::FormatDuration(abort.grace) +
                         " leaves nothing of a " + units::FormatDuration(profile.duration) +
                         " run to abort; make it shorter than the duration");
  }
  return Status::Ok();
}

Result<Presence> ReadPresence(const Json& value, const std::string& path) {
  constexpr std::string_view kExpected =
      "\"auto\" (judged when the target runs it, SKIPPED when it is off) or \"required\"";
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (text == "auto") return Presence::kAuto;
    if (text == "required") return Presence::kRequired;
  }
  return FieldError(path, kExpected, value);
}

}  // namespace

Result<double> ParseConfidence(std::string_view text) {
  if (text == "none") return 0.0;
  Result<double> number = units::ParseNumber(text);
  if (!number.ok() || !IsConfidence(*number)) {
    return MakeError("bad_confidence", "expected " + std::string(kConfidenceExpected) + ", got \"" +
                                           std::string(text) + "\"");
  }
  return *number;
}

Status CheckWindowFitsRun(const LoadProfile& profile, const std::string& where) {
  const WindowedSlo& windowed = profile.rules.windowed;
  if (!windowed.enabled()) return Status::Ok();
  if (windowed.window > profile.duration) {
    return MakeError("bad_profile",
                     where + ": no window of " + units::FormatDuration(windowed.window) +
                         " fits in a run of " + units::FormatDuration(profile.duration) +
                         "; make \"window\" at most the profile's duration");
  }
  if (windowed.sustained <= profile.duration) return Status::Ok();
  return MakeError("bad_profile",
                   where + ": a breach sustained for " + units::FormatDuration(windowed.sustained) +
                       " cannot happen in a run of " + units::FormatDuration(profile.duration) +
                       "; make \"sustained\" at most the profile's duration");
}

Status ParseVerdictRules(const Json& object, const std::string& path, LoadProfile& profile) {
  VerdictRules& rules = profile.rules;
  if (object.contains("confidence")) {
    Result<double> confidence = ReadConfidence(object["confidence"], Member(path, "confidence"));
    if (!confidence.ok()) return confidence.error();
    rules.confidence = *confidence;
  }
  if (object.contains("windowed")) {
    if (Status s = ParseWindowed(object["windowed"], Member(path, "windowed"), profile); !s.ok()) {
      return s;
    }
  }
  if (object.contains("abort_on_breach")) {
    Status s =
        ParseAbortOnBreach(object["abort_on_breach"], Member(path, "abort_on_breach"), profile);
    if (!s.ok()) return s;
  }
  for (const auto& [key, presence] : {std::pair{"write_through", &rules.write_through},
                                      std::pair{"replicator", &rules.replicator}}) {
    if (!object.contains(key)) continue;
    Result<Presence> read = ReadPresence(object[key], Member(path, key));
    if (!read.ok()) return read.error();
    *presence = *read;
  }
  return Status::Ok();
}

}  // namespace slogate::config::internal
