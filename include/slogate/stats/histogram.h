// Histogram: a log-linear (HDR-style) latency histogram with bounded memory.
//
// Values are recorded as durations with a fixed relative precision over a fixed range
// (default 1 µs .. 60 s at 3 significant digits). Memory depends only on range and precision,
// never on how many values were recorded. Values outside the range are clamped to it and
// counted (clamped_count()) so a report can say the range was too small.
//
// Thread-compatible: one writer at a time; merge per-thread histograms for a total.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::stats {

struct HistogramRange {
  std::chrono::nanoseconds lowest = std::chrono::microseconds(1);
  std::chrono::nanoseconds highest = std::chrono::seconds(60);
  int significant_digits = 3;  // 1..5
};

class Histogram {
 public:
  // Precondition: 0 < lowest < highest, 1 <= significant_digits <= 5 (throws otherwise).
  explicit Histogram(HistogramRange range = {});

  void Record(std::chrono::nanoseconds value);
  void RecordCount(std::chrono::nanoseconds value, uint64_t count);

  // Adds every count of `other`. Returns an error when the ranges differ.
  Status Merge(const Histogram& other);
  void Reset();

  uint64_t count() const;
  uint64_t clamped_count() const;
  // Value at quantile q in [0, 1] (nearest rank, like the seed): the highest value equivalent
  // to the bucket holding rank ceil(q * count). Zero when empty.
  std::chrono::nanoseconds Percentile(double q) const;
  std::chrono::nanoseconds Min() const;
  std::chrono::nanoseconds Max() const;
  std::chrono::nanoseconds Mean() const;
  const HistogramRange& range() const;

  // Lossless compact text encoding (for shard results); Deserialize(Serialize()) == *this.
  std::string Serialize() const;
  static Result<Histogram> Deserialize(std::string_view encoded);

 private:
  // Implementation-defined bucket layout; see histogram.cc.
  HistogramRange range_;
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  uint64_t clamped_ = 0;
  int64_t min_ns_ = 0;
  int64_t max_ns_ = 0;
  long double sum_ns_ = 0;
  int sub_bucket_bits_ = 0;
  int64_t unit_ns_ = 1;
};

}  // namespace slogate::stats
