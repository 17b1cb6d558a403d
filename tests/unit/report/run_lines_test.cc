#include "slogate/report/run_lines.h"

#include <gtest/gtest.h>

#include <cmath>

#include <chrono>
#include <string>

namespace slogate::report {
namespace {

using load::ErrorCategory;
using std::chrono::milliseconds;

TEST(ErrorCausesLineTest, NamesTheStatusOfAnAuthFailureStorm) {
  load::RunResult run;
  run.ok = 0;
  run.errors = 600;
  run.errors_by_category = {{ErrorCategory::kStatus4xx, 600}};
  run.error_status_counts = {{401, 600}};
  EXPECT_EQ(ErrorCausesLine(run), "errors: HTTP 401 × 600");
}

TEST(ErrorCausesLineTest, StatusesFirstThenFailuresBelowHttpMostFrequentFirst) {
  load::RunResult run;
  run.errors = 19;
  run.errors_by_category = {{ErrorCategory::kStatus429, 12},
                            {ErrorCategory::kStatus5xx, 1},
                            {ErrorCategory::kConnect, 3},
                            {ErrorCategory::kTimeout, 3}};
  run.error_status_counts = {{429, 12}, {503, 1}};
  EXPECT_EQ(ErrorCausesLine(run), "errors: HTTP 429 × 12, HTTP 503 × 1, connect × 3, timeout × 3");
}

TEST(ErrorCausesLineTest, NamesAtMostEightCausesThenSumsTheRest) {
  load::RunResult run;
  for (int status = 500; status < 511; ++status) {
    run.error_status_counts[status] = static_cast<uint64_t>(600 - status);  // 500 most frequent
  }
  run.errors_by_category = {{ErrorCategory::kStatus5xx, 0}, {ErrorCategory::kRead, 1}};
  const std::string line = ErrorCausesLine(run);
  EXPECT_EQ(line.rfind("errors: HTTP 500 × 100, HTTP 501 × 99, ", 0), 0u) << line;
  // 508, 509, 510 and the read error: 92 + 91 + 90 + 1.
  EXPECT_TRUE(line.ends_with("HTTP 507 × 93, +4 more (274 requests)")) << line;
}

TEST(ErrorCausesLineTest, FileWithoutStatusesNamesTheStatusCategories) {
  load::RunResult run;  // as read from a version 3 file
  run.errors = 5;
  run.errors_by_category = {{ErrorCategory::kStatus5xx, 3}, {ErrorCategory::kTimeout, 2}};
  EXPECT_EQ(ErrorCausesLine(run), "errors: status_5xx × 3, timeout × 2");
}

TEST(ErrorCausesLineTest, EmptyWhenNothingFailed) {
  load::RunResult run;
  run.ok = 10;
  EXPECT_EQ(ErrorCausesLine(run), "");
}

TEST(AcknowledgedLineTest, CountsEveryAcknowledgedWrite) {
  load::RunResult run;
  run.ok = 600;
  for (int i = 0; i < 570; ++i) run.event_ids.push_back("e" + std::to_string(i));
  run.ok_without_event_id = 30;
  EXPECT_EQ(AcknowledgedLine(run),
            "acknowledged 600: 570 with distinct event_ids, 30 without, 0 repeated");
  run.ok_without_event_id = 0;
  run.duplicate_event_ids = 30;
  EXPECT_EQ(AcknowledgedLine(run),
            "acknowledged 600: 570 with distinct event_ids, 0 without, 30 repeated");
}

TEST(AcknowledgedLineTest, SaysWhenIdsWereNotKept) {
  load::RunResult run;
  run.ok = 75;
  EXPECT_EQ(AcknowledgedLine(run), "acknowledged 75 (event_ids not kept)");
  run.ok = 0;
  EXPECT_EQ(AcknowledgedLine(run), "");
}

TEST(LatencySplitLineTest, ShowsAFastFailingTargetApartFromItsOkResponses) {
  load::RunResult run;
  for (int i = 0; i < 20; ++i) run.ok_latency.Record(milliseconds(100));
  for (int i = 0; i < 580; ++i) run.failed_latency.Record(milliseconds(1));
  EXPECT_EQ(LatencySplitLine(run), "p95 of 20 OK responses 100 ms, of 580 failed requests 1 ms");
}

TEST(LatencySplitLineTest, ASideWithoutRequestsHasNoPercentile) {
  load::RunResult run;
  run.failed_latency.Record(milliseconds(1));
  EXPECT_EQ(LatencySplitLine(run), "p95 of 0 OK responses -, of 1 failed requests 1 ms");
}

TEST(ProgressLineTest, SaysHowFarTheRunIsAndHowItGoes) {
  load::Progress progress;
  progress.elapsed = milliseconds(12'000);
  progress.target_rps = 20;
  progress.sent = 1'240;
  progress.in_flight = 2;
  progress.errors = 3;
  progress.dropped = 1;
  progress.last_second_p95 = std::chrono::microseconds(3'100);
  EXPECT_EQ(ProgressLine(progress),
            "  12.0s  sent 1,240 (103/s of 20/s)  in flight 2  errors 3  dropped 1  p95 3.1 ms");
}

TEST(ProgressLineTest, BeforeTheFirstWholeSecondThereIsNoP95) {
  load::Progress progress;
  progress.target_rps = 5;
  EXPECT_EQ(ProgressLine(progress),
            "   0.0s  sent 0 (0/s of 5/s)  in flight 0  errors 0  dropped 0  p95 -");
}

TEST(ProgressLineTest, BeforeAStartTimeItCountsDown) {
  load::Progress progress;
  progress.elapsed = -milliseconds(12'300);
  EXPECT_EQ(ProgressLine(progress), "  starts in 13 s");
}

TEST(ProgressLineTest, TheSuiteAddsTheHighestLagTheGaugeReadSoFar) {
  load::Progress progress;
  progress.target_rps = 5;
  EXPECT_EQ(ProgressLine(progress, 0.12),
            "   0.0s  sent 0 (0/s of 5/s)  in flight 0  errors 0  dropped 0  p95 -  lag max 120 ms");
  // A gauge's value is the target's: one no duration can hold is left out, not printed.
  for (double nonsense : {-1.0, 1e300, std::nan("")}) {
    EXPECT_EQ(ProgressLine(progress, nonsense).find("lag"), std::string::npos) << nonsense;
  }
}

}  // namespace
}  // namespace slogate::report
