#include "sample_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace slogate::testing {

using load::ErrorCategory;
using load::RunResult;

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

RunResult SampleRun(uint64_t seed, int64_t started_at_s) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> latency(std::log(3e6), 1.0);
  RunResult run;
  run.target_url = "http://127.0.0.1:8080";
  run.path = "/v1/session/message";
  run.target_rps = 250.5;
  run.peak_rps = 300.25;
  run.duration = seconds(3);
  run.concurrency = 64;
  run.schedule = "burst";
  run.burst_windows = {{milliseconds(1000), milliseconds(2000)}};
  run.rate_plan = {{seconds(0), seconds(1), 225.25, 225.25},
                   {seconds(1), seconds(2), 300.25, 300.25},
                   {seconds(2), seconds(3), 225.25, 225.25}};
  run.started_at = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(seconds(started_at_s) +
                                                                      nanoseconds(123'456'789)));
  run.finished_at = run.started_at + milliseconds(3400);
  run.sending_time = milliseconds(3001);
  run.interrupted = seed % 2 == 0;
  run.aborted = seed % 3 == 0;
  run.latency_mark = milliseconds(5);
  run.scheduled = 750 + seed;
  run.sent = 740 + seed;
  run.dropped = 6;
  run.dropped_at_cap = 2 + seed % 3;
  run.not_sent_at_stop = 4;
  run.completed = 738 + seed;
  run.ok = 730 + seed;
  run.errors = 8;
  run.abandoned_in_flight = 2;
  run.achieved_rps = 246.6 + static_cast<double>(seed);
  run.errors_by_category = {{ErrorCategory::kTimeout, 5}, {ErrorCategory::kStatus5xx, 3}};
  run.status_counts = {{200, 730 + seed}, {503, 3}};
  run.error_status_counts = {{503, 3}};
  stats::PerSecondWindows windows({}, run.latency_mark);
  for (uint64_t i = 0; i < run.completed; ++i) {
    const nanoseconds value(std::llround(latency(rng)));
    const nanoseconds at = milliseconds(static_cast<int64_t>(i * 4));
    run.latency.Record(value);
    run.service_time.Record(value / 2);
    run.send_lateness.Record(value / 100);
    if (i % 7 == 0) run.slot_wait.Record(value / 3);
    if (i < run.errors) {
      run.failed_latency.Record(value);
      windows.RecordError(at, value);
    } else {
      run.ok_latency.Record(value);
      run.ok_service_time.Record(value / 2);
      windows.RecordOk(at, value);
    }
  }
  run.per_second = windows.Finish();
  for (uint64_t i = 0; i < 5; ++i) {
    run.event_ids.push_back("evt-" + std::to_string(seed) + "-" + std::to_string(i));
  }
  // ok == event_ids.size() + ok_without_event_id + duplicate_event_ids
  run.duplicate_event_ids = 2;
  run.ok_without_event_id = run.ok - run.event_ids.size() - run.duplicate_event_ids;
  return run;
}

void ExpectSameRun(const RunResult& actual, const RunResult& expected) {
  EXPECT_EQ(actual.target_url, expected.target_url);
  EXPECT_EQ(actual.path, expected.path);
  EXPECT_EQ(actual.target_rps, expected.target_rps);
  EXPECT_EQ(actual.peak_rps, expected.peak_rps);
  EXPECT_EQ(actual.duration, expected.duration);
  EXPECT_EQ(actual.concurrency, expected.concurrency);
  EXPECT_EQ(actual.schedule, expected.schedule);
  ASSERT_EQ(actual.burst_windows.size(), expected.burst_windows.size());
  for (size_t i = 0; i < actual.burst_windows.size(); ++i) {
    EXPECT_EQ(actual.burst_windows[i].begin, expected.burst_windows[i].begin) << i;
    EXPECT_EQ(actual.burst_windows[i].end, expected.burst_windows[i].end) << i;
  }
  EXPECT_EQ(actual.rate_plan, expected.rate_plan);
  EXPECT_EQ(actual.shard, expected.shard);
  EXPECT_EQ(actual.started_at, expected.started_at);
  EXPECT_EQ(actual.finished_at, expected.finished_at);
  EXPECT_EQ(actual.sending_time, expected.sending_time);
  EXPECT_EQ(actual.interrupted, expected.interrupted);
  EXPECT_EQ(actual.aborted, expected.aborted);
  EXPECT_EQ(actual.latency_mark, expected.latency_mark);
  EXPECT_EQ(actual.scheduled, expected.scheduled);
  EXPECT_EQ(actual.sent, expected.sent);
  EXPECT_EQ(actual.dropped, expected.dropped);
  EXPECT_EQ(actual.dropped_at_cap, expected.dropped_at_cap);
  EXPECT_EQ(actual.not_sent_at_stop, expected.not_sent_at_stop);
  EXPECT_EQ(actual.completed, expected.completed);
  EXPECT_EQ(actual.ok, expected.ok);
  EXPECT_EQ(actual.errors, expected.errors);
  EXPECT_EQ(actual.abandoned_in_flight, expected.abandoned_in_flight);
  EXPECT_EQ(actual.achieved_rps, expected.achieved_rps);
  EXPECT_EQ(actual.errors_by_category, expected.errors_by_category);
  EXPECT_EQ(actual.status_counts, expected.status_counts);
  EXPECT_EQ(actual.error_status_counts, expected.error_status_counts);
  EXPECT_TRUE(actual.latency == expected.latency);
  EXPECT_TRUE(actual.ok_latency == expected.ok_latency);
  EXPECT_TRUE(actual.failed_latency == expected.failed_latency);
  EXPECT_TRUE(actual.service_time == expected.service_time);
  EXPECT_TRUE(actual.ok_service_time == expected.ok_service_time);
  EXPECT_TRUE(actual.send_lateness == expected.send_lateness);
  EXPECT_TRUE(actual.slot_wait == expected.slot_wait);
  EXPECT_EQ(actual.per_second, expected.per_second);
  EXPECT_EQ(actual.event_ids, expected.event_ids);
  EXPECT_EQ(actual.ok_without_event_id, expected.ok_without_event_id);
  EXPECT_EQ(actual.duplicate_event_ids, expected.duplicate_event_ids);
}

}  // namespace slogate::testing
