// Feeds arbitrary text to Histogram::Deserialize and checks what every accepted histogram
// keeps: it re-encodes to an equal histogram, its percentiles are ordered and lie within
// [Min, Max], and its clamped count never exceeds its count. Rejections must carry the
// "bad_histogram" code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "slogate/stats/histogram.h"

using slogate::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto histogram = slogate::stats::Histogram::Deserialize(text);
  if (!histogram.ok()) {
    Require(histogram.error().code == "bad_histogram");
    return 0;
  }
  const auto again = slogate::stats::Histogram::Deserialize(histogram->Serialize());
  Require(again.ok() && *again == *histogram);
  Require(histogram->clamped_count() <= histogram->count());
  const auto p50 = histogram->Percentile(0.5);
  const auto p99 = histogram->Percentile(0.99);
  Require(histogram->Min() <= p50 && p50 <= p99 && p99 <= histogram->Max());
  Require(histogram->Min() <= histogram->Mean() && histogram->Mean() <= histogram->Max());
  return 0;
}
