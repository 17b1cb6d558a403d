// Histogram: a log-linear (HDR-style) latency histogram with bounded memory.
//
// Values are recorded as durations with a fixed relative precision over a fixed range
// (default 1 µs .. 60 s at 3 significant digits). Memory depends only on range and precision,
// never on how many values were recorded: the buckets come in pages (one per doubling of the
// value, 8 KiB at 3 digits), each allocated when a value first falls in it, so a histogram of
// latencies that span a few doublings holds a few pages, never more than the pages
// bucket_count() counts fill. Values outside the range are clamped to it and counted (clamped_count()) so a report
// can say the range was too small.
//
// Precision guarantee: for every recorded value v in [lowest, highest], the bucket holding v
// is either exact (1 ns wide) or at most v / 10^significant_digits wide, so any value the
// histogram reports for a recorded v (a percentile) lies in [v, v * (1 + 10^-significant_digits)).
// Min, Max and Mean are exact (over the clamped values). docs/stats.md has the bucket layout.
//
// Thread-compatible: one writer at a time; merge per-thread histograms for a total.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::stats {

struct HistogramRange {
  std::chrono::nanoseconds lowest = std::chrono::microseconds(1);
  std::chrono::nanoseconds highest = std::chrono::seconds(60);
  int significant_digits = 3;  // 1..5

  friend bool operator==(const HistogramRange&, const HistogramRange&) = default;
};

// "1us..60s at 3 significant digits", for error messages. Thread-safe.
std::string DescribeRange(const HistogramRange& range);

// Checks the constructor's preconditions; the error names the bad field. Thread-safe.
Status ValidateRange(const HistogramRange& range);

class Histogram {
 public:
  // The largest `highest` accepted (2^52 ns, about 52 days): keeps bucket arithmetic in range.
  static constexpr int64_t kMaxHighestNs = int64_t{1} << 52;

  // Precondition: ValidateRange(range).ok(), i.e. 0 < lowest < highest <= kMaxHighestNs and
  // 1 <= significant_digits <= 5 (throws std::invalid_argument otherwise).
  explicit Histogram(HistogramRange range = {});

  // O(1): the load engine calls this once per completed request. It allocates only the first
  // time a value falls in a page (at most bucket_count() / page size times in a histogram's life).
  void Record(std::chrono::nanoseconds value) { RecordCount(value, 1); }
  // Records `value` `count` times in O(1); a count of 0 is a no-op.
  void RecordCount(std::chrono::nanoseconds value, uint64_t count);

  // Adds every count of `other`. Returns an error ("histogram_range_mismatch") when the ranges
  // differ; `*this` is then unchanged.
  Status Merge(const Histogram& other);
  void Reset();

  uint64_t count() const { return total_; }
  // How many recorded values lay outside [lowest, highest] and were clamped to it.
  uint64_t clamped_count() const { return clamped_; }
  // Value at quantile q in [0, 1] by nearest rank: rank = max(1, ceil(q * count)) (q outside
  // [0, 1] is clamped), the value is the highest value equivalent to the bucket holding the
  // rank-th smallest value, capped at Max(). Zero when empty.
  std::chrono::nanoseconds Percentile(double q) const;
  // How many recorded values lie in buckets wholly above `value` (values in the bucket that
  // holds `value` are not counted: they may equal it).
  uint64_t CountAbove(std::chrono::nanoseconds value) const;
  std::chrono::nanoseconds Min() const;   // exact; zero when empty
  std::chrono::nanoseconds Max() const;   // exact; zero when empty
  std::chrono::nanoseconds Mean() const;  // exact up to rounding to whole ns; zero when empty
  const HistogramRange& range() const { return range_; }

  // Bucket geometry (for tests, docs and reports). Arguments are clamped to the range.
  std::chrono::nanoseconds LowestEquivalent(std::chrono::nanoseconds value) const;
  std::chrono::nanoseconds HighestEquivalent(std::chrono::nanoseconds value) const;
  size_t bucket_count() const { return bucket_count_; }
  // Bytes of bucket counts allocated now: the pages values have fallen in.
  size_t allocated_bytes() const;

  // Lossless compact text encoding (for shard results); Deserialize(Serialize(), n) == *this
  // for any n >= bucket_count() (the default admits 3 digits up to 1us..1m; not 4 or 5 digits
  // over such a range).
  // The text is ASCII without quotes or backslashes, so it embeds in JSON as is.
  std::string Serialize() const;
  // Validates everything (format, range, bucket indexes, count/min/max/sum consistency) and
  // returns an Error with code "bad_histogram" saying what is wrong. The range comes from the
  // text, and memory follows it: a range of more than `max_buckets` buckets is refused rather
  // than allocated (the default admits what slogate records, 1us..1m at 3 digits, with room:
  // 2^17 buckets, 1 MiB once every page holds a value).
  static constexpr size_t kMaxStoredBuckets = size_t{1} << 17;
  static Result<Histogram> Deserialize(std::string_view encoded,
                                       size_t max_buckets = kMaxStoredBuckets);

  // Equal ranges, counts and statistics; where pages are allocated does not matter.
  friend bool operator==(const Histogram& a, const Histogram& b);

 private:
  // 128-bit so that the exact sum of any number of clamped values cannot overflow in practice.
  __extension__ using Sum = unsigned __int128;

  size_t IndexOf(int64_t clamped_ns) const {
    const uint64_t scaled = static_cast<uint64_t>(clamped_ns) >> unit_shift_;
    // Magnitude: 0 for the first 2*half buckets, then one more per doubling (branch-free).
    const int magnitude = 64 - __builtin_clzll(scaled | sub_bucket_mask_) - sub_bucket_bits_;
    return (static_cast<size_t>(magnitude) << (sub_bucket_bits_ - 1)) +
           static_cast<size_t>(scaled >> magnitude);
  }
  // Checks the invariants Deserialize cannot get from the format alone (min/max/sum/clamped
  // against the bucket counts); the error message says which one failed.
  Status CheckConsistent() const;
  int64_t LowestOfIndex(size_t index) const;
  int64_t WidthOfIndex(size_t index) const;
  int64_t Clamp(int64_t ns) const {
    return ns < lowest_ns_ ? lowest_ns_ : (ns > highest_ns_ ? highest_ns_ : ns);
  }
  // The count of bucket `index`, for adding to it: allocates its page on first use.
  uint64_t& CountRef(size_t index);
  // Calls visit(index, count) for each non-zero bucket in index order, from bucket `from` on,
  // until it returns false.
  template <typename Visit>
  void ForEachCount(size_t from, Visit visit) const;

  HistogramRange range_;
  int64_t lowest_ns_ = 0;
  int64_t highest_ns_ = 0;
  int sub_bucket_bits_ = 0;       // buckets per magnitude = 2^(bits-1) >= 10^digits
  uint64_t sub_bucket_mask_ = 0;  // 2^bits - 1
  int unit_shift_ = 0;            // bucket unit = 2^unit_shift ns <= lowest / 2^(bits-1)
  int page_bits_ = 0;             // a page holds 2^page_bits buckets (one magnitude's)
  size_t page_mask_ = 0;
  size_t bucket_count_ = 0;
  std::vector<std::vector<uint64_t>> pages_;  // empty where no value has fallen yet
  uint64_t total_ = 0;
  uint64_t clamped_ = 0;
  int64_t min_ns_ = 0;  // meaningful only when total_ > 0
  int64_t max_ns_ = 0;
  Sum sum_ns_ = 0;
};

template <typename Visit>
inline void Histogram::ForEachCount(size_t from, Visit visit) const {
  for (size_t p = from >> page_bits_; p < pages_.size(); ++p) {
    const std::vector<uint64_t>& page = pages_[p];
    if (page.empty()) continue;
    const size_t first = p << page_bits_;
    for (size_t j = (p == from >> page_bits_ ? from & page_mask_ : 0); j < page.size(); ++j) {
      if (page[j] != 0 && !visit(first + j, page[j])) return;
    }
  }
}

}  // namespace slogate::stats
