#include "slogate/scrape/series_recorder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "slogate/common/quote.h"

namespace slogate::scrape {
namespace {

bool IsMerged(std::string_view label, const std::vector<std::string>& merged_labels) {
  return std::find(merged_labels.begin(), merged_labels.end(), label) != merged_labels.end();
}

// "<url>" or "<url> {a="b"}": the endpoint plus the labels that tell its sources apart.
std::string SourceName(const std::string& url, promtext::Labels labels,
                       const std::vector<std::string>& merged_labels) {
  promtext::LabelList kept;
  for (const promtext::Label& label : labels) {
    if (!IsMerged(label.name, merged_labels)) kept.push_back(label);
  }
  if (kept.empty()) return url;
  // Label values are the target's text: quoted, escaped and bounded, as every message quotes
  // it (a source name ends up in findings).
  std::string name = url + " {";
  for (size_t i = 0; i < kept.size(); ++i) {
    name += std::string(i == 0 ? "" : ",") + std::string(kept[i].name) + "=" +
            QuoteForMessage(kept[i].value);
  }
  return name + "}";
}

double Combine(double so_far, double value, Aggregation aggregation) {
  if (std::isnan(so_far)) return value;
  return aggregation == Aggregation::kMax ? std::max(so_far, value) : so_far + value;
}

}  // namespace

SeriesRecorder::SeriesRecorder(std::vector<SampledSelector> selectors, SamplerLimits limits)
    : limits_(limits) {
  tracks_.reserve(selectors.size());
  for (SampledSelector& selector : selectors) {
    Track track;
    track.sampled = std::move(selector);
    tracks_.push_back(std::move(track));
  }
}

std::vector<double> SeriesRecorder::BySource(const ScrapeSet& set, Track& track) const {
  std::vector<double> values(track.sources.size(), std::numeric_limits<double>::quiet_NaN());
  for (const EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) continue;
    for (const promtext::Sample* sample :
         promtext::Select(*endpoint.snapshot, track.sampled.selector)) {
      const std::string name =
          SourceName(endpoint.url, sample->labels, track.sampled.merged_labels);
      auto found = std::find(track.sources.begin(), track.sources.end(), name);
      if (found == track.sources.end()) {
        if (track.sources.size() >= limits_.max_sources) {
          track.sources_truncated = true;  // still counted in the aggregated value
          continue;
        }
        track.sources.push_back(name);
        values.push_back(std::numeric_limits<double>::quiet_NaN());
        found = track.sources.end() - 1;
      }
      double& value = values[static_cast<size_t>(found - track.sources.begin())];
      value = Combine(value, sample->value, track.sampled.aggregation);
    }
  }
  return values;
}

void SeriesRecorder::Record(const ScrapeSet& set) {
  const std::optional<Error> failure = FirstFailure(set);
  for (Track& track : tracks_) {
    SamplePoint point;
    point.at = set.taken_at;
    if (failure.has_value()) {
      point.error = failure->message;
    } else {
      point.value = AggregateAcross(set, track.sampled.selector, track.sampled.aggregation);
      if (point.value && !std::isfinite(*point.value)) {
        // No sum, maximum or difference can use it: the sample is unusable, not zero.
        point.value.reset();
        point.error = track.sampled.selector.ToString() +
                      ": the target exposed a non-finite value (NaN or infinity)";
      }
    }
    if (track.sampled.per_source) point.by_source = BySource(set, track);
    if (point.value) track.peak = std::max(track.peak.value_or(*point.value), *point.value);
    track.points.push_back(std::move(point));
    if (track.points.size() > limits_.max_points_per_series) {
      track.points.pop_front();
      ++track.dropped_points;
    }
  }
}

std::optional<double> SeriesRecorder::Peak(std::size_t index) const {
  return index < tracks_.size() ? tracks_[index].peak : std::nullopt;
}

void SeriesRecorder::ResetPeaks() {
  for (Track& track : tracks_) track.peak.reset();
}

std::vector<SampledSeries> SeriesRecorder::Series() const {
  std::vector<SampledSeries> series(tracks_.size());
  for (size_t i = 0; i < tracks_.size(); ++i) {
    const Track& track = tracks_[i];
    series[i].selector = track.sampled.selector.ToString();
    series[i].aggregation = track.sampled.aggregation;
    series[i].sources = track.sources;
    series[i].sources_truncated = track.sources_truncated;
    series[i].points.assign(track.points.begin(), track.points.end());
    series[i].dropped_points = track.dropped_points;
  }
  return series;
}

}  // namespace slogate::scrape
