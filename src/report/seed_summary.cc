#include "slogate/report/seed_summary.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "time_json.h"

namespace slogate::report {
namespace {

nlohmann::json Percentile95OrNull(const stats::Histogram& histogram) {
  if (histogram.count() == 0) return nullptr;
  return DurationSeconds(histogram.Percentile(0.95));
}

// Every category appears, zero or not, so consumers (jq, dashboards) see a stable shape.
constexpr std::array kCategories = {
    load::ErrorCategory::kConnect,     load::ErrorCategory::kTimeout,
    load::ErrorCategory::kTls,         load::ErrorCategory::kWrite,
    load::ErrorCategory::kRead,        load::ErrorCategory::kStatus4xx,
    load::ErrorCategory::kStatus429,   load::ErrorCategory::kStatus5xx,
    load::ErrorCategory::kStatusOther, load::ErrorCategory::kEventIdTooLong,
    load::ErrorCategory::kOther,
};

nlohmann::json ErrorsByCategory(const load::RunResult& run) {
  nlohmann::json categories = nlohmann::json::object();
  for (load::ErrorCategory category : kCategories) {
    categories[std::string(load::ErrorCategoryName(category))] = 0;
  }
  for (const auto& [category, count] : run.errors_by_category) {
    categories[std::string(load::ErrorCategoryName(category))] = count;
  }
  return categories;
}

nlohmann::json StatusCounts(const std::map<int, uint64_t>& counts) {
  nlohmann::json statuses = nlohmann::json::object();
  for (const auto& [status, count] : counts) statuses[std::to_string(status)] = count;
  return statuses;
}

}  // namespace

nlohmann::json SeedSummary(const load::RunResult& run) {
  nlohmann::json summary = nlohmann::json::object();
  // The upstream harness's fields, in its order.
  summary["target_url"] = run.target_url;
  summary["path"] = run.path;
  summary["rps"] = run.target_rps;
  summary["duration"] = DurationSeconds(run.duration);
  summary["concurrency"] = run.concurrency;
  summary["sent"] = run.sent;
  summary["count"] = run.completed;
  summary["ok"] = run.ok;
  summary["err"] = run.errors;
  // Dropped arrivals count as failures (see RunResult::ErrorRate), so a generator that could
  // not keep up never makes the error rate look better.
  summary["err_rate"] = run.ErrorRate();
  summary["p50"] = DurationSeconds(run.latency.Percentile(0.50));
  summary["p95"] = DurationSeconds(run.latency.Percentile(0.95));
  summary["p99"] = DurationSeconds(run.latency.Percentile(0.99));
  summary["avg"] = DurationSeconds(run.latency.Mean());
  // What slogate adds.
  summary["achieved_rps"] = run.achieved_rps;
  summary["transport"] = run.transport;
  summary["peak_rps"] = run.peak_rps;
  summary["scheduled"] = run.scheduled;
  summary["dropped"] = run.dropped;
  summary["dropped_at_cap"] = run.dropped_at_cap;
  summary["abandoned_in_flight"] = run.abandoned_in_flight;
  summary["lateness_p99"] = DurationSeconds(run.send_lateness.Percentile(0.99));
  summary["slot_waits"] = run.slot_wait.count();
  summary["slot_wait_p99"] = DurationSeconds(run.slot_wait.Percentile(0.99));
  summary["service_p50"] = DurationSeconds(run.service_time.Percentile(0.50));
  summary["service_p95"] = DurationSeconds(run.service_time.Percentile(0.95));
  summary["service_p99"] = DurationSeconds(run.service_time.Percentile(0.99));
  summary["max"] = DurationSeconds(run.latency.Max());
  // Split by outcome: a target that fails fast must not look fast. null without requests.
  summary["ok_p95"] = Percentile95OrNull(run.ok_latency);
  summary["failed_p95"] = Percentile95OrNull(run.failed_latency);
  summary["ok_service_p95"] = Percentile95OrNull(run.ok_service_time);
  summary["errors_by_category"] = ErrorsByCategory(run);
  summary["status_counts"] = StatusCounts(run.status_counts);
  summary["error_status_counts"] = StatusCounts(run.error_status_counts);
  // Acknowledged writes: ok = event_ids + ok_without_event_id + duplicate_event_ids.
  summary["event_ids"] = run.event_ids.size();
  summary["ok_without_event_id"] = run.ok_without_event_id;
  summary["duplicate_event_ids"] = run.duplicate_event_ids;
  summary["interrupted"] = run.interrupted;
  summary["aborted"] = run.aborted;
  summary["not_sent_at_stop"] = run.not_sent_at_stop;
  return summary;
}

}  // namespace slogate::report
