#include "slogate/report/run_summary_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace slogate::report {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

load::RunResult TenRequests() {
  load::RunResult run;
  run.target_url = "http://127.0.0.1:8010";
  run.path = "/v1/session/message";
  run.schedule = "constant";
  run.transport = "http1";
  run.target_rps = 200;
  run.duration = std::chrono::seconds(30);
  run.concurrency = 50;
  run.scheduled = 6000;
  run.sent = 6000;
  run.completed = 6000;
  run.ok = 5988;
  run.errors = 12;
  run.achieved_rps = 199.97;
  run.error_status_counts = {{429, 12}};
  run.errors_by_category = {{load::ErrorCategory::kStatus429, 12}};
  for (int i = 1; i <= 10; ++i) {
    run.latency.Record(milliseconds(i));
    run.service_time.Record(microseconds(900 * i));
  }
  return run;
}

TEST(RunSummaryTextTest, SaysWhatWasAskedWhatWasSentAndWhy) {
  const std::string text = RunSummaryText(TenRequests());
  EXPECT_THAT(text, HasSubstr("target  http://127.0.0.1:8010/v1/session/message  constant 200/s "
                              "for 30 s, at most 50 in flight, through http1\n"));
  EXPECT_THAT(text, HasSubstr("sent    6,000 of 6,000 scheduled (200/s achieved): ok 5,988, "
                              "errors 12 (0.2%), dropped 0\n"));
  EXPECT_THAT(text, HasSubstr("errors: HTTP 429 × 12\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("stopped by a signal")));
}

TEST(RunSummaryTextTest, TheSpectrumRunsFromTheMedianToTheMaximumInBothColumns) {
  const std::string text = RunSummaryText(TenRequests());
  EXPECT_THAT(text, HasSubstr("   latency    corrected      service\n"));
  // Nearest rank over ten values: the median is the 5th, 90% the 9th, every tail the 10th
  // (each the highest value of its bucket, at 3 significant digits).
  EXPECT_THAT(text, HasSubstr("       50%     5.001 ms     4.502 ms\n"));
  EXPECT_THAT(text, HasSubstr("       90%     9.003 ms     8.102 ms\n"));
  for (const char* row : {"       75%", "       99%", "     99.9%", "    99.99%"}) {
    EXPECT_THAT(text, HasSubstr(row));
  }
  EXPECT_THAT(text, HasSubstr("       max        10 ms         9 ms\n"));
}

TEST(RunSummaryTextTest, AnEmptySideIsADashAndAnInterruptedRunSaysSo) {
  load::RunResult run = TenRequests();
  run.service_time = stats::Histogram();
  run.interrupted = true;
  run.abandoned_in_flight = 3;
  const std::string text = RunSummaryText(run);
  EXPECT_THAT(text, HasSubstr("stopped by a signal: the figures cover what was sent\n"));
  EXPECT_THAT(text, HasSubstr(", 3 still in flight at the end\n"));
  EXPECT_THAT(text, HasSubstr("       max        10 ms            -\n"));
}

}  // namespace
}  // namespace slogate::report
