// What holds for every load run's result with event_id capture on (the default): counts that
// add up, histograms as full as their counts, every OK response an acknowledged write, every
// failure in one category and every failed HTTP answer with its status. Header-only, so that
// the support library need not link the load engine.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "slogate/load/run_result.h"

namespace slogate::testing {

inline void ExpectCountsAddUp(const load::RunResult& result) {
  EXPECT_EQ(result.scheduled, result.sent + result.dropped + result.not_sent_at_stop);
  EXPECT_EQ(result.sent, result.completed + result.abandoned_in_flight);
  EXPECT_EQ(result.completed, result.ok + result.errors);
  EXPECT_EQ(result.latency.count(), result.completed);
  EXPECT_EQ(result.ok_latency.count(), result.ok);
  EXPECT_EQ(result.failed_latency.count(), result.errors);
  EXPECT_EQ(result.service_time.count(), result.completed);
  EXPECT_EQ(result.ok_service_time.count(), result.ok);
  EXPECT_EQ(result.send_lateness.count(), result.sent);
  // Every OK response is an acknowledged write, auditable or not.
  EXPECT_EQ(result.ok,
            result.event_ids.size() + result.ok_without_event_id + result.duplicate_event_ids);
  uint64_t errors = 0;
  for (const auto& [category, count] : result.errors_by_category) errors += count;
  EXPECT_EQ(errors, result.errors);
  // Failed requests with an HTTP answer carry their status; the rest failed below HTTP.
  uint64_t status_errors = 0;
  for (load::ErrorCategory category :
       {load::ErrorCategory::kStatus4xx, load::ErrorCategory::kStatus429,
        load::ErrorCategory::kStatus5xx, load::ErrorCategory::kStatusOther}) {
    if (result.errors_by_category.contains(category)) {
      status_errors += result.errors_by_category.at(category);
    }
  }
  uint64_t error_statuses = 0;
  for (const auto& [status, count] : result.error_status_counts) error_statuses += count;
  EXPECT_EQ(error_statuses, status_errors);
}

}  // namespace slogate::testing
