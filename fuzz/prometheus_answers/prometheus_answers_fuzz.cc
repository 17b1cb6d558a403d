// Feeds arbitrary bytes, as the body of a Prometheus HTTP API answer, to the answer parsers and
// to the import that turns a query's series into before/after scrape sets and a sampled series.
//
// Checks: a parsed series has its points in strictly increasing time; an error is one of the
// two documented codes; every imported endpoint has a snapshot; a counter increase without a
// reset is never negative; the sampled series has one point per whole window, and a point
// has a value or an error, never both.
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "slogate/scrape/delta.h"
#include "slogate/scrape/prometheus_answer.h"
#include "slogate/scrape/prometheus_import.h"

namespace {

using slogate::fuzz::Require;
using namespace slogate::scrape;

constexpr std::string_view kSource = "fuzz";
constexpr size_t kMaxSteps = 50;
const TargetScrapes kNoTargets;

bool KnownError(const slogate::Error& error) {
  return error.code == "bad_prometheus_answer" || error.code == "prometheus_error";
}

void CheckImport(const std::vector<PromSeries>& series) {
  WallTime first = WallTime::max();
  WallTime last = WallTime::min();
  for (const PromSeries& one : series) {
    for (size_t i = 0; i < one.points.size(); ++i) {
      Require(i == 0 || one.points[i - 1].at < one.points[i].at);
      first = std::min(first, one.points[i].at);
      last = std::max(last, one.points[i].at);
    }
  }
  if (first > last) return;
  const WallTime started = first + (last - first) / 3;
  const WallTime ended = first + (last - first) / 3 * 2;
  std::optional<slogate::promtext::Selector> selector;
  if (!series.empty() && !series[0].Label("__name__").empty()) {
    auto parsed = slogate::promtext::Selector::Parse(series[0].Label("__name__"));
    if (parsed.ok()) selector = std::move(*parsed);
  }
  // Without a record of the scrapes, and with the answer itself as `up` and as the durations
  // (their values then decide which scrapes ended by the start, and which failed).
  const TargetScrapes as_targets{series, series};
  for (const TargetScrapes* targets : {&kNoTargets, &as_targets}) {
    RawSampleImport import(started, ended, std::chrono::seconds(1), *targets);
    import.Add("metric", series);
    (void)import.problems();
    const ScrapeSet before = import.Before();
    const ScrapeSet after = import.After();
    Require(before.endpoints.size() == after.endpoints.size());
    for (const ScrapeSet* set : {&before, &after}) {
      for (const EndpointScrape& endpoint : set->endpoints) Require(endpoint.snapshot.ok());
    }
    if (selector.has_value()) {
      auto delta = DeltaOf(before, after, *selector);
      if (delta.ok() && !delta->reset) Require(!(delta->value < 0));
    }
  }
  if (selector.has_value()) {
    SampledSelector sampled{*selector, Aggregation::kMax, true, {}};
    const auto step =
        std::max(std::chrono::duration_cast<std::chrono::milliseconds>((last - first) / kMaxSteps),
                 std::chrono::milliseconds(1));
    // One point per whole window from `first` to `last`, with no record of the targets'
    // scrapes, and with the same series read as their `up` and scrape durations (whose
    // values then decide which windows fail).
    const auto windows = static_cast<size_t>((last - first) / step);
    for (const TargetScrapes* targets : {&kNoTargets, &as_targets}) {
      const SampledSeries imported = ImportSampled(sampled, series, *targets, first, last, step);
      Require(imported.points.size() == windows);
      for (const SamplePoint& point : imported.points) {
        Require(!(point.value.has_value() && !point.error.empty()));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  PromAnswerLimits limits;
  limits.max_series = 64;
  limits.max_points_per_series = 1024;
  const auto series = ParsePromQueryAnswer(body, kSource, limits);
  if (series.ok()) {
    CheckImport(*series);
  } else {
    Require(KnownError(series.error()));
  }
  const auto targets = ParsePromTargetsAnswer(body, kSource, limits);
  if (targets.ok()) {
    for (const PromTarget& target : *targets) Require(target.scrape_interval.count() >= 0);
  } else {
    Require(KnownError(targets.error()));
  }
  return 0;
}
