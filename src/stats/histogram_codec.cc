// Histogram text encoding:
//
//   shist1:<lowest_ns>:<highest_ns>:<significant_digits>:<payload>
//
// <payload> is unpadded base64url of a sequence of LEB128 varints:
//   clamped_count, min_ns, max_ns, sum_low64, sum_high64,
//   then for each non-empty bucket in index order: (index gap, count)
// where index gap = index - previous non-empty index - 1 (the first gap is the first index).
// min/max/sum are 0 for an empty histogram. The total count is the sum of the bucket counts.
#include <charconv>
#include <limits>

#include "slogate/common/base64url.h"
#include "slogate/stats/histogram.h"
#include "text_codec.h"

namespace slogate::stats {
namespace {

constexpr std::string_view kPrefix = "shist1:";

Error BadHistogram(const std::string& what) {
  return MakeError("bad_histogram", "invalid histogram encoding: " + what);
}

// Splits off the text up to the next ':' and parses it as a non-negative decimal integer.
Result<int64_t> TakeField(std::string_view& rest, std::string_view name) {
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    return BadHistogram("missing field '" + std::string(name) + "' or the ':' after it");
  }
  const std::string_view text = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return BadHistogram("field '" + std::string(name) + "' is not a non-negative integer: '" +
                        std::string(text) + "'");
  }
  return value;
}

}  // namespace

std::string Histogram::Serialize() const {
  std::string bytes;
  const bool empty = total_ == 0;
  codec::AppendVarint(clamped_, bytes);
  codec::AppendVarint(empty ? 0 : static_cast<uint64_t>(min_ns_), bytes);
  codec::AppendVarint(empty ? 0 : static_cast<uint64_t>(max_ns_), bytes);
  codec::AppendVarint(static_cast<uint64_t>(sum_ns_), bytes);
  codec::AppendVarint(static_cast<uint64_t>(sum_ns_ >> 64), bytes);
  size_t next = 0;  // first index the next gap counts from
  ForEachCount(0, [&](size_t index, uint64_t count) {
    codec::AppendVarint(index - next, bytes);
    codec::AppendVarint(count, bytes);
    next = index + 1;
    return true;
  });
  return std::string(kPrefix) + std::to_string(range_.lowest.count()) + ":" +
         std::to_string(range_.highest.count()) + ":" + std::to_string(range_.significant_digits) +
         ":" + base64url::Encode(bytes);
}

Result<Histogram> Histogram::Deserialize(std::string_view encoded, size_t max_buckets) {
  if (!encoded.starts_with(kPrefix)) {
    return BadHistogram("expected it to start with '" + std::string(kPrefix) + "'");
  }
  std::string_view rest = encoded.substr(kPrefix.size());
  const auto lowest = TakeField(rest, "lowest_ns");
  if (!lowest.ok()) return lowest.error();
  const auto highest = TakeField(rest, "highest_ns");
  if (!highest.ok()) return highest.error();
  const auto digits = TakeField(rest, "significant_digits");
  if (!digits.ok()) return digits.error();
  const HistogramRange range{std::chrono::nanoseconds(*lowest), std::chrono::nanoseconds(*highest),
                             static_cast<int>(std::min<int64_t>(*digits, 1000))};
  if (const Status valid = ValidateRange(range); !valid.ok()) {
    return BadHistogram(valid.error().message);
  }
  Histogram histogram(range);
  // Memory follows the range and precision, and these come from the text: a range far wider
  // than slogate records (5 digits over 52 days: ~4.7M buckets, 37 MiB once every page holds a
  // value) is refused, not allocated.
  if (histogram.bucket_count() > max_buckets) {
    return BadHistogram("range " + DescribeRange(range) + " needs " +
                        std::to_string(histogram.bucket_count()) + " buckets, more than the " +
                        std::to_string(max_buckets) + " a stored histogram may have (" +
                        DescribeRange(HistogramRange{}) + ", what slogate records, needs " +
                        std::to_string(Histogram().bucket_count()) + ")");
  }
  auto bytes = base64url::Decode(rest);
  if (!bytes.ok()) return BadHistogram(bytes.error().message);

  size_t offset = 0;
  uint64_t header[5] = {};
  for (uint64_t& field : header) {
    const auto value = codec::ReadVarint(*bytes, &offset);
    if (!value) {
      return BadHistogram("truncated or overlong header varint at payload byte " +
                          std::to_string(offset));
    }
    field = *value;
  }
  uint64_t next = 0;
  while (offset < bytes->size()) {
    const size_t at = offset;
    const auto gap = codec::ReadVarint(*bytes, &offset);
    const auto count = gap ? codec::ReadVarint(*bytes, &offset) : std::nullopt;
    if (!count) return BadHistogram("truncated bucket at payload byte " + std::to_string(at));
    if (*gap >= histogram.bucket_count_ - next) {
      return BadHistogram("bucket index beyond the range's " +
                          std::to_string(histogram.bucket_count_) + " buckets at payload byte " +
                          std::to_string(at));
    }
    if (*count == 0) return BadHistogram("zero bucket count at payload byte " + std::to_string(at));
    if (*count > std::numeric_limits<uint64_t>::max() - histogram.total_) {
      return BadHistogram("total count overflows 64 bits at payload byte " + std::to_string(at));
    }
    const size_t index = static_cast<size_t>(next + *gap);
    histogram.CountRef(index) = *count;
    histogram.total_ += *count;
    next = index + 1;
  }
  histogram.clamped_ = header[0];
  histogram.sum_ns_ = (static_cast<Sum>(header[4]) << 64) | header[3];
  if (histogram.total_ > 0) {
    histogram.min_ns_ = static_cast<int64_t>(std::min<uint64_t>(header[1], kMaxHighestNs + 1));
    histogram.max_ns_ = static_cast<int64_t>(std::min<uint64_t>(header[2], kMaxHighestNs + 1));
  } else if (header[1] != 0 || header[2] != 0) {
    return BadHistogram("empty histogram with non-zero min/max");
  }
  if (const Status consistent = histogram.CheckConsistent(); !consistent.ok()) {
    return BadHistogram(consistent.error().message);
  }
  return histogram;
}

}  // namespace slogate::stats
