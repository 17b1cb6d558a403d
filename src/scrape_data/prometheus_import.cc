#include "slogate/scrape/prometheus_import.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>

#include "slogate/common/units.h"
#include "slogate/scrape/series_text.h"

namespace slogate::scrape {
namespace {

using LabelPairs = std::vector<std::pair<std::string, std::string>>;

constexpr size_t kMaxNotesPerMetric = 3;

// Why a sample is stamped at no successful scrape of its target, and what settles it.
constexpr const char* kOffScrapeWhy =
    "): the target sets timestamps of its own, which Prometheus honours (set honor_timestamps: "
    "false for it), or the answers came from different Prometheus servers, an HA pair behind "
    "one URL (point PROMETHEUS_URL at one of them); when its values were read is unknown";

promtext::LabelList Views(const LabelPairs& labels, bool keep_instance) {
  promtext::LabelList views;
  for (const auto& [name, value] : labels) {
    if (name == "__name__" || (!keep_instance && name == "instance")) continue;
    views.push_back(promtext::Label{name, value});
  }
  return views;
}

// How a message names a series: `x_total{instance="10.0.0.7:8080",result="ok"}`.
std::string SeriesName(const PromSeries& series) {
  return SeriesText(series.Label("__name__"), Views(series.labels, /*keep_instance=*/true));
}

std::string SecondsText(std::chrono::nanoseconds duration) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f s", std::chrono::duration<double>(duration).count());
  return text;
}

std::string JoinNotes(const std::vector<std::string>& notes) {
  std::string text;
  for (size_t i = 0; i < notes.size() && i < kMaxNotesPerMetric; ++i) {
    text += (i == 0 ? "" : "; ") + notes[i];
  }
  if (notes.size() > kMaxNotesPerMetric) {
    text += "; and " + std::to_string(notes.size() - kMaxNotesPerMetric) + " more series";
  }
  return text;
}

promtext::MetricType FamilyType(std::string_view name) {
  if (name.ends_with("_total")) return promtext::MetricType::kCounter;
  // _bucket, _count and _sum are counters too, but belong to a histogram family that the
  // answer does not describe: untyped, as a 0.0.4 exposition without TYPE lines has them.
  return IsCounterName(name) ? promtext::MetricType::kUnknown : promtext::MetricType::kGauge;
}

std::string KeyOf(const LabelPairs& labels) {
  std::string key;
  for (const auto& [name, value] : labels) key += name + '\x1f' + value + '\x1e';
  return key;
}

}  // namespace

bool IsCounterName(std::string_view metric) {
  return metric.ends_with("_total") || metric.ends_with("_bucket") || metric.ends_with("_count") ||
         metric.ends_with("_sum");
}

RawSampleImport::RawSampleImport(WallTime started, WallTime ended,
                                 std::chrono::milliseconds scrape_interval, TargetScrapes targets)
    : started_(started),
      ended_(ended),
      scrape_interval_(scrape_interval),
      targets_(std::move(targets)),
      records_(IndexTargets(targets_, started)) {
  for (const auto& [endpoint, record] : records_) {
    const auto& points = record.up->points;
    const auto after = FirstAtOrAfter(points, ended_);
    if (after != points.end() && after->value == 1) continue;
    std::string note = "Prometheus could not scrape " + endpoint + " after the run ended (";
    note += after == points.end() ? "no sample of up since " +
                                        SecondsText(ended_ - points.back().at) + " before the end"
                                  : "up is " + ValueText(after->value) + " " +
                                        SecondsText(after->at - ended_) + " after the end";
    target_notes_.push_back(note + "), so what it counted since its last scrape is unknown");
  }
}

void RawSampleImport::Add(std::string_view metric, const std::vector<PromSeries>& series) {
  std::vector<std::string>& notes = notes_[std::string(metric)];
  for (const PromSeries& one : series) AddSeries(one, notes);
}

std::map<std::string, std::string, std::less<>> RawSampleImport::problems() const {
  std::map<std::string, std::string, std::less<>> problems;
  // An instance scraped as several targets, when it exposes what is read: its counters count
  // once per target.
  std::vector<std::string> target_notes = target_notes_;
  for (const auto& [endpoint, record] : records_) {
    const bool exposes =
        std::find(endpoints_.begin(), endpoints_.end(), endpoint) != endpoints_.end();
    if (std::string duplicated = record.Duplicated(endpoint); exposes && !duplicated.empty()) {
      target_notes.push_back(std::move(duplicated));
    }
  }
  for (const auto& [metric, notes] : notes_) {
    std::vector<std::string> all = target_notes;
    all.insert(all.end(), notes.begin(), notes.end());
    if (!all.empty()) problems.emplace(metric, JoinNotes(all));
  }
  return problems;
}

std::optional<RawSampleImport::Anchor> RawSampleImport::AnchorOf(const PromSeries& series,
                                                                 const std::string& endpoint,
                                                                 std::string& unknown) const {
  const auto& points = series.points;
  const auto record = records_.find(endpoint);
  if (record == records_.end()) {
    // Prometheus's record of its scrapes was read, but holds no target at this instance: its
    // `instance` was relabelled, or set by the target (honor_labels), and when its samples
    // were read cannot be told.
    if (!targets_.up.empty()) {
      unknown = "Prometheus holds no record of its scrapes of " + endpoint +
                " (no up with this instance)";
      return std::nullopt;
    }
    // No record read at all (an instant read, or the query failed, itself a problem): the
    // series' own last sample at or before the start.
    const auto first_after_start = FirstAtOrAfter(points, started_ + std::chrono::nanoseconds(1));
    if (first_after_start == points.begin()) {
      unknown = "Prometheus holds no record of its scrapes of " + endpoint + " (no up)";
      return std::nullopt;
    }
    return Anchor{(first_after_start - 1)->at, &*(first_after_start - 1)};
  }
  // The last successful scrape that ended by the start read its values before any of the
  // run's writes; a scrape stamped before the start may still have read them after it. (One
  // that failed since leaves a wider gap, which the reset check covers.)
  const PromPoint* scrape = record->second.LastSucceededBy(started_);
  if (scrape == nullptr) {
    unknown = "Prometheus has no successful scrape of " + endpoint +
              " known to have ended by the run's start";
    return std::nullopt;
  }
  // A series the scrape did not see was not exposed then (labelled series appear on first
  // use): it counts from 0.
  return Anchor{scrape->at, SampleAt(points, scrape->at)};
}

void RawSampleImport::AddSeries(const PromSeries& series, std::vector<std::string>& notes) {
  if (series.points.empty()) return;
  const std::string endpoint = EndpointOf(series);
  if (std::find(endpoints_.begin(), endpoints_.end(), endpoint) == endpoints_.end()) {
    endpoints_.push_back(endpoint);
  }
  const auto& points = series.points;
  if (const auto record = records_.find(endpoint); record != records_.end()) {
    const PromPoint* off = record->second.OffScrape(series, WallTime::min(), WallTime::max());
    if (off != nullptr) {
      notes.push_back(SeriesName(series) + " has a sample stamped at no successful scrape of " +
                      endpoint + " (" + SecondsText(off->at - started_) + kOffScrapeWhy);
      return;
    }
  }
  const std::string name(series.Label("__name__"));
  LabelPairs labels;
  for (const auto& label : series.labels) {
    if (label.first != "__name__" && label.first != "instance") labels.push_back(label);
  }
  const std::string key = KeyOf(labels);
  // First point at or after the end: stamped then, it was read after the run's last write.
  const auto after = FirstAtOrAfter(points, ended_);
  std::string unknown;
  const std::optional<Anchor> anchor = AnchorOf(series, endpoint, unknown);
  if (anchor.has_value() && anchor->sample != nullptr) {
    before_[endpoint][name][key] = Picked{labels, anchor->sample->value};
  } else if (!anchor.has_value() && IsCounterName(name)) {
    notes.push_back(unknown + ", so what " + SeriesName(series) +
                    " counted before the run is unknown");
  }
  if (after != points.end()) after_[endpoint][name][key] = Picked{labels, after->value};

  if (IsCounterName(name)) {
    // Every step from the anchor's scrape (or the first sample) to the "after" sample: a
    // decrease in it is a reset, even when the counter climbed back past its "before" value by
    // the end; a NaN hides whether there was one.
    const auto from =
        anchor.has_value() ? FirstAtOrAfter(points, anchor->scrape_at) : points.begin();
    const auto to = after == points.end() ? points.end() : after + 1;
    for (auto it = from; it != to; ++it) {
      if (std::isnan(it->value)) {
        notes.push_back("Prometheus holds a NaN sample of " + SeriesName(series) + " (" +
                        SecondsText(ended_ - it->at) + " before the end), so its count is unknown");
        break;
      }
      if (it + 1 != to && (it + 1)->value < it->value) {
        notes.push_back("Prometheus shows a counter reset of " + SeriesName(series) + " (from " +
                        ValueText(it->value) + " to " + ValueText((it + 1)->value) + ", " +
                        SecondsText(ended_ - (it + 1)->at) + " before the end)");
        break;
      }
    }
  }
  if (after == points.end()) {
    std::string note = "Prometheus has no sample of " + SeriesName(series) +
                       " after the run ended (its last is " +
                       SecondsText(ended_ - points.back().at) + " before the end";
    if (scrape_interval_.count() > 0) {
      note += "; scrape interval " +
              units::FormatDuration(std::chrono::duration<double>(scrape_interval_)) + "?";
    }
    notes.push_back(note + ")");
  }
}

ScrapeSet RawSampleImport::Build(const Side& side, WallTime at) const {
  std::vector<std::string> endpoints = endpoints_;
  std::sort(endpoints.begin(), endpoints.end());
  ScrapeSet set;
  set.taken_at = at;
  for (const std::string& endpoint : endpoints) {
    promtext::SnapshotBuilder builder;
    if (const auto found = side.find(endpoint); found != side.end()) {
      for (const auto& [name, samples] : found->second) {
        builder.AddFamily(name, FamilyType(name));
        for (const auto& [key, picked] : samples) {
          builder.AddSample(name, Views(picked.labels, false), picked.value);
        }
      }
    }
    EndpointScrape scrape;
    scrape.url = endpoint;
    scrape.taken_at = at;
    scrape.snapshot = std::move(builder).Build();
    set.endpoints.push_back(std::move(scrape));
  }
  return set;
}

ScrapeSet RawSampleImport::Before() const { return Build(before_, started_); }
ScrapeSet RawSampleImport::After() const { return Build(after_, ended_); }

namespace {

std::string Within(std::chrono::milliseconds window) {
  return " in the " + units::FormatDuration(std::chrono::duration<double>(window)) +
         " from this point";
}

// The time of the scrape of a target that a window's point is made of: its first scrape that
// started in [from, to), provided it succeeded and ended before `to`. Else why there is none.
Result<WallTime> ScrapeIn(const std::string& endpoint, const TargetRecord* target, bool exposes,
                          WallTime from, WallTime to, std::chrono::milliseconds window,
                          std::chrono::nanoseconds read_margin) {
  if (target == nullptr) {
    return MakeError("scrape_failed",
                     "Prometheus holds no record of its scrapes of " + endpoint + " (no up)");
  }
  if (std::string duplicated = target->Duplicated(endpoint); exposes && !duplicated.empty()) {
    return MakeError("scrape_failed", std::move(duplicated));
  }
  const auto& points = target->up->points;
  const auto first = FirstAtOrAfter(points, from);
  if (first == points.end() || first->at >= to) {
    return MakeError("scrape_failed", "Prometheus holds no scrape of " + endpoint + Within(window));
  }
  if (first->value != 1) {
    return MakeError("scrape_failed", "Prometheus could not scrape " + endpoint + Within(window) +
                                          " (up " + ValueText(first->value) + ")");
  }
  const std::optional<WallTime> ended = target->EndOf(first->at);
  if (!ended.has_value()) {
    return MakeError("scrape_failed",
                     "Prometheus holds no valid scrape_duration_seconds of its scrape of " +
                         endpoint + Within(window));
  }
  // The sample is stamped with the scrape's start; the target read its values during the
  // scrape. A scrape still running at `to` may have read them after the next point's time.
  if (*ended >= to - read_margin) {
    return MakeError("scrape_failed", "the scrape of " + endpoint + Within(window) +
                                          " ended after it, so its values may be later ones");
  }
  return first->at;
}

}  // namespace

SampledSeries ImportSampled(const SampledSelector& sampled, const std::vector<PromSeries>& raw,
                            const TargetScrapes& targets, WallTime start, WallTime end,
                            std::chrono::milliseconds window, const SamplerLimits& limits,
                            std::chrono::nanoseconds read_margin) {
  SeriesRecorder recorder({sampled}, limits);
  // Every endpoint: those with series of the metric and every target scraped since `start` (one
  // that has not exposed the metric yet may do so in any window; one gone before does not
  // count), sorted as RawSampleImport sorts them.
  std::map<std::string, std::vector<const PromSeries*>> series_of;
  const std::map<std::string, TargetRecord> target_of = IndexTargets(targets, start);
  for (const PromSeries& one : raw) series_of[EndpointOf(one)].push_back(&one);
  for (const auto& [endpoint, record] : target_of) series_of[endpoint];
  const std::string name = sampled.selector.metric_name();
  for (WallTime from = start; window.count() > 0 && end - from >= window; from += window) {
    ScrapeSet set;
    set.taken_at = from;
    for (const auto& [endpoint, series] : series_of) {
      EndpointScrape scrape;
      scrape.url = endpoint;
      scrape.taken_at = from;
      const auto record = target_of.find(endpoint);
      const TargetRecord* target = record == target_of.end() ? nullptr : &record->second;
      Result<WallTime> at =
          ScrapeIn(endpoint, target, !series.empty(), from, from + window, window, read_margin);
      // The values that scrape read: each series' sample stamped with its time (a series
      // without one was not exposed then, unless it carries timestamps of its own).
      promtext::SnapshotBuilder builder;
      builder.AddFamily(name, FamilyType(name));
      for (const PromSeries* one : series) {
        if (!at.ok()) break;
        if (target->OffScrape(*one, from, from + window) != nullptr) {
          at = MakeError("scrape_failed", SeriesName(*one) +
                                              " has a sample stamped at no successful scrape of " +
                                              endpoint + Within(window) + " (" + kOffScrapeWhy);
          break;
        }
        const PromPoint* point = SampleAt(one->points, *at);
        if (point == nullptr) continue;
        const std::string_view sample = one->Label("__name__");
        builder.AddSample(sample.empty() ? std::string_view(name) : sample,
                          Views(one->labels, false), point->value);
      }
      if (at.ok()) {
        scrape.snapshot = std::move(builder).Build();
      } else {
        scrape.snapshot = at.error();
      }
      set.endpoints.push_back(std::move(scrape));
    }
    recorder.Record(set);
  }
  return recorder.Series().front();
}

}  // namespace slogate::scrape
