// Feeds arbitrary bytes to both exposition grammars and to the selector parser, and checks the
// invariants every accepted Snapshot keeps: labels sorted with unique names, sample names
// prefixed by their family's name, and a JSON view that serializes (valid UTF-8 throughout).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "slogate/promtext/parser.h"
#include "slogate/promtext/quantile.h"
#include "slogate/promtext/selector.h"
#include "slogate/promtext/snapshot_json.h"

namespace {

using slogate::fuzz::Require;
using slogate::promtext::Family;
using slogate::promtext::Format;
using slogate::promtext::Labels;
using slogate::promtext::Sample;
using slogate::promtext::Snapshot;

void CheckLabels(const Labels& labels) {
  for (size_t i = 1; i < labels.size(); ++i) Require(labels[i - 1].name < labels[i].name);
}

void CheckSnapshot(const Snapshot& snapshot) {
  for (const Family& family : snapshot.families) {
    for (const Sample& sample : family.samples) {
      Require(std::string_view(sample.name).starts_with(family.name));
      CheckLabels(sample.labels);
      if (sample.exemplar) CheckLabels(sample.exemplar->labels);
    }
  }
  Require(!slogate::promtext::SnapshotToJson(snapshot).dump().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const Format format : {Format::kPrometheusText004, Format::kOpenMetrics100}) {
    const auto snapshot = slogate::promtext::Parse(text, format);
    if (snapshot.ok()) CheckSnapshot(*snapshot);
  }
  // Short inputs double as selectors; when one parses, run it over a tiny snapshot.
  if (size < 256) {
    const auto selector = slogate::promtext::Selector::Parse(text);
    if (selector.ok()) {
      const auto snapshot = slogate::promtext::Parse(
          "# TYPE h histogram\nh_bucket{le=\"1\",a=\"x\"} 1\nh_bucket{le=\"+Inf\",a=\"x\"} 2\n",
          Format::kPrometheusText004);
      Require(snapshot.ok());
      (void)slogate::promtext::Sum(*snapshot, *selector);
      const auto buckets = slogate::promtext::CollectBuckets(*snapshot, *selector);
      if (buckets.ok()) (void)slogate::promtext::HistogramQuantile(0.5, *buckets);
      const auto again = slogate::promtext::Selector::Parse(selector->ToString());
      Require(again.ok() && again->ToString() == selector->ToString());
    }
  }
  return 0;
}
