#include "slogate/stats/windows.h"

#include <algorithm>

namespace slogate::stats {
namespace {

int64_t SecondOf(std::chrono::nanoseconds since_start) {
  const int64_t second = std::chrono::floor<std::chrono::seconds>(since_start).count();
  return std::clamp<int64_t>(second, 0, PerSecondWindows::kMaxSecond);
}

WindowSummary EmptyWindow(int64_t second) {
  WindowSummary window;
  window.second = second;
  return window;
}

}  // namespace

PerSecondWindows::PerSecondWindows(HistogramRange range, std::chrono::nanoseconds latency_mark)
    : range_(range), latency_mark_(latency_mark), open_histogram_(range) {}

void PerSecondWindows::RecordOk(std::chrono::nanoseconds since_start,
                                std::chrono::nanoseconds latency) {
  const bool slow = latency_mark_ > std::chrono::nanoseconds(0) && latency >= latency_mark_;
  Record(since_start, latency, 0, slow ? 1 : 0);
}

void PerSecondWindows::RecordError(std::chrono::nanoseconds since_start,
                                   std::chrono::nanoseconds latency) {
  Record(since_start, latency, 1, 0);
}

void PerSecondWindows::Record(std::chrono::nanoseconds since_start,
                              std::chrono::nanoseconds latency, uint64_t error,
                              uint64_t ok_slow) {
  const int64_t second = SecondOf(since_start);
  if (second < static_cast<int64_t>(closed_.size())) {
    // Late completion for a closed second: its counts stay exact, its percentiles are final.
    WindowSummary& late = closed_[static_cast<size_t>(second)];
    ++late.count;
    late.errors += error;
    late.ok_slow += ok_slow;
    return;
  }
  if (has_open_ && second > open_.second) CloseOpen();
  if (!has_open_) {
    // Seconds without completions between the last window and this one are listed as empty.
    while (static_cast<int64_t>(closed_.size()) < second) {
      closed_.push_back(EmptyWindow(static_cast<int64_t>(closed_.size())));
    }
    open_ = EmptyWindow(second);
    has_open_ = true;
  }
  ++open_.count;
  open_.errors += error;
  open_.ok_slow += ok_slow;
  open_histogram_.Record(latency);
}

void PerSecondWindows::CloseOpen() {
  open_.p50 = open_histogram_.Percentile(0.50);
  open_.p95 = open_histogram_.Percentile(0.95);
  open_.p99 = open_histogram_.Percentile(0.99);
  closed_.push_back(open_);
  open_histogram_.Reset();
  has_open_ = false;
}

std::vector<WindowSummary> PerSecondWindows::Finish() {
  if (has_open_) CloseOpen();
  return closed_;
}

std::vector<WindowSummary> MergeWindows(const std::vector<std::vector<WindowSummary>>& shards) {
  int64_t last = -1;
  for (const auto& shard : shards) {
    for (const WindowSummary& window : shard) {
      if (window.second <= PerSecondWindows::kMaxSecond) last = std::max(last, window.second);
    }
  }
  std::vector<WindowSummary> merged;
  merged.reserve(static_cast<size_t>(last + 1));
  for (int64_t second = 0; second <= last; ++second) merged.push_back(EmptyWindow(second));
  for (const auto& shard : shards) {
    for (const WindowSummary& window : shard) {
      // Not produced by PerSecondWindows (RunResultFromJson rejects such seconds).
      if (window.second < 0 || window.second > PerSecondWindows::kMaxSecond) continue;
      WindowSummary& into = merged[static_cast<size_t>(window.second)];
      into.count += window.count;
      into.errors += window.errors;
      into.ok_slow += window.ok_slow;
      if (window.count == 0) continue;
      into.p50 = std::max(into.p50, window.p50);
      into.p95 = std::max(into.p95, window.p95);
      into.p99 = std::max(into.p99, window.p99);
    }
  }
  return merged;
}

}  // namespace slogate::stats
