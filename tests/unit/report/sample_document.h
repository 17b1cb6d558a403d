// A hand-built ResultsDocument for the reporter tests: a 10 s burst run with lag and DLQ
// samples, one finding of each outcome (ErrorRate and LatencyP95 with the evidence behind their
// bounds), and a JWT planted in the config and an error message.
#pragma once

#include <chrono>
#include <string>

#include "slogate/report/results_document.h"

namespace slogate::testing {

using report::ResultsDocument;

inline constexpr char kPlantedJwt[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJlLXNlY3JldA";

inline ResultsDocument SampleDocument() {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  ResultsDocument document;
  const auto start = std::chrono::system_clock::time_point(seconds(1'790'000'000));
  document.context = {start + seconds(12), "ci-runner-1", "0.1.0", "http://127.0.0.1:8010",
                      "staging", "burst"};
  document.config = {{"environment", "staging"},
                     {"target", {{"url", "http://127.0.0.1:8010"}, {"jwt", kPlantedJwt}}},
                     {"headers", {{"Authorization", std::string("Bearer ") + kPlantedJwt}}}};
  load::RunResult run;
  run.target_url = "http://127.0.0.1:8010";
  run.path = "/v1/session/message";
  run.target_rps = 20;
  run.duration = seconds(10);
  run.concurrency = 20;
  run.schedule = "burst";
  run.burst_windows = {{seconds(3), seconds(5)}};
  run.started_at = start;
  run.finished_at = start + seconds(11);
  run.sending_time = seconds(10);
  run.scheduled = run.sent = run.completed = 200;
  run.ok = 198;
  run.errors = 2;
  run.achieved_rps = 19.9;
  run.errors_by_category = {{load::ErrorCategory::kStatus5xx, 2}};
  run.status_counts = {{200, 198}, {502, 2}};
  run.error_status_counts = {{502, 2}};
  for (int i = 0; i < 200; ++i) {
    run.latency.Record(milliseconds(1 + i % 50));
    // The two failures (the first two requests) answered at once.
    (i < 2 ? run.failed_latency : run.ok_latency).Record(milliseconds(1 + i % 50));
  }
  for (int i = 0; i < 200; ++i) run.service_time.Record(milliseconds(1 + i % 40));
  for (int i = 2; i < 200; ++i) run.ok_service_time.Record(milliseconds(1 + i % 40));
  for (int i = 0; i < 200; ++i) run.send_lateness.Record(std::chrono::microseconds(50 + i));
  for (int second = 0; second < 10; ++second) {
    run.per_second.push_back({second, 20, second == 4 ? 2u : 0u, 0u, milliseconds(10 + second),
                              milliseconds(40 + second), milliseconds(48 + second)});
  }
  run.event_ids = {"e1", "e2"};
  run.ok_without_event_id = 190;  // ok = 2 distinct + 190 without + 6 repeated
  run.duplicate_event_ids = 6;
  document.run = std::move(run);

  scrape::SampledSeries lag;
  lag.selector = "memory_replicator_lag_seconds";
  lag.aggregation = scrape::Aggregation::kMax;
  scrape::SampledSeries dlq;
  dlq.selector = "gateway_dlq_depth{topic=\"memory.wal.dlq\"}";
  for (int i = 0; i < 20; ++i) {
    const auto at = start + milliseconds(500 * i);
    scrape::SamplePoint point;
    point.at = at;
    point.value = i >= 6 && i <= 10 ? 2.8 : 0.3;
    lag.points.push_back(point);
    point.value = i < 15 ? 0.0 : 1.0;
    dlq.points.push_back(point);
  }
  lag.points[12].value.reset();
  lag.points[12].error = "scrape failed: connection refused";
  document.series = {lag, dlq};

  document.scrapes.push_back(
      {"before", start, {{"http://127.0.0.1:9400/metrics", true, "", milliseconds(3), 12, 80}}});
  document.scrapes.push_back(
      {"after", start + seconds(11),
       {{"http://127.0.0.1:9400/metrics", true, "", milliseconds(4), 12, 84},
        {"http://127.0.0.1:9412/metrics", false, "connection refused", milliseconds(1), 0, 0}}});

  auto finding = [](std::string slo, slo::Outcome outcome, std::string message,
                    std::optional<double> measured, std::optional<double> threshold,
                    std::string unit) {
    slo::Finding out;
    out.slo = std::move(slo);
    out.outcome = outcome;
    out.message = std::move(message);
    out.measured = measured;
    out.threshold = threshold;
    out.unit = std::move(unit);
    out.profile = "burst";
    out.environment = "staging";
    return out;
  };
  document.verdict.overall = slo::Outcome::kFail;
  document.verdict.findings = {
      finding("ErrorRate", slo::Outcome::kFail,
              "ErrorRate FAIL (profile burst, env staging): 1% >= 0.5% threshold", 0.01, 0.005,
              "ratio"),
      finding("LatencyP95", slo::Outcome::kPass,
              "LatencyP95 PASS (profile burst, env staging): p95 47 ms < 150 ms", 47, 150, "ms"),
      finding("ReplicationLag", slo::Outcome::kInconclusive,
              std::string("ReplicationLag INCONCLUSIVE: sample failed (token ") + kPlantedJwt + ")",
              2.8, 2, "s"),
      finding("Reconciliation", slo::Outcome::kSkipped,
              "Reconciliation SKIPPED: gateway_request_seconds is optional and absent",
              std::nullopt, std::nullopt, ""),
  };
  document.verdict.findings[1].measurements = {{"p95_ms", 47, "ms"}, {"count", 200, "requests"}};
  // The errors came in one second: the bound allows for it. The p95's bound assumed
  // independence (no slow second to measure correlation by).
  document.verdict.findings[0].evidence = slo::Evidence{
      .confidence = 0.95, .bound = 0.0356, .method = "clopper-pearson", .sample_size = 200,
      .failures = 2, .effective_sample_size = 105.3, .design_effect = 1.9,
      .design_effect_measured = true, .needed = ""};
  document.verdict.findings[1].evidence = slo::Evidence{
      .confidence = 0.95, .bound = 49, .method = "order-statistic", .sample_size = 198,
      .failures = 0, .effective_sample_size = 198, .design_effect = 1,
      .design_effect_measured = false, .needed = ""};
  return document;
}

// LatencyP95's evidence of SampleDocument() turned into a point estimate (the profile's
// `"confidence": "none"`), with what would have proved it.
inline void MakeLatencyAPointEstimate(ResultsDocument& document) {
  slo::Evidence& evidence = *document.verdict.findings[1].evidence;
  evidence.confidence = 0;
  evidence.bound.reset();
  evidence.needed = "59 OK responses with none at or above 150 ms would show p95 < 150 ms";
}

// SampleDocument as read from Prometheus: ReplicationLag (INCONCLUSIVE) carries a range query
// and an instant query, LatencyP95 (PASS) one query; the PromQL holds characters HTML escapes.
inline ResultsDocument SampleDocumentWithQueries() {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  ResultsDocument document = SampleDocument();
  const auto start = document.run->started_at;
  document.verdict.findings[2].queries = {
      {R"(max(memory_replicator_lag_seconds{job="gw<1>&"}))", start, start + milliseconds(14500),
       seconds(1)},
      {R"(memory_replicator_events_total{job="gw<1>&"}[16s])", start - milliseconds(1500),
       start + milliseconds(14500), milliseconds(0)},
  };
  document.verdict.findings[1].queries = {
      {R"(gateway_request_seconds_count{job="gw"}[12s])", start, start + seconds(12),
       milliseconds(0)},
  };
  return document;
}

}  // namespace slogate::testing
