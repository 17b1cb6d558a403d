#include "thresholds_json.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>
#include <variant>

#include "defaults.h"
#include "slogate/common/load_limits.h"
#include "slogate/common/quote.h"
#include "slogate/common/units.h"
#include "slogate/config/config_json.h"

namespace slogate::config::internal {
namespace {

enum class Kind { kDuration, kShare, kNonNegative, kCount };

struct Field {
  std::string_view key;
  Kind kind;
  std::variant<std::chrono::nanoseconds Thresholds::*, double Thresholds::*,
               long long Thresholds::*>
      member;
  std::chrono::nanoseconds max{0};  // durations only: the longest value accepted
};

// The longest value of each kind of duration (docs/config.md, "Ranges"). A wait the suite
// sits through (the drain, the audit's extension) or a latency bound is at most
// limits::kMaxWait, so a typo cannot hold a CI job; a delay it judges (lag, lateness) at most
// an hour, already no SLO at all; a span inside the run (warm-up, recovery) at most the
// longest run.
constexpr std::chrono::nanoseconds kWait = limits::kMaxWait;
constexpr std::chrono::nanoseconds kDelay = std::chrono::hours(1);
constexpr std::chrono::nanoseconds kInRun = limits::kMaxDuration;

// One row per JSON field: the field names are the member names.
const Field kFields[] = {
    {"latency_p95", Kind::kDuration, &Thresholds::latency_p95, kWait},
    {"max_error_rate", Kind::kShare, &Thresholds::max_error_rate},
    {"min_write_through_ok_share", Kind::kShare, &Thresholds::min_write_through_ok_share},
    {"max_wal_error_share", Kind::kShare, &Thresholds::max_wal_error_share},
    {"write_through_attempts_tolerance", Kind::kShare,
     &Thresholds::write_through_attempts_tolerance},
    {"max_lag", Kind::kDuration, &Thresholds::max_lag, kDelay},
    {"lag_warmup", Kind::kDuration, &Thresholds::lag_warmup, kInRun},
    {"lag_recovery_window", Kind::kDuration, &Thresholds::lag_recovery_window, kInRun},
    {"sampling_interval", Kind::kDuration, &Thresholds::sampling_interval, kWait},
    {"lag_probes_per_second", Kind::kNonNegative, &Thresholds::lag_probes_per_second},
    {"lag_probe_interval", Kind::kDuration, &Thresholds::lag_probe_interval, kWait},
    {"max_dlq_depth", Kind::kNonNegative, &Thresholds::max_dlq_depth},
    {"audit_all_below", Kind::kCount, &Thresholds::audit_all_below},
    {"audit_sample_size", Kind::kCount, &Thresholds::audit_sample_size},
    {"drain_period", Kind::kDuration, &Thresholds::drain_period, kWait},
    {"max_drain_period", Kind::kDuration, &Thresholds::max_drain_period, kWait},
    {"reconciliation_count_tolerance", Kind::kShare, &Thresholds::reconciliation_count_tolerance},
    {"reconciliation_latency_tolerance", Kind::kDuration,
     &Thresholds::reconciliation_latency_tolerance, kDelay},
    {"max_send_lateness_p99", Kind::kDuration, &Thresholds::max_send_lateness_p99, kDelay},
    {"max_dropped_share", Kind::kShare, &Thresholds::max_dropped_share},
    {"min_achieved_ratio", Kind::kShare, &Thresholds::min_achieved_ratio},
};

Status ApplyField(const Field& field, const Json& value, const std::string& path,
                  Thresholds& thresholds) {
  switch (field.kind) {
    case Kind::kDuration: {
      Result<std::chrono::nanoseconds> read = ReadDuration(value, path, field.max);
      if (!read.ok()) return read.error();
      thresholds.*std::get<std::chrono::nanoseconds Thresholds::*>(field.member) = *read;
      return Status::Ok();
    }
    case Kind::kShare:
    case Kind::kNonNegative: {
      Result<double> read =
          field.kind == Kind::kShare ? ReadShare(value, path) : ReadNonNegative(value, path);
      if (!read.ok()) return read.error();
      thresholds.*std::get<double Thresholds::*>(field.member) = *read;
      return Status::Ok();
    }
    case Kind::kCount: {
      Result<long long> read = ReadCount(value, path);
      if (!read.ok()) return read.error();
      thresholds.*std::get<long long Thresholds::*>(field.member) = *read;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// The lag probes' own bounds: more than 100 read-backs a second would be load of their own,
// and a poll interval outside 10 ms..5 s measures either the prober or nothing useful.
Status CheckLagProbeRanges(const Json& object, std::string_view path,
                           const Thresholds& thresholds) {
  constexpr double kMaxProbesPerSecond = 100;
  if (object.contains("lag_probes_per_second") &&
      thresholds.lag_probes_per_second > kMaxProbesPerSecond) {
    return MakeError("bad_profile", Member(path, "lag_probes_per_second") +
                                        ": expected at most 100 probes a second (0 turns the "
                                        "probes off), got " +
                                        object["lag_probes_per_second"].dump());
  }
  constexpr std::chrono::milliseconds kMinInterval{10};
  constexpr std::chrono::seconds kMaxInterval{5};
  if (object.contains("lag_probe_interval") && (thresholds.lag_probe_interval < kMinInterval ||
                                                thresholds.lag_probe_interval > kMaxInterval)) {
    return MakeError("bad_profile", Member(path, "lag_probe_interval") +
                                        ": expected a duration from 10ms to 5s, got " +
                                        object["lag_probe_interval"].dump());
  }
  return Status::Ok();
}

}  // namespace

Status ApplyThresholds(const Json& object, std::string_view path, Thresholds& thresholds) {
  if (Status status = ExpectObject(object, path); !status.ok()) return status;
  for (const auto& [key, value] : object.items()) {
    const Field* field = nullptr;
    for (const Field& candidate : kFields) {
      if (candidate.key == key) field = &candidate;
    }
    if (field == nullptr) {
      std::string known;
      for (const Field& candidate : kFields) {
        if (!known.empty()) known += ", ";
        known += candidate.key;
      }
      // The name may come from a one-line setting: a name that is not a plain word is quoted,
      // so no control byte of it reaches a terminal.
      const bool plain = std::all_of(key.begin(), key.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '_';
      });
      return MakeError("bad_profile", Member(path, plain ? key : QuoteForMessage(key)) +
                                          ": unknown threshold (expected one of: " + known + ")");
    }
    if (Status status = ApplyField(*field, value, Member(path, key), thresholds); !status.ok()) {
      return status;
    }
  }
  // The sampler works in whole milliseconds: under one, the period was truncated to zero and
  // divided by. Each tick scrapes every metrics endpoint, so 10 ms is already far below use.
  constexpr std::chrono::milliseconds kMinSampling{10};
  constexpr std::chrono::seconds kMaxSampling{60};
  if (thresholds.sampling_interval < kMinSampling || thresholds.sampling_interval > kMaxSampling) {
    return MakeError("bad_profile", Member(path, "sampling_interval") +
                                        ": expected a duration from 10ms to 60s, got " +
                                        units::FormatDuration(thresholds.sampling_interval));
  }
  return CheckLagProbeRanges(object, path, thresholds);
}

Result<std::map<Environment, Thresholds>> ParseThresholdsBlock(const Json* block,
                                                               std::string_view path) {
  constexpr Environment kAll[] = {Environment::kLocal, Environment::kDev, Environment::kStaging,
                                  Environment::kProd};
  std::map<Environment, Thresholds> resolved;
  for (Environment environment : kAll) resolved[environment] = BuiltInThresholds(environment);
  if (block == nullptr) return resolved;
  if (Status status = ExpectObject(*block, path); !status.ok()) return status.error();
  if (Status status = CheckKnownKeys(*block, path, {"default", "local", "dev", "staging", "prod"});
      !status.ok()) {
    return status.error();
  }
  for (Environment environment : kAll) {
    Thresholds& thresholds = resolved[environment];
    if (block->contains("default")) {
      Status status = ApplyThresholds((*block)["default"], Member(path, "default"), thresholds);
      if (!status.ok()) return status.error();
    }
    const std::string name(EnvironmentName(environment));
    if (block->contains(name)) {
      Status status = ApplyThresholds((*block)[name], Member(path, name), thresholds);
      if (!status.ok()) return status.error();
    }
  }
  return resolved;
}

void ThresholdsToJson(const Thresholds& thresholds, nlohmann::json& out) {
  for (const Field& field : kFields) {
    const std::string key(field.key);
    switch (field.kind) {
      case Kind::kDuration: {
        const auto value =
            thresholds.*std::get<std::chrono::nanoseconds Thresholds::*>(field.member);
        out[key] = std::chrono::duration<double>(value).count();
        break;
      }
      case Kind::kShare:
      case Kind::kNonNegative:
        out[key] = thresholds.*std::get<double Thresholds::*>(field.member);
        break;
      case Kind::kCount:
        out[key] = thresholds.*std::get<long long Thresholds::*>(field.member);
        break;
    }
  }
}

}  // namespace slogate::config::internal

namespace slogate::config {

bool IsDurationThreshold(std::string_view name) {
  return std::any_of(std::begin(internal::kFields), std::end(internal::kFields),
                     [name](const internal::Field& field) {
                       return field.key == name && field.kind == internal::Kind::kDuration;
                     });
}

}  // namespace slogate::config
