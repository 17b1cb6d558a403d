// Log-linear bucket layout (the HdrHistogram idea, written from its description):
//
//   unit    = 2^unit_shift ns, the largest power of two with unit * half <= lowest
//   half    = 2^(bits-1), the smallest power of two >= 10^significant_digits
//   scaled  = value_ns >> unit_shift
//   magnitude m = max(0, bit_length(scaled) - bits)
//   index   = m * half + (scaled >> m)
//
// Magnitude 0 covers scaled values [0, 2*half) one unit per bucket; each further magnitude
// covers the next doubling with `half` buckets of width 2^m units. A bucket's width is therefore
// at most 1/half of its lower bound for every value >= lowest, which is the precision guarantee.
#include "slogate/stats/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "slogate/common/units.h"

namespace slogate::stats {
namespace {

constexpr int64_t kEmptyMin = std::numeric_limits<int64_t>::max();

int BitLength(uint64_t value) { return value == 0 ? 0 : 64 - __builtin_clzll(value); }

// Smallest bits with 2^(bits-1) >= 10^digits.
int SubBucketBits(int digits) {
  uint64_t power = 1;
  for (int i = 0; i < digits; ++i) power *= 10;
  int bits = 1;
  while ((uint64_t{1} << (bits - 1)) < power) ++bits;
  return bits;
}

// Nearest rank of quantile q among n values, tolerant of q * n landing a hair above an integer
// through binary rounding (0.95 * 100 must be rank 95, not 96).
uint64_t NearestRank(double q, uint64_t n) {
  const double exact = std::clamp(std::isnan(q) ? 0.0 : q, 0.0, 1.0) * static_cast<double>(n);
  const double nearest = std::round(exact);
  const double rank =
      std::abs(exact - nearest) <= 1e-9 * std::max(1.0, exact) ? nearest : std::ceil(exact);
  return std::clamp<uint64_t>(static_cast<uint64_t>(rank), 1, n);
}

}  // namespace

std::string DescribeRange(const HistogramRange& range) {
  using units::FormatDuration;
  using units::Seconds;
  return FormatDuration(std::chrono::duration_cast<Seconds>(range.lowest)) + ".." +
         FormatDuration(std::chrono::duration_cast<Seconds>(range.highest)) + " at " +
         std::to_string(range.significant_digits) + " significant digits";
}

Status ValidateRange(const HistogramRange& range) {
  if (range.lowest.count() <= 0) {
    return MakeError("bad_histogram_range", "histogram range: lowest must be > 0 ns, got " +
                                                std::to_string(range.lowest.count()) + " ns");
  }
  if (range.highest <= range.lowest) {
    return MakeError("bad_histogram_range", "histogram range: highest (" +
                                                std::to_string(range.highest.count()) +
                                                " ns) must be greater than lowest (" +
                                                std::to_string(range.lowest.count()) + " ns)");
  }
  if (range.highest.count() > Histogram::kMaxHighestNs) {
    return MakeError(
        "bad_histogram_range",
        "histogram range: highest must be <= " + std::to_string(Histogram::kMaxHighestNs) +
            " ns, got " + std::to_string(range.highest.count()) + " ns");
  }
  if (range.significant_digits < 1 || range.significant_digits > 5) {
    return MakeError("bad_histogram_range",
                     "histogram range: significant_digits must be 1..5, got " +
                         std::to_string(range.significant_digits));
  }
  return Status::Ok();
}

Histogram::Histogram(HistogramRange range) : range_(range) {
  if (const Status valid = ValidateRange(range); !valid.ok()) {
    throw std::invalid_argument(valid.error().message);
  }
  lowest_ns_ = range.lowest.count();
  highest_ns_ = range.highest.count();
  sub_bucket_bits_ = SubBucketBits(range.significant_digits);
  sub_bucket_mask_ = (uint64_t{1} << sub_bucket_bits_) - 1;
  unit_shift_ = std::max(0, BitLength(static_cast<uint64_t>(lowest_ns_)) - sub_bucket_bits_);
  page_bits_ = sub_bucket_bits_ - 1;
  page_mask_ = (size_t{1} << page_bits_) - 1;
  bucket_count_ = IndexOf(highest_ns_) + 1;
  pages_.resize((bucket_count_ + page_mask_) >> page_bits_);
  min_ns_ = kEmptyMin;
}

uint64_t& Histogram::CountRef(size_t index) {
  std::vector<uint64_t>& page = pages_[index >> page_bits_];
  if (page.empty()) [[unlikely]] page.assign(page_mask_ + 1, 0);
  return page[index & page_mask_];
}

size_t Histogram::allocated_bytes() const {
  size_t bytes = 0;
  for (const std::vector<uint64_t>& page : pages_) bytes += page.size() * sizeof(uint64_t);
  return bytes;
}

bool operator==(const Histogram& a, const Histogram& b) {
  const bool same_extremes = a.total_ == 0 || (a.min_ns_ == b.min_ns_ && a.max_ns_ == b.max_ns_);
  if (!(a.range_ == b.range_) || a.total_ != b.total_ || a.clamped_ != b.clamped_ ||
      a.sum_ns_ != b.sum_ns_ || !same_extremes) {
    return false;
  }
  for (size_t p = 0; p < a.pages_.size(); ++p) {
    const std::vector<uint64_t>& x = a.pages_[p];
    const std::vector<uint64_t>& y = b.pages_[p];
    if (x.empty() != y.empty()) {
      const std::vector<uint64_t>& allocated = x.empty() ? y : x;
      if (std::any_of(allocated.begin(), allocated.end(), [](uint64_t c) { return c != 0; })) {
        return false;
      }
    } else if (x != y) {
      return false;
    }
  }
  return true;
}

void Histogram::RecordCount(std::chrono::nanoseconds value, uint64_t count) {
  if (count == 0) return;
  const int64_t raw = value.count();
  const int64_t ns = Clamp(raw);
  CountRef(IndexOf(ns)) += count;
  total_ += count;
  clamped_ += static_cast<uint64_t>((raw < lowest_ns_) | (raw > highest_ns_)) * count;
  min_ns_ = std::min(min_ns_, ns);
  max_ns_ = std::max(max_ns_, ns);
  sum_ns_ += static_cast<Sum>(ns) * count;
}

Status Histogram::Merge(const Histogram& other) {
  if (!(other.range_ == range_)) {
    return MakeError("histogram_range_mismatch", "cannot merge a histogram over " +
                                                     DescribeRange(other.range_) +
                                                     " into one over " + DescribeRange(range_));
  }
  other.ForEachCount(0, [this](size_t index, uint64_t count) {
    CountRef(index) += count;
    return true;
  });
  total_ += other.total_;
  clamped_ += other.clamped_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
  sum_ns_ += other.sum_ns_;
  return Status::Ok();
}

void Histogram::Reset() {
  // The pages stay: a histogram reset every second (the per-second windows) refills the same.
  for (std::vector<uint64_t>& page : pages_) std::fill(page.begin(), page.end(), 0);
  total_ = 0;
  clamped_ = 0;
  min_ns_ = kEmptyMin;
  max_ns_ = 0;
  sum_ns_ = 0;
}

std::chrono::nanoseconds Histogram::Percentile(double q) const {
  if (total_ == 0) return std::chrono::nanoseconds(0);
  const uint64_t rank = NearestRank(q, total_);
  uint64_t seen = 0;
  int64_t found = max_ns_;  // reached only if total_ != the sum of the counts
  ForEachCount(0, [&](size_t index, uint64_t count) {
    seen += count;
    if (seen < rank) return true;
    found = std::min(LowestOfIndex(index) + WidthOfIndex(index) - 1, max_ns_);
    return false;
  });
  return std::chrono::nanoseconds(found);
}

uint64_t Histogram::CountAbove(std::chrono::nanoseconds value) const {
  if (total_ == 0 || value.count() >= highest_ns_) return 0;
  if (value.count() < lowest_ns_) return total_;
  uint64_t above = 0;
  ForEachCount(IndexOf(Clamp(value.count())) + 1, [&above](size_t, uint64_t count) {
    above += count;
    return true;
  });
  return above;
}

std::chrono::nanoseconds Histogram::Min() const {
  return std::chrono::nanoseconds(total_ == 0 ? 0 : min_ns_);
}

std::chrono::nanoseconds Histogram::Max() const {
  return std::chrono::nanoseconds(total_ == 0 ? 0 : max_ns_);
}

std::chrono::nanoseconds Histogram::Mean() const {
  if (total_ == 0) return std::chrono::nanoseconds(0);
  // Integer division with rounding to nearest: exact, no floating-point loss on huge sums.
  const Sum mean = (sum_ns_ + total_ / 2) / total_;
  return std::chrono::nanoseconds(static_cast<int64_t>(mean));
}

std::chrono::nanoseconds Histogram::LowestEquivalent(std::chrono::nanoseconds value) const {
  return std::chrono::nanoseconds(LowestOfIndex(IndexOf(Clamp(value.count()))));
}

std::chrono::nanoseconds Histogram::HighestEquivalent(std::chrono::nanoseconds value) const {
  const size_t index = IndexOf(Clamp(value.count()));
  return std::chrono::nanoseconds(LowestOfIndex(index) + WidthOfIndex(index) - 1);
}

Status Histogram::CheckConsistent() const {
  const auto fail = [](std::string what) { return MakeError("inconsistent_histogram", what); };
  if (clamped_ > total_) return fail("clamped count exceeds the total count");
  if (total_ == 0) {
    return sum_ns_ == 0 ? Status::Ok() : fail("empty histogram with a non-zero sum");
  }
  if (min_ns_ < lowest_ns_ || max_ns_ > highest_ns_ || min_ns_ > max_ns_) {
    return fail("min/max outside the range or min > max");
  }
  std::optional<size_t> first;
  size_t last = 0;
  ForEachCount(0, [&](size_t index, uint64_t) {
    if (!first) first = index;
    last = index;
    return true;
  });
  if (first != IndexOf(min_ns_) || last != IndexOf(max_ns_)) {
    return fail("min/max do not fall in the lowest/highest non-empty buckets");
  }
  if (sum_ns_ < static_cast<Sum>(min_ns_) * total_ ||
      sum_ns_ > static_cast<Sum>(max_ns_) * total_) {
    return fail("sum is not between count * min and count * max");
  }
  return Status::Ok();
}

int64_t Histogram::LowestOfIndex(size_t index) const {
  const size_t half = size_t{1} << (sub_bucket_bits_ - 1);
  const size_t magnitude = index < 2 * half ? 0 : index / half - 1;
  const uint64_t sub_bucket = index - magnitude * half;
  return static_cast<int64_t>((sub_bucket << magnitude) << unit_shift_);
}

int64_t Histogram::WidthOfIndex(size_t index) const {
  const size_t half = size_t{1} << (sub_bucket_bits_ - 1);
  const size_t magnitude = index < 2 * half ? 0 : index / half - 1;
  return int64_t{1} << (magnitude + static_cast<size_t>(unit_shift_));
}

}  // namespace slogate::stats
