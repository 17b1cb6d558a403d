#include "observations_builder.h"

#include <algorithm>
#include <cmath>

#include "slogate/common/units.h"
#include "slogate/promtext/parser.h"

namespace slogate::testing {
namespace {

constexpr std::string_view kPathLabel = "path=\"/v1/session/message\"";

std::string Line(std::string_view series, double value) {
  return std::string(series) + " " + units::FormatNumber(value) + "\n";
}

}  // namespace

scrape::WallTime RunStart() {
  return scrape::WallTime(
      std::chrono::duration_cast<scrape::WallTime::duration>(std::chrono::seconds(1'800'000'000)));
}

scrape::ScrapeSet SetFrom(std::string_view exposition, std::chrono::nanoseconds since_start) {
  scrape::ScrapeSet set;
  set.taken_at = RunStart() + std::chrono::duration_cast<scrape::WallTime::duration>(since_start);
  scrape::EndpointScrape endpoint;
  endpoint.url = "http://127.0.0.1:9400/metrics";
  endpoint.taken_at = set.taken_at;
  endpoint.snapshot = promtext::Parse(exposition, promtext::Format::kPrometheusText004);
  set.endpoints.push_back(std::move(endpoint));
  return set;
}

scrape::ScrapeSet FailedSet(std::string_view message) {
  scrape::ScrapeSet set;
  set.taken_at = RunStart();
  scrape::EndpointScrape endpoint;
  endpoint.url = "http://127.0.0.1:9400/metrics";
  endpoint.snapshot = MakeError("unreachable", std::string(message));
  set.endpoints.push_back(std::move(endpoint));
  return set;
}

std::string Exposition(const GatewayCounters& c) {
  const std::string path(kPathLabel);
  std::string text;
  text += "# TYPE gateway_write_through_attempts_total counter\n";
  text += Line("gateway_write_through_attempts_total{" + path + "}", c.attempts);
  text += "# TYPE gateway_write_through_results_total counter\n";
  text += Line("gateway_write_through_results_total{" + path + ",result=\"ok\"}", c.results_ok);
  if (c.results_server_error > 0) {
    text += Line("gateway_write_through_results_total{" + path + ",result=\"server_error\"}",
                 c.results_server_error);
  }
  text += "# TYPE gateway_write_through_wal_results_total counter\n";
  text += Line("gateway_write_through_wal_results_total{" + path + ",result=\"ok\"}", c.wal_ok);
  if (c.wal_error > 0) {
    text +=
        Line("gateway_write_through_wal_results_total{" + path + ",result=\"error\"}", c.wal_error);
  }
  text += "# TYPE gateway_dlq_depth gauge\n";
  text += Line("gateway_dlq_depth{topic=\"memory.wal.dlq\"}", c.dlq_depth);
  text += "# TYPE memory_replicator_events_total counter\n";
  text += Line("memory_replicator_events_total{result=\"ok\"}", c.replicator_events);
  text += "# TYPE memory_replicator_lag_seconds gauge\n";
  text += Line("memory_replicator_lag_seconds", 0.1);
  if (c.with_request_histogram) {
    constexpr const char* kBounds[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "+Inf"};
    text += "# TYPE gateway_request_seconds histogram\n";
    for (size_t i = 0; i < c.request_buckets.size(); ++i) {
      text += Line("gateway_request_seconds_bucket{" + path + ",le=\"" + kBounds[i] + "\"}",
                   c.request_buckets[i]);
    }
    text += Line("gateway_request_seconds_sum{" + path + "}", 0);
    text += Line("gateway_request_seconds_count{" + path + "}", c.request_buckets.back());
  }
  return text;
}

load::RunResult SteadyRun(double rps, int seconds, std::chrono::nanoseconds latency) {
  load::RunResult run;
  run.target_url = "http://127.0.0.1:8010";
  run.path = "/v1/session/message";
  run.target_rps = rps;
  run.peak_rps = rps;
  run.duration = std::chrono::seconds(seconds);
  run.concurrency = 20;
  run.schedule = "constant";
  run.started_at = RunStart();
  run.sending_time = run.duration;
  run.finished_at = RunStart() + std::chrono::seconds(seconds + 1);
  const auto total = static_cast<uint64_t>(std::llround(rps * seconds));
  run.scheduled = run.sent = run.completed = run.ok = total;
  run.achieved_rps = rps;
  run.status_counts[200] = total;
  run.latency.RecordCount(latency, total);
  run.ok_latency.RecordCount(latency, total);
  run.service_time.RecordCount(latency, total);
  run.ok_service_time.RecordCount(latency, total);
  run.send_lateness.RecordCount(100us, total);
  for (int second = 0; second < seconds; ++second) {
    stats::WindowSummary window;
    window.second = second;
    window.count = static_cast<uint64_t>(std::llround(rps));
    window.p50 = window.p95 = window.p99 = latency;
    run.per_second.push_back(window);
  }
  for (uint64_t i = 0; i < total; ++i) run.event_ids.push_back("event-" + std::to_string(i));
  return run;
}

Observations Healthy() {
  Observations observations;
  observations.profile = "smoke";
  observations.endpoint = "write";
  observations.run = SteadyRun(10, 20);
  GatewayCounters before;
  before.attempts = before.results_ok = before.wal_ok = before.replicator_events = 1000;
  GatewayCounters after = before;
  after.attempts = after.results_ok = after.wal_ok = after.replicator_events = 1200;
  observations.before = SetFrom(Exposition(before), -1s);
  observations.after = SetFrom(Exposition(after), 26s);
  // Each write is replicated 0.1 s after it was acknowledged (10 per second from t = 0).
  SetSamples(
      observations, SamplePlan{}, [](auto) { return 0.1; },
      [](std::chrono::nanoseconds t) {
        const double seconds = std::chrono::duration<double>(t).count();
        return 1000 + std::min(200.0, std::floor(10 * std::max(0.0, seconds - 0.1)));
      });
  observations.final_health = scrape::ParseHealth(
      R"({"status": "ok", "components": {"memory_dlq": {"status": "ok", "detail": "depth=0"}}})");
  scrape::AuditResult audit;
  audit.acknowledged = audit.checked = audit.found = 200;
  observations.audit = audit;
  return observations;
}

SloSet DefaultSlos() { return SloSet{}; }

SloSet PointEstimateSlos() {
  SloSet slos = DefaultSlos();
  slos.rules.confidence = 0;
  return slos;
}

scrape::SampledSeries Series(std::string_view selector) {
  scrape::SampledSeries series;
  series.selector = std::string(selector);
  return series;
}

scrape::SamplePoint Point(std::chrono::nanoseconds t, std::optional<double> value) {
  scrape::SamplePoint point;
  point.at = RunStart() + std::chrono::duration_cast<scrape::WallTime::duration>(t);
  point.value = value;
  return point;
}

}  // namespace slogate::testing
