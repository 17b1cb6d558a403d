// Per-second windows: count, errors and latency percentiles for each second of a run.
//
// Each window keeps a small histogram only while it is open; closed windows are reduced to a
// WindowSummary, so the cost of a long run grows by one small struct per second.
// Thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "slogate/stats/histogram.h"

namespace slogate::stats {

struct WindowSummary {
  int64_t second = 0;  // offset from the run's start, in whole seconds
  uint64_t count = 0;  // completions in this second
  uint64_t errors = 0;
  std::chrono::nanoseconds p50{0};
  std::chrono::nanoseconds p95{0};
  std::chrono::nanoseconds p99{0};
};

class PerSecondWindows {
 public:
  explicit PerSecondWindows(HistogramRange range = {});

  // Records one completion `since_start` after the run's start. Completions must arrive in
  // non-decreasing second order per instance, except within the currently open second.
  void RecordOk(std::chrono::nanoseconds since_start, std::chrono::nanoseconds latency);
  void RecordError(std::chrono::nanoseconds since_start, std::chrono::nanoseconds latency);

  // Closes the open window and returns all summaries in order (empty seconds included).
  std::vector<WindowSummary> Finish();

  // Summaries of windows closed so far (for progress output).
  const std::vector<WindowSummary>& closed() const;

 private:
  HistogramRange range_;
  Histogram open_histogram_;
  WindowSummary open_{};
  bool has_open_ = false;
  std::vector<WindowSummary> closed_;
};

// Merges per-second summaries of several shards/threads: counts add; percentiles of a merged
// second are the count-weighted maximum of the shard values (an upper bound, stated in reports).
std::vector<WindowSummary> MergeWindows(const std::vector<std::vector<WindowSummary>>& shards);

}  // namespace slogate::stats
