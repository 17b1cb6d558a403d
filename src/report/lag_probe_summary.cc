#include "slogate/report/lag_probe_summary.h"

#include <algorithm>

#include "format.h"
#include "slogate/common/json_fields.h"
#include "slogate/report/redact.h"
#include "time_json.h"

namespace slogate::report {
namespace {

using nlohmann::json;
using std::chrono::nanoseconds;


json OptionalSeconds(const std::optional<nanoseconds>& value) {
  return value ? json(DurationSeconds(*value)) : json(nullptr);
}

// A duration in seconds: not negative, and within what a nanosecond clock holds.
nanoseconds Duration(JsonFieldReader& fields, std::string_view key, double seconds) {
  if (!fields.ok()) return nanoseconds(0);
  if (!(seconds >= 0 && seconds <= kMostClockSeconds)) {
    fields.Fail(key, "expected a duration of 0 to 9.2e9 seconds, got " + FormatSignificant(seconds));
    return nanoseconds(0);
  }
  return FromDurationSeconds(seconds);
}

std::optional<nanoseconds> ReadOptionalSeconds(JsonFieldReader& fields, std::string_view key) {
  const std::optional<double> seconds = fields.OptionalNumber(key);
  if (!seconds) return std::nullopt;
  return Duration(fields, key, *seconds);
}

nanoseconds ReadSeconds(JsonFieldReader& fields, std::string_view key) {
  return Duration(fields, key, fields.Number(key));
}

}  // namespace

LagProbeSummary SummarizeLagProbes(const scrape::LagProbeResult& result) {
  LagProbeSummary summary;
  summary.per_second = result.options.per_second;
  summary.poll_interval = result.options.poll_interval;
  summary.acks_offered = result.acks_offered;
  summary.probed = result.probes.size();
  summary.over_limit = result.over_limit;
  summary.ids_too_long = result.ids_too_long;
  for (const scrape::LagProbe& probe : result.probes) {
    switch (probe.outcome) {
      case scrape::ProbeOutcome::kReadable:
        ++summary.readable;
        continue;
      case scrape::ProbeOutcome::kNeverReadable:
        ++summary.never_readable;
        break;
      case scrape::ProbeOutcome::kError:
        ++summary.errors;
        break;
      case scrape::ProbeOutcome::kUnfinished:
        ++summary.unfinished;
        break;
    }
    summary.unreadable_for_at_least =
        std::max(summary.unreadable_for_at_least.value_or(nanoseconds(0)), probe.LagAtLeast());
  }
  if (result.readable_lag.count() > 0) {
    summary.lag_p50 = result.readable_lag.Percentile(0.5);
    summary.lag_p95 = result.readable_lag.Percentile(0.95);
    summary.lag_max = result.readable_lag.Percentile(1.0);
  }
  summary.requests = result.requests;
  summary.request_errors = result.request_errors;
  summary.first_error = result.first_error;
  summary.request_time = result.request_time;
  summary.active_time = result.active_time;
  return summary;
}

json LagProbeSummaryJson(const LagProbeSummary& summary) {
  return {{"per_second", summary.per_second},
          {"poll_interval_seconds", DurationSeconds(summary.poll_interval)},
          {"acks_offered", summary.acks_offered},
          {"probed", summary.probed},
          {"readable", summary.readable},
          {"never_readable", summary.never_readable},
          {"errors", summary.errors},
          {"unfinished", summary.unfinished},
          {"over_limit", summary.over_limit},
          {"ids_too_long", summary.ids_too_long},
          {"lag_p50_seconds", OptionalSeconds(summary.lag_p50)},
          {"lag_p95_seconds", OptionalSeconds(summary.lag_p95)},
          {"lag_max_seconds", OptionalSeconds(summary.lag_max)},
          {"unreadable_for_at_least_seconds", OptionalSeconds(summary.unreadable_for_at_least)},
          {"requests", summary.requests},
          {"request_errors", summary.request_errors},
          {"first_error", RedactText(summary.first_error)},
          {"request_seconds", DurationSeconds(summary.request_time)},
          {"active_seconds", DurationSeconds(summary.active_time)}};
}

Result<LagProbeSummary> ReadLagProbeSummary(const json& object, const std::string& path) {
  JsonFieldReader fields(object, path, "bad_results");  // as every results-file error
  LagProbeSummary summary;
  summary.per_second = fields.Number("per_second");
  summary.poll_interval = ReadSeconds(fields, "poll_interval_seconds");
  summary.acks_offered = fields.Unsigned("acks_offered");
  summary.probed = fields.Unsigned("probed");
  summary.readable = fields.Unsigned("readable");
  summary.never_readable = fields.Unsigned("never_readable");
  summary.errors = fields.Unsigned("errors");
  summary.unfinished = fields.Unsigned("unfinished");
  summary.over_limit = fields.Unsigned("over_limit");
  summary.ids_too_long = fields.Unsigned("ids_too_long");
  summary.lag_p50 = ReadOptionalSeconds(fields, "lag_p50_seconds");
  summary.lag_p95 = ReadOptionalSeconds(fields, "lag_p95_seconds");
  summary.lag_max = ReadOptionalSeconds(fields, "lag_max_seconds");
  summary.unreadable_for_at_least = ReadOptionalSeconds(fields, "unreadable_for_at_least_seconds");
  summary.requests = fields.Unsigned("requests");
  summary.request_errors = fields.Unsigned("request_errors");
  summary.first_error = fields.OptionalString("first_error");
  summary.request_time = ReadSeconds(fields, "request_seconds");
  summary.active_time = ReadSeconds(fields, "active_seconds");
  if (!fields.ok()) return fields.error();
  return summary;
}

std::string LagProbeLine(const LagProbeSummary& summary) {
  std::string line = "lag probes: " + FormatCount(summary.readable) + " writes read back";
  if (summary.lag_p95 && summary.lag_max) {
    line += " (p95 " + FormatLatency(*summary.lag_p95) + ", max " +
            FormatLatency(*summary.lag_max) + ")";
  }
  const auto add = [&line](std::uint64_t count, std::string_view what) {
    if (count > 0) line += ", " + FormatCount(count) + " " + std::string(what);
  };
  add(summary.never_readable, "never readable");
  add(summary.unfinished, "not yet readable at the end");
  add(summary.errors, "ended in errors");
  line += ", " + FormatCount(summary.requests) + " extra GETs taking " +
          FormatLatency(summary.request_time) + " in all";
  add(summary.request_errors, "of them failed");
  return line;
}

}  // namespace slogate::report
