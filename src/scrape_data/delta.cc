#include "slogate/scrape/delta.h"

#include <cmath>
#include <map>
#include <string_view>
#include <utility>

#include "slogate/scrape/series_text.h"

namespace slogate::scrape {
namespace {

using promtext::LabelList;
using promtext::Labels;
using promtext::Sample;

constexpr size_t kMaxResetDetails = 3;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Identity of one series: endpoint, sample name, labels. Control characters separate the
// parts so that no label value can forge another series' key.
std::string SeriesKey(const std::string& url, std::string_view name, const Labels& labels) {
  std::string key = url + '\x1e';
  key += name;
  for (const auto& label : labels) {
    key += '\x1f';
    key += label.name;
    key += '=';
    key += label.value;
  }
  return key;
}

// The `_created` series that belongs to a sample: foo_total, foo_bucket{le}, foo_count and
// foo_sum all share foo_created (without `le`/`quantile`).
std::string CreatedKey(const std::string& url, const Sample& sample) {
  std::string_view base = sample.name;
  for (std::string_view suffix : {"_total", "_bucket", "_count", "_sum"}) {
    if (EndsWith(base, suffix)) {
      base.remove_suffix(suffix.size());
      break;
    }
  }
  LabelList labels;
  for (const auto& label : sample.labels) {
    if (label.name != "le" && label.name != "quantile") labels.push_back(label);
  }
  return SeriesKey(url, std::string(base) + "_created", labels);
}

struct SeriesValue {
  const Sample* sample;
  std::optional<double> created;
};

// The counted (non-`_created`) series of a set that `selector` matches, by key.
std::map<std::string, SeriesValue> MatchingSeries(const ScrapeSet& set,
                                                  const promtext::Selector& selector) {
  std::map<std::string, SeriesValue> series;
  for (const EndpointScrape& endpoint : set.endpoints) {
    const promtext::Snapshot& snapshot = *endpoint.snapshot;
    std::map<std::string, double> created;
    for (const auto& family : snapshot.families) {
      for (const Sample& sample : family.samples) {
        if (EndsWith(sample.name, "_created")) {
          created[SeriesKey(endpoint.url, sample.name, sample.labels)] = sample.value;
        }
      }
    }
    for (const Sample* sample : promtext::Select(snapshot, selector)) {
      if (EndsWith(sample->name, "_created")) continue;
      const auto found = created.find(CreatedKey(endpoint.url, *sample));
      series[SeriesKey(endpoint.url, sample->name, sample->labels)] =
          SeriesValue{sample, found == created.end() ? std::nullopt : std::optional(found->second)};
    }
  }
  return series;
}

std::string SeriesAt(const Sample& sample, const std::string& key) {
  return SeriesText(sample.name, sample.labels) + " at " + key.substr(0, key.find('\x1e'));
}

// The increase of each series of `after`, and the resets seen on the way. The increases point
// into the storage of `after`'s snapshots.
struct SeriesDeltas {
  std::vector<Sample> increases;
  std::vector<std::string> resets;
};

Result<SeriesDeltas> ComputeSeriesDeltas(const ScrapeSet& before, const ScrapeSet& after,
                                         const promtext::Selector& selector) {
  for (const ScrapeSet* set : {&before, &after}) {
    const char* when = set == &before ? "before" : "after";
    for (const EndpointScrape& endpoint : set->endpoints) {
      if (!endpoint.snapshot.ok()) {
        return MakeError("scrape_failed", std::string("cannot compute ") + selector.ToString() +
                                              ": the scrape " + when +
                                              " failed: " + endpoint.snapshot.error().message);
      }
    }
  }
  const auto old_series = MatchingSeries(before, selector);
  const auto new_series = MatchingSeries(after, selector);
  if (old_series.empty() && new_series.empty()) {
    return MakeError("missing_metric", "no series matches " + selector.ToString() + " in " +
                                           std::to_string(after.endpoints.size()) +
                                           " scraped endpoint(s)");
  }
  SeriesDeltas deltas;
  for (const auto& [key, now] : new_series) {
    Sample increase = *now.sample;
    const auto old = old_series.find(key);
    if (std::isnan(now.sample->value) ||
        (old != old_series.end() && std::isnan(old->second.sample->value))) {
      return MakeError("bad_counter_value", SeriesAt(*now.sample, key) + " has the value NaN");
    }
    if (old != old_series.end()) {
      const double was = old->second.sample->value;
      if (now.sample->value < was) {
        deltas.resets.push_back(SeriesAt(*now.sample, key) + " decreased from " + ValueText(was) +
                                " to " + ValueText(now.sample->value));
      } else if (old->second.created.has_value() && now.created.has_value() &&
                 *old->second.created != *now.created) {
        deltas.resets.push_back(SeriesAt(*now.sample, key) + " was re-created (_created " +
                                ValueText(*old->second.created) + " -> " + ValueText(*now.created) +
                                ")");
      } else {
        increase.value = now.sample->value - was;
      }
    }
    deltas.increases.push_back(std::move(increase));
  }
  for (const auto& [key, old] : old_series) {
    if (!new_series.contains(key)) {
      deltas.resets.push_back(SeriesAt(*old.sample, key) + " vanished");
    }
  }
  return deltas;
}

std::string JoinResets(const std::vector<std::string>& resets) {
  std::string text = "counter reset: ";
  for (size_t i = 0; i < resets.size() && i < kMaxResetDetails; ++i) {
    if (i > 0) text += "; ";
    text += resets[i];
  }
  if (resets.size() > kMaxResetDetails) {
    text += "; and " + std::to_string(resets.size() - kMaxResetDetails) + " more series";
  }
  return text;
}

}  // namespace

Result<CounterDelta> DeltaOf(const ScrapeSet& before, const ScrapeSet& after,
                             const promtext::Selector& selector) {
  Result<SeriesDeltas> deltas = ComputeSeriesDeltas(before, after, selector);
  if (!deltas.ok()) return deltas.error();
  CounterDelta delta;
  for (const Sample& increase : deltas->increases) delta.value += increase.value;
  if (!deltas->resets.empty()) {
    delta.reset = true;
    delta.reset_detail = JoinResets(deltas->resets);
  }
  return delta;
}

Result<std::vector<promtext::Bucket>> BucketDelta(const ScrapeSet& before, const ScrapeSet& after,
                                                  const promtext::Selector& bucket_selector) {
  Result<SeriesDeltas> deltas = ComputeSeriesDeltas(before, after, bucket_selector);
  if (!deltas.ok()) return deltas.error();
  if (!deltas->resets.empty()) {
    return MakeError("counter_reset",
                     bucket_selector.ToString() + ": " + JoinResets(deltas->resets));
  }
  // The increases form a snapshot of their own, so bucket grouping and `le` parsing stay in
  // one place (promtext::CollectBuckets).
  promtext::SnapshotBuilder increases;
  increases.AddFamily(bucket_selector.metric_name(), promtext::MetricType::kHistogram);
  for (const Sample& increase : deltas->increases) increases.AddSample(increase);
  return promtext::CollectBuckets(std::move(increases).Build(), bucket_selector);
}

}  // namespace slogate::scrape
