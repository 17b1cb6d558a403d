// Per-second windows: count, errors and latency percentiles for each second of a run.
//
// Each window keeps a histogram only while it is open; closed windows are reduced to a
// WindowSummary, so the cost of a long run grows by one small struct per second.
// Thread-compatible: use one instance per thread and MergeWindows the results.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "slogate/stats/histogram.h"

namespace slogate::stats {

struct WindowSummary {
  int64_t second = 0;  // offset from the run's start, in whole seconds
  uint64_t count = 0;  // completions in this second (OK and errors)
  uint64_t errors = 0;
  // OK completions whose latency was at or above the recorder's latency mark (count - errors
  // are the OK ones); zero when no mark was set.
  uint64_t ok_slow = 0;
  // Nearest-rank percentiles of the latencies of all completions of the second (OK and errors
  // alike, like RunResult::latency); zero for an empty second. After MergeWindows, an upper
  // bound (see there).
  std::chrono::nanoseconds p50{0};
  std::chrono::nanoseconds p95{0};
  std::chrono::nanoseconds p99{0};

  friend bool operator==(const WindowSummary&, const WindowSummary&) = default;
};

class PerSecondWindows {
 public:
  // Seconds past this offset are counted in this last window (bounds memory against a clock
  // gone wild: ~11.5 days of windows at most).
  static constexpr int64_t kMaxSecond = 1'000'000;

  // `latency_mark`: OK completions with a latency at or above it are counted in ok_slow;
  // zero counts none.
  explicit PerSecondWindows(HistogramRange range = {},
                            std::chrono::nanoseconds latency_mark = std::chrono::nanoseconds(0));

  // Records one completion `since_start` after the run's start (negative offsets count in
  // second 0). Completions must arrive in non-decreasing second order per instance, except
  // within the currently open second. A completion for an already closed second still adds to
  // that second's count, errors and ok_slow, but no longer to its percentiles.
  void RecordOk(std::chrono::nanoseconds since_start, std::chrono::nanoseconds latency);
  void RecordError(std::chrono::nanoseconds since_start, std::chrono::nanoseconds latency);

  // Closes the open window and returns all summaries in order from second 0 (empty seconds
  // included). The instance can keep recording afterwards; later seconds continue the list.
  std::vector<WindowSummary> Finish();

  // Summaries of windows closed so far (for progress output).
  const std::vector<WindowSummary>& closed() const { return closed_; }

 private:
  void Record(std::chrono::nanoseconds since_start, std::chrono::nanoseconds latency,
              uint64_t error, uint64_t ok_slow);
  void CloseOpen();

  HistogramRange range_;
  std::chrono::nanoseconds latency_mark_;
  Histogram open_histogram_;
  WindowSummary open_{};
  bool has_open_ = false;
  std::vector<WindowSummary> closed_;
};

// Merges per-second summaries of several shards/threads, matching windows by `second`: counts
// errors and ok_slow add exactly; each percentile of a merged second is the maximum of that percentile
// over the shards that had completions in that second. That is an upper bound of the true
// merged percentile (no shard has more than a (1-q) share of values above its own q-quantile),
// not the exact value. The result covers every second from 0 to the last one seen, in order;
// windows with a second outside [0, PerSecondWindows::kMaxSecond] are ignored.
std::vector<WindowSummary> MergeWindows(const std::vector<std::vector<WindowSummary>>& shards);

}  // namespace slogate::stats
