#include "slogate/report/seed_summary.h"

#include <chrono>

#include <gtest/gtest.h>

namespace slogate::report {
namespace {

using std::chrono::milliseconds;

// Three histograms with disjoint value ranges, so a field read from the wrong one is caught.
load::RunResult HandBuiltRun() {
  load::RunResult run;
  run.target_url = "http://127.0.0.1:8010";
  run.path = "/v1/session/message";
  run.target_rps = 5;
  run.peak_rps = 8;
  run.duration = std::chrono::seconds(15);
  run.concurrency = 20;
  run.transport = "http1";
  run.scheduled = 110;
  run.sent = 100;
  run.dropped = 10;
  run.completed = 100;
  run.ok = 97;
  run.errors = 3;
  run.achieved_rps = 4.5;
  run.errors_by_category = {{load::ErrorCategory::kStatus5xx, 2},
                            {load::ErrorCategory::kTimeout, 1}};
  run.status_counts = {{200, 97}, {502, 2}};
  run.error_status_counts = {{502, 2}};
  run.event_ids = {"a", "b", "c"};
  run.ok_without_event_id = 90;
  run.duplicate_event_ids = 4;
  for (int i = 1; i <= 100; ++i) {
    run.latency.Record(milliseconds(i));            // 1..100 ms
    run.ok_latency.Record(milliseconds(400 + i));   // 401..500 ms
    run.failed_latency.Record(milliseconds(600 + i));
    run.ok_service_time.Record(milliseconds(800 + i));
    run.service_time.Record(milliseconds(200 + i)); // 201..300 ms
    run.send_lateness.Record(milliseconds(1000 + i));
  }
  return run;
}

TEST(SeedSummaryTest, KeepsTheSeedFieldsAndUnits) {
  const nlohmann::json summary = SeedSummary(HandBuiltRun());
  EXPECT_EQ(summary["target_url"], "http://127.0.0.1:8010");
  EXPECT_EQ(summary["path"], "/v1/session/message");
  EXPECT_DOUBLE_EQ(summary["rps"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(summary["duration"].get<double>(), 15.0);
  EXPECT_EQ(summary["concurrency"], 20);
  EXPECT_EQ(summary["sent"], 100);
  EXPECT_EQ(summary["count"], 100);
  EXPECT_EQ(summary["ok"], 97);
  EXPECT_EQ(summary["err"], 3);
  EXPECT_EQ(summary["transport"], "http1");
}

TEST(SeedSummaryTest, PercentilesAreNearestRankSecondsFromCorrectedLatency) {
  const nlohmann::json summary = SeedSummary(HandBuiltRun());
  // 3 significant digits: the reported value is within 0.1% above the exact one.
  EXPECT_NEAR(summary["p50"].get<double>(), 0.050, 0.050 * 1e-3);
  EXPECT_NEAR(summary["p95"].get<double>(), 0.095, 0.095 * 1e-3);
  EXPECT_NEAR(summary["p99"].get<double>(), 0.099, 0.099 * 1e-3);
  EXPECT_NEAR(summary["avg"].get<double>(), 0.0505, 0.0505 * 1e-3);
  EXPECT_NEAR(summary["max"].get<double>(), 0.100, 0.100 * 1e-3);
}

TEST(SeedSummaryTest, ServiceTimeAndLatenessComeFromTheirOwnHistograms) {
  const nlohmann::json summary = SeedSummary(HandBuiltRun());
  EXPECT_NEAR(summary["service_p50"].get<double>(), 0.250, 0.250 * 1e-3);
  EXPECT_NEAR(summary["service_p95"].get<double>(), 0.295, 0.295 * 1e-3);
  EXPECT_NEAR(summary["service_p99"].get<double>(), 0.299, 0.299 * 1e-3);
  EXPECT_NEAR(summary["lateness_p99"].get<double>(), 1.099, 1.099 * 1e-3);
}

TEST(SeedSummaryTest, ErrorRateCountsDroppedArrivalsAsFailures) {
  const nlohmann::json summary = SeedSummary(HandBuiltRun());
  // (3 errors + 10 dropped) / (100 completed + 10 dropped)
  EXPECT_DOUBLE_EQ(summary["err_rate"].get<double>(), 13.0 / 110.0);
  EXPECT_EQ(summary["dropped"], 10);
  EXPECT_EQ(summary["scheduled"], 110);
  EXPECT_DOUBLE_EQ(summary["achieved_rps"].get<double>(), 4.5);
  EXPECT_DOUBLE_EQ(summary["peak_rps"].get<double>(), 8.0);
}

TEST(SeedSummaryTest, ListsEveryErrorCategoryAndStatus) {
  const nlohmann::json summary = SeedSummary(HandBuiltRun());
  const nlohmann::json& categories = summary["errors_by_category"];
  EXPECT_EQ(categories.size(), 11u);
  EXPECT_EQ(categories["event_id_too_long"], 0);
  EXPECT_EQ(categories["status_5xx"], 2);
  EXPECT_EQ(categories["timeout"], 1);
  EXPECT_EQ(categories["connect"], 0);
  EXPECT_EQ(summary["status_counts"], (nlohmann::json{{"200", 97}, {"502", 2}}));
  EXPECT_EQ(summary["event_ids"], 3);
  EXPECT_EQ(summary["interrupted"], false);
}

TEST(SeedSummaryTest, AnInterruptedRunSaysWhatWasLeftUnsent) {
  load::RunResult run = HandBuiltRun();
  run.interrupted = true;
  run.scheduled = 150;
  run.not_sent_at_stop = 40;  // 150 = 100 sent + 10 dropped + 40 never sent
  const nlohmann::json summary = SeedSummary(run);
  EXPECT_EQ(summary["interrupted"], true);
  EXPECT_EQ(summary["aborted"], false);
  EXPECT_EQ(summary["not_sent_at_stop"], 40);
  EXPECT_EQ(summary["scheduled"].get<uint64_t>(), summary["sent"].get<uint64_t>() +
                                                      summary["dropped"].get<uint64_t>() +
                                                      summary["not_sent_at_stop"].get<uint64_t>());
}

TEST(SeedSummaryTest, AnAbortedRunSaysSoApartFromASignal) {
  load::RunResult run = HandBuiltRun();
  run.aborted = true;
  run.scheduled = 150;
  run.not_sent_at_stop = 40;
  const nlohmann::json summary = SeedSummary(run);
  EXPECT_EQ(summary["aborted"], true);
  EXPECT_EQ(summary["interrupted"], false);
  EXPECT_EQ(summary["not_sent_at_stop"], 40);
}

TEST(SeedSummaryTest, SplitsLatencyByOutcomeAndCountsUnauditableWrites) {
  const nlohmann::json summary = SeedSummary(HandBuiltRun());
  EXPECT_NEAR(summary["ok_p95"].get<double>(), 0.495, 0.495 * 1e-3);
  EXPECT_NEAR(summary["failed_p95"].get<double>(), 0.695, 0.695 * 1e-3);
  EXPECT_NEAR(summary["ok_service_p95"].get<double>(), 0.895, 0.895 * 1e-3);
  EXPECT_EQ(summary["error_status_counts"], (nlohmann::json{{"502", 2}}));
  EXPECT_EQ(summary["ok_without_event_id"], 90);
  EXPECT_EQ(summary["duplicate_event_ids"], 4);
}

TEST(SeedSummaryTest, EmptyRunHasZerosNotNaN) {
  const load::RunResult empty;
  const nlohmann::json summary = SeedSummary(empty);
  EXPECT_EQ(summary["count"], 0);
  EXPECT_DOUBLE_EQ(summary["err_rate"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(summary["p99"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(summary["avg"].get<double>(), 0.0);
  EXPECT_EQ(summary["status_counts"], nlohmann::json::object());
  // No OK response: no p95 of them, rather than a made-up 0.
  EXPECT_TRUE(summary["ok_p95"].is_null());
  EXPECT_TRUE(summary["failed_p95"].is_null());
}

}  // namespace
}  // namespace slogate::report
