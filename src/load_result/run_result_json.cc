#include "slogate/load/run_result_json.h"

#include <charconv>
#include <limits>
#include <string>

#include "slogate/common/json_fields.h"
#include "slogate/load/repeated_ids.h"

namespace slogate::load {
namespace {

using nlohmann::json;

// Errors of a run result that cannot be read carry this code.
constexpr char kBadRunResult[] = "bad_run_result";

int64_t UnixNanoseconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

std::chrono::system_clock::time_point FromUnixNanoseconds(int64_t ns) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(ns)));
}

// ok_slow, aborted and latency_mark_ns came later within version 4: a file without them was
// written before slow responses were counted or a run could be aborted, so absent means zero.
bool Has(const json& object, std::string_view key) {
  return object.is_object() && object.contains(key);
}

json WindowToJson(const stats::WindowSummary& window) {
  return json{{"second", window.second},       {"count", window.count},
              {"errors", window.errors},       {"ok_slow", window.ok_slow},
              {"p50_ns", window.p50.count()},  {"p95_ns", window.p95.count()},
              {"p99_ns", window.p99.count()}};
}

stats::Histogram ReadHistogram(JsonFieldReader& reader, std::string_view name) {
  const std::string text = reader.String(name);
  if (!reader.ok()) return stats::Histogram();
  auto histogram = stats::Histogram::Deserialize(text);
  if (!histogram.ok()) {
    reader.Fail(name, histogram.error().message);
    return stats::Histogram();
  }
  return std::move(histogram).value();
}

void ReadWindows(JsonFieldReader& reader, std::vector<stats::WindowSummary>& windows) {
  const json* array = reader.Array("per_second");
  for (size_t i = 0; array != nullptr && i < array->size() && reader.ok(); ++i) {
    JsonFieldReader item = reader.Nested((*array)[i], IndexPath(reader.PathOf("per_second"), i));
    stats::WindowSummary window;
    window.second = item.Integer("second");
    window.count = item.Unsigned("count");
    window.errors = item.Unsigned("errors");
    if (Has((*array)[i], "ok_slow")) window.ok_slow = item.Unsigned("ok_slow");
    if (item.ok() && window.ok_slow + window.errors > window.count) {
      item.Fail("ok_slow", "ok_slow plus errors is more than count (" +
                               std::to_string(window.count) + ")");
    }
    window.p50 = item.Nanoseconds("p50_ns");
    window.p95 = item.Nanoseconds("p95_ns");
    window.p99 = item.Nanoseconds("p99_ns");
    if (window.second < 0 || window.second > stats::PerSecondWindows::kMaxSecond) {
      item.Fail("second", "must be 0.." + std::to_string(stats::PerSecondWindows::kMaxSecond));
    }
    reader.Adopt(item);
    windows.push_back(window);
  }
}

void ReadBurstWindows(JsonFieldReader& reader, std::vector<Interval>& intervals) {
  const json* array = reader.Array("burst_windows");
  for (size_t i = 0; array != nullptr && i < array->size() && reader.ok(); ++i) {
    JsonFieldReader item = reader.Nested((*array)[i], IndexPath(reader.PathOf("burst_windows"), i));
    intervals.push_back(Interval{item.Nanoseconds("begin_ns"), item.Nanoseconds("end_ns")});
    reader.Adopt(item);
  }
}

// Optional (results from before it have none); bounded like the engine's (kMaxRateSegments),
// from 0 and contiguous, as the engine and the merge write it.
void ReadRatePlan(JsonFieldReader& reader, const json& document, std::vector<RateSegment>& plan) {
  if (!Has(document, "rate_plan")) return;
  const json* array = reader.Array("rate_plan");
  if (array != nullptr && array->size() > kMaxRateSegments) {
    reader.Fail("rate_plan", "has " + std::to_string(array->size()) + " pieces, more than " +
                                 std::to_string(kMaxRateSegments));
    return;
  }
  for (size_t i = 0; array != nullptr && i < array->size() && reader.ok(); ++i) {
    JsonFieldReader item = reader.Nested((*array)[i], IndexPath(reader.PathOf("rate_plan"), i));
    RateSegment segment{item.Nanoseconds("begin_ns"), item.Nanoseconds("end_ns"),
                        item.Number("rps_begin"), item.Number("rps_end")};
    const std::chrono::nanoseconds expected_begin =
        plan.empty() ? std::chrono::nanoseconds(0) : plan.back().end;
    if (item.ok() && segment.begin != expected_begin) {
      item.Fail("begin_ns", "must be " + std::to_string(expected_begin.count()) +
                                (plan.empty() ? " (the plan starts at the run's start)"
                                              : " (where the piece before ends)"));
    }
    if (item.ok() && segment.end <= segment.begin) item.Fail("end_ns", "must be after begin_ns");
    if (item.ok() && segment.end > kMaxRateSegmentEnd) {
      item.Fail("end_ns", "must be at most " + std::to_string(kMaxRateSegmentEnd.count()) +
                              " (2,000,000 s after the run's start)");
    }
    if (item.ok() && segment.rps_begin < 0) item.Fail("rps_begin", "must be >= 0");
    if (item.ok() && segment.rps_end < 0) item.Fail("rps_end", "must be >= 0");
    reader.Adopt(item);
    plan.push_back(segment);
  }
}

// Optional (results from before it are whole runs): index 0..count-1, count 1..kMaxShards.
void ReadShard(JsonFieldReader& reader, const json& document, ShardSpec& shard) {
  if (!Has(document, "shard")) return;
  const json* object = reader.Object("shard");
  if (object == nullptr) return;
  JsonFieldReader fields = reader.Nested(*object, reader.PathOf("shard"));
  const int64_t count = fields.Integer("count");
  const int64_t index = fields.Integer("index");
  if (fields.ok() && (count < 1 || count > kMaxShards)) {
    fields.Fail("count", "must be 1.." + std::to_string(kMaxShards));
  }
  if (fields.ok() && (index < 0 || index >= count)) {
    fields.Fail("index", "must be 0.." + std::to_string(count - 1));
  }
  reader.Adopt(fields);
  if (reader.ok()) shard = ShardSpec{static_cast<int>(index), static_cast<int>(count)};
}

void ReadErrorCategories(JsonFieldReader& reader, std::map<ErrorCategory, uint64_t>& counts) {
  const json* object = reader.Object("errors_by_category");
  if (object == nullptr) return;
  JsonFieldReader values = reader.Nested(*object, reader.PathOf("errors_by_category"));
  for (const auto& [name, value] : object->items()) {
    const auto category = ErrorCategoryFromName(name);
    if (!category) values.Fail(name, "unknown error category");
    counts[category.value_or(ErrorCategory::kOther)] = values.Unsigned(name);
  }
  reader.Adopt(values);
}

void ReadStatusCounts(JsonFieldReader& reader, std::string_view key,
                      std::map<int, uint64_t>& counts) {
  const json* object = reader.Object(key);
  if (object == nullptr) return;
  JsonFieldReader values = reader.Nested(*object, reader.PathOf(key));
  for (const auto& [name, value] : object->items()) {
    int status = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), status);
    if (ec != std::errc() || end != name.data() + name.size() || status < 0 || status > 999) {
      values.Fail(name, "expected an HTTP status code (0..999) as the key");
    }
    counts[status] = values.Unsigned(name);
  }
  reader.Adopt(values);
}

void ReadEventIds(JsonFieldReader& reader, std::vector<std::string>& ids) {
  const json* array = reader.Array("event_ids");
  if (array == nullptr) return;
  ids.reserve(array->size());
  for (size_t i = 0; i < array->size(); ++i) {
    if (!(*array)[i].is_string()) {
      reader.Fail(IndexPath("event_ids", i), "expected a string, got " + JsonExcerpt((*array)[i]));
      return;
    }
    ids.push_back((*array)[i].get<std::string>());
  }
}

json StatusCountsToJson(const std::map<int, uint64_t>& counts) {
  json out = json::object();
  for (const auto& [status, count] : counts) out[std::to_string(status)] = count;
  return out;
}

// Version 3 files predate the OK/failed split and the unauditable-write counts. Whatever the
// old fields determine exactly is filled in; the rest stays empty (docs/stats.md says which).
void FillFromVersion3(RunResult& run) {
  if (run.errors == 0) {  // every completion was OK
    run.ok_latency = run.latency;
    run.ok_service_time = run.service_time;
  } else if (run.ok == 0) {  // every completion failed
    run.failed_latency = run.latency;
  }
  // Version 3 kept every id returned, repeats included; ids present mean capture was on, so
  // every OK response without one is the difference.
  const uint64_t returned = run.event_ids.size();
  run.duplicate_event_ids = EraseRepeatedTextIds({&run.event_ids});
  if (returned > 0 && run.ok >= returned) run.ok_without_event_id = run.ok - returned;
}

void ReadVersion4Fields(JsonFieldReader& reader, RunResult& run) {
  ReadStatusCounts(reader, "error_status_counts", run.error_status_counts);
  run.ok_latency = ReadHistogram(reader, "ok_latency");
  run.failed_latency = ReadHistogram(reader, "failed_latency");
  run.ok_service_time = ReadHistogram(reader, "ok_service_time");
  run.ok_without_event_id = reader.Unsigned("ok_without_event_id");
  run.duplicate_event_ids = reader.Unsigned("duplicate_event_ids");
}

// The schema_version, checked: this version or the one before it.
int64_t ReadSchemaVersion(JsonFieldReader& reader) {
  const int64_t version = reader.Integer("schema_version");
  if (reader.ok() &&
      (version < kOldestReadableRunResultSchemaVersion || version > kRunResultSchemaVersion)) {
    reader.Fail("schema_version", "unsupported version " + std::to_string(version) +
                                      " (this slogate reads versions " +
                                      std::to_string(kOldestReadableRunResultSchemaVersion) +
                                      " to " + std::to_string(kRunResultSchemaVersion) + ")");
  }
  return version;
}

}  // namespace

json ToJson(const RunResult& run) {
  json out;
  out["schema_version"] = kRunResultSchemaVersion;
  out["target_url"] = run.target_url;
  out["path"] = run.path;
  out["target_rps"] = run.target_rps;
  out["peak_rps"] = run.peak_rps;
  out["duration_ns"] = run.duration.count();
  out["concurrency"] = run.concurrency;
  out["schedule"] = run.schedule;
  out["burst_windows"] = json::array();
  for (const Interval& interval : run.burst_windows) {
    out["burst_windows"].push_back(
        json{{"begin_ns", interval.begin.count()}, {"end_ns", interval.end.count()}});
  }
  out["rate_plan"] = json::array();
  for (const RateSegment& segment : run.rate_plan) {
    out["rate_plan"].push_back(json{{"begin_ns", segment.begin.count()},
                                    {"end_ns", segment.end.count()},
                                    {"rps_begin", segment.rps_begin},
                                    {"rps_end", segment.rps_end}});
  }
  out["shard"] = json{{"index", run.shard.index}, {"count", run.shard.count}};
  out["transport"] = run.transport;
  out["started_at_unix_ns"] = UnixNanoseconds(run.started_at);
  out["finished_at_unix_ns"] = UnixNanoseconds(run.finished_at);
  out["sending_time_ns"] = run.sending_time.count();
  out["interrupted"] = run.interrupted;
  out["aborted"] = run.aborted;
  out["latency_mark_ns"] = run.latency_mark.count();
  out["scheduled"] = run.scheduled;
  out["sent"] = run.sent;
  out["dropped"] = run.dropped;
  out["dropped_at_cap"] = run.dropped_at_cap;
  out["not_sent_at_stop"] = run.not_sent_at_stop;
  out["completed"] = run.completed;
  out["ok"] = run.ok;
  out["errors"] = run.errors;
  out["abandoned_in_flight"] = run.abandoned_in_flight;
  out["achieved_rps"] = run.achieved_rps;
  out["errors_by_category"] = json::object();
  for (const auto& [category, count] : run.errors_by_category) {
    out["errors_by_category"][std::string(ErrorCategoryName(category))] = count;
  }
  out["status_counts"] = StatusCountsToJson(run.status_counts);
  out["error_status_counts"] = StatusCountsToJson(run.error_status_counts);
  out["latency"] = run.latency.Serialize();
  out["ok_latency"] = run.ok_latency.Serialize();
  out["failed_latency"] = run.failed_latency.Serialize();
  out["service_time"] = run.service_time.Serialize();
  out["ok_service_time"] = run.ok_service_time.Serialize();
  out["send_lateness"] = run.send_lateness.Serialize();
  out["slot_wait"] = run.slot_wait.Serialize();
  out["per_second"] = json::array();
  for (const auto& window : run.per_second) out["per_second"].push_back(WindowToJson(window));
  out["event_ids"] = run.event_ids;
  out["ok_without_event_id"] = run.ok_without_event_id;
  out["duplicate_event_ids"] = run.duplicate_event_ids;
  return out;
}

Result<RunResult> RunResultFromJson(const json& document) {
  // The suite's results file has a schema_version too, of another document: said for what it
  // is rather than as a version this slogate cannot read.
  if (document.is_object() && document.contains("verdict") && !document.contains("duration_ns")) {
    return MakeError(kBadRunResult,
                     "this is a suite results file (SLO_RESULTS), not a RunResult: slogate merge "
                     "takes the --out files of slogate run; slogate report renders a results file");
  }
  JsonFieldReader reader(document, "", kBadRunResult);
  const int64_t version = ReadSchemaVersion(reader);
  RunResult run;
  run.target_url = reader.String("target_url");
  run.path = reader.String("path");
  run.target_rps = reader.Number("target_rps");
  run.peak_rps = reader.Number("peak_rps");
  run.duration = reader.Nanoseconds("duration_ns");
  const int64_t concurrency = reader.Integer("concurrency");
  if (concurrency < 0 || concurrency > std::numeric_limits<int>::max()) {
    reader.Fail("concurrency", "must be 0.." + std::to_string(std::numeric_limits<int>::max()));
  }
  run.concurrency = static_cast<int>(concurrency);
  run.schedule = reader.String("schedule");
  ReadBurstWindows(reader, run.burst_windows);
  ReadRatePlan(reader, document, run.rate_plan);
  ReadShard(reader, document, run.shard);
  if (Has(document, "transport")) run.transport = reader.String("transport");
  run.started_at = FromUnixNanoseconds(reader.Integer("started_at_unix_ns"));
  run.finished_at = FromUnixNanoseconds(reader.Integer("finished_at_unix_ns"));
  run.sending_time = reader.Nanoseconds("sending_time_ns");
  run.interrupted = reader.Bool("interrupted");
  if (Has(document, "aborted")) run.aborted = reader.Bool("aborted");
  if (Has(document, "latency_mark_ns")) run.latency_mark = reader.Nanoseconds("latency_mark_ns");
  if (reader.ok() && run.latency_mark < std::chrono::nanoseconds(0)) {
    reader.Fail("latency_mark_ns", "must be >= 0");
  }
  run.scheduled = reader.Unsigned("scheduled");
  run.sent = reader.Unsigned("sent");
  run.dropped = reader.Unsigned("dropped");
  run.dropped_at_cap = reader.Unsigned("dropped_at_cap");
  if (reader.ok() && run.dropped_at_cap > run.dropped) {
    reader.Fail("dropped_at_cap", "is more than dropped (" + std::to_string(run.dropped) + ")");
  }
  run.not_sent_at_stop = reader.Unsigned("not_sent_at_stop");
  run.completed = reader.Unsigned("completed");
  run.ok = reader.Unsigned("ok");
  run.errors = reader.Unsigned("errors");
  run.abandoned_in_flight = reader.Unsigned("abandoned_in_flight");
  run.achieved_rps = reader.Number("achieved_rps");
  ReadErrorCategories(reader, run.errors_by_category);
  ReadStatusCounts(reader, "status_counts", run.status_counts);
  run.latency = ReadHistogram(reader, "latency");
  run.service_time = ReadHistogram(reader, "service_time");
  run.send_lateness = ReadHistogram(reader, "send_lateness");
  run.slot_wait = ReadHistogram(reader, "slot_wait");
  ReadWindows(reader, run.per_second);
  ReadEventIds(reader, run.event_ids);
  if (version == kOldestReadableRunResultSchemaVersion) {
    FillFromVersion3(run);
  } else {
    ReadVersion4Fields(reader, run);
  }
  if (!reader.ok()) return reader.error();
  return run;
}

}  // namespace slogate::load
